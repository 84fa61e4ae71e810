// SPDX-License-Identifier: LGPL-3.0-or-later
#include "cpu_features.h"

#include <oneapi/dnnl/dnnl.hpp>

namespace bpgr::pf {

bool avx512_kernels_allowed() {
    constexpr unsigned kAvx512CoreBits = dnnl_cpu_isa_avx512_core;
    const unsigned isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           (isa & kAvx512CoreBits) == kAvx512CoreBits;
}

}  // namespace bpgr::pf
