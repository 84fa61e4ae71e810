// Output packers: planar R/G/B(/A) int32 arrays -> interleaved 8- or 16-bit
// pixels (RGB24, RGBA32, RGB48, RGBA64, CMYK32, CMYK64).
#pragma once

#include <cstdint>

#include "convert_kernel_common.h"

namespace bpgr::kernels {

template <typename OutT, int kComps>
BPGR_INLINE void interleave(const int32_t *r, const int32_t *g, const int32_t *b, const int32_t *a,
                            int n, OutT *dst) {
    for (int x = 0; x < n; ++x) {
        dst[kComps * x] = static_cast<OutT>(r[x]);
        dst[kComps * x + 1] = static_cast<OutT>(g[x]);
        dst[kComps * x + 2] = static_cast<OutT>(b[x]);
        if constexpr (kComps == 4) dst[kComps * x + 3] = static_cast<OutT>(a[x]);
    }
}

}  // namespace bpgr::kernels
