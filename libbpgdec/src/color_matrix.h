// The colour matrices of bpg-format.md section 5: the integer constants
// (5.2, computed once per picture) and their application to one chunk of
// pixels (5.5, with the 32-bit wrap-around of 5.8), bit-exact with libbpg 0.9.8.
#pragma once

#include <cstdint>

#include "convert_kernel_common.h"

namespace bpgr {

// Integer constants of section 5.2 (Appendix A lists every case).
// The four matrix coefficients are 0 unless the colour space is YCbCr.
struct ConversionConstants {
    int out_bits;  // 8 or 16
    int c_shift;   // 30 - out_bits
    int32_t max_out;
    int32_t max_in;
    int32_t c_one;  // full-range scale, also the alpha scale
    int32_t y_one;
    int32_t y_offset;
    int32_t c_rnd;
    int32_t c_center;
    int32_t c_r_cr, c_g_cb, c_g_cr, c_b_cb;
};

// Computes the section 5.2 constants (IEEE double, lrint ties-to-even).
// color_space only matters for the YCbCr coefficients (0, 3, 4).
ConversionConstants compute_conversion_constants(int bit_depth, bool limited_range, int color_space,
                                                 bool out_16bit);

namespace kernels {

enum MatrixKind { kMatrixYCbCr, kMatrixRgb, kMatrixYCgCo, kMatrixGray };

// Which matrix a picture uses: gray (chroma_format 0), else by colour space.
MatrixKind matrix_kind(int chroma_format, int color_space);

// Colour matrix of 5.5 on n pixels. The sums are evaluated modulo 2^32
// (unsigned arithmetic), then reinterpreted as int32: this is the wrap-around
// of the reference's 32-bit int expressions (5.8).
template <int kMatrix, int kShift>
BPGR_INLINE void apply_matrix(const ConversionConstants &k, const uint16_t *y_row,
                              const uint16_t *c1_row, const uint16_t *c2_row, int n, int32_t *r,
                              int32_t *g, int32_t *b) {
    const uint32_t y_one = static_cast<uint32_t>(k.y_one);
    const uint32_t y_offset = static_cast<uint32_t>(k.y_offset);
    const int32_t center = k.c_center;
    const int32_t max_out = k.max_out;
    if constexpr (kMatrix == kMatrixYCbCr) {
        const uint32_t c_r_cr = k.c_r_cr, c_g_cb = k.c_g_cb, c_g_cr = k.c_g_cr, c_b_cb = k.c_b_cb;
        for (int x = 0; x < n; ++x) {
            uint32_t u = static_cast<uint32_t>(c1_row[x] - center);
            uint32_t v = static_cast<uint32_t>(c2_row[x] - center);
            uint32_t base = y_row[x] * y_one + y_offset;
            r[x] = clamp_i32(static_cast<int32_t>(base + c_r_cr * v) >> kShift, max_out);
            g[x] =
                clamp_i32(static_cast<int32_t>(base - c_g_cb * u - c_g_cr * v) >> kShift, max_out);
            b[x] = clamp_i32(static_cast<int32_t>(base + c_b_cb * u) >> kShift, max_out);
        }
    } else if constexpr (kMatrix == kMatrixYCgCo) {
        for (int x = 0; x < n; ++x) {
            int32_t yv = y_row[x];
            int32_t u = c1_row[x] - center;  // Cg
            int32_t v = c2_row[x] - center;  // Co
            uint32_t rs = static_cast<uint32_t>(yv - u + v) * y_one + y_offset;
            uint32_t gs = static_cast<uint32_t>(yv + u) * y_one + y_offset;
            uint32_t bs = static_cast<uint32_t>(yv - u - v) * y_one + y_offset;
            r[x] = clamp_i32(static_cast<int32_t>(rs) >> kShift, max_out);
            g[x] = clamp_i32(static_cast<int32_t>(gs) >> kShift, max_out);
            b[x] = clamp_i32(static_cast<int32_t>(bs) >> kShift, max_out);
        }
    } else if constexpr (kMatrix == kMatrixRgb) {
        // plane 0 = G, plane 1 = B, plane 2 = R
        for (int x = 0; x < n; ++x) {
            r[x] = clamp_i32(static_cast<int32_t>(c2_row[x] * y_one + y_offset) >> kShift, max_out);
            g[x] = clamp_i32(static_cast<int32_t>(y_row[x] * y_one + y_offset) >> kShift, max_out);
            b[x] = clamp_i32(static_cast<int32_t>(c1_row[x] * y_one + y_offset) >> kShift, max_out);
        }
    } else {
        for (int x = 0; x < n; ++x) {
            int32_t v =
                clamp_i32(static_cast<int32_t>(y_row[x] * y_one + y_offset) >> kShift, max_out);
            r[x] = v;
            g[x] = v;
            b[x] = v;
        }
    }
}

template <int kShift>
BPGR_INLINE void apply_matrix_kind(int kind, const ConversionConstants &k, const uint16_t *y_row,
                                   const uint16_t *c1_row, const uint16_t *c2_row, int n,
                                   int32_t *r, int32_t *g, int32_t *b) {
    switch (kind) {
        case kMatrixYCbCr:
            apply_matrix<kMatrixYCbCr, kShift>(k, y_row, c1_row, c2_row, n, r, g, b);
            break;
        case kMatrixRgb:
            apply_matrix<kMatrixRgb, kShift>(k, y_row, c1_row, c2_row, n, r, g, b);
            break;
        case kMatrixYCgCo:
            apply_matrix<kMatrixYCgCo, kShift>(k, y_row, c1_row, c2_row, n, r, g, b);
            break;
        default:
            apply_matrix<kMatrixGray, kShift>(k, y_row, c1_row, c2_row, n, r, g, b);
            break;
    }
}

}  // namespace kernels

}  // namespace bpgr
