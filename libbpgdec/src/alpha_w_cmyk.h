// What follows the colour matrix on the planar R/G/B(/A) arrays of a chunk:
// alpha scaling and un-premultiplication (bpg-format.md 5.6), the W plane
// and the CMYK inversion (5.7).
#pragma once

#include <cstdint>

#include "color_matrix.h"
#include "convert_kernel_common.h"

namespace bpgr::kernels {

// 5.6: alpha sample -> output precision. For 8-bit output of 8-bit pictures
// the reference copies the sample; the scale formula would give the same.
BPGR_INLINE void scale_alpha(const ConversionConstants &k, bool copy, const uint16_t *alpha_row,
                             int n, int32_t *a) {
    if (copy) {
        for (int x = 0; x < n; ++x) a[x] = alpha_row[x];
        return;
    }
    const uint32_t c_one = static_cast<uint32_t>(k.c_one), c_rnd = static_cast<uint32_t>(k.c_rnd);
    for (int x = 0; x < n; ++x)
        a[x] = static_cast<int32_t>((alpha_row[x] * c_one + c_rnd) >> k.c_shift);
}

// 5.6: un-premultiply in place at output precision (unsigned 32-bit math).
template <int kOutBits>
BPGR_INLINE void unpremultiply(const int32_t *a, int n, int32_t *r, int32_t *g, int32_t *b) {
    constexpr uint32_t kMax = (1u << kOutBits) - 1;
    constexpr int kFrac = kOutBits == 8 ? 16 : 15;
    constexpr uint32_t kRound = 1u << (kFrac - 1);
    for (int x = 0; x < n; ++x) {
        uint32_t alpha = static_cast<uint32_t>(a[x]);
        if (alpha == 0) {
            r[x] = g[x] = b[x] = static_cast<int32_t>(kMax);
            continue;
        }
        uint32_t inv = kOutBits == 8 ? ((kMax << 16) + alpha / 2 + 128) / alpha
                                     : ((kMax << 15) + alpha / 2) / alpha;
        int32_t *comps[3] = {r, g, b};
        for (int32_t *c : comps) {
            uint32_t v = static_cast<uint32_t>(c[x]);
            c[x] = static_cast<int32_t>(v >= alpha ? kMax : (v * inv + kRound) >> kFrac);
        }
    }
}

// 5.7 case 2: multiply by the raw W sample.
BPGR_INLINE void apply_w_plane(const uint16_t *w_row, int bit_depth, int n, int32_t *r, int32_t *g,
                               int32_t *b) {
    const int32_t rnd = 1 << (bit_depth - 1);
    for (int x = 0; x < n; ++x) {
        int32_t w = w_row[x];
        r[x] = (r[x] * w + rnd) >> bit_depth;
        g[x] = (g[x] * w + rnd) >> bit_depth;
        b[x] = (b[x] * w + rnd) >> bit_depth;
    }
}

// 5.7 case 1 (CMYK output): C, M, Y are the inverted R, G, B.
BPGR_INLINE void invert_rgb(int32_t max_out, int n, int32_t *r, int32_t *g, int32_t *b) {
    for (int x = 0; x < n; ++x) {
        r[x] = max_out - r[x];
        g[x] = max_out - g[x];
        b[x] = max_out - b[x];
    }
}

// A constant fourth component (opaque alpha, or K = 0).
BPGR_INLINE void fill(int32_t value, int n, int32_t *a) {
    for (int x = 0; x < n; ++x) a[x] = value;
}

}  // namespace bpgr::kernels
