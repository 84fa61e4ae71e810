// SPDX-License-Identifier: LGPL-3.0-or-later
#include "cpu_features.h"

#include <oneapi/dnnl/dnnl.hpp>

#include "x86/amx_tiles.h"

namespace bpgr::pf {

bool avx512_kernels_allowed() {
    constexpr unsigned kAvx512CoreBits = dnnl_cpu_isa_avx512_core;
    const unsigned isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           (isa & kAvx512CoreBits) == kAvx512CoreBits;
}

bool amx_int8_kernels_allowed() {
    constexpr unsigned kAmxBits = dnnl_cpu_isa_avx512_core_amx;
    const unsigned isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
    if (!__builtin_cpu_supports("amx-tile") || !__builtin_cpu_supports("amx-int8") ||
        !__builtin_cpu_supports("avx512bw") || (isa & kAmxBits) != kAmxBits)
        return false;
    return amx_tiles_permitted();
}

}  // namespace bpgr::pf
