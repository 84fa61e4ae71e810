// Section 5.2's constants (IEEE double, lrint ties-to-even) and the choice of
// matrix.
#include "color_matrix.h"

#include <cmath>

#include "bpgr/format.h"
#include "color_space_weights.h"

namespace bpgr {

ConversionConstants compute_conversion_constants(int bit_depth, bool limited_range, int color_space,
                                                 bool out_16bit) {
    ConversionConstants k{};
    k.out_bits = out_16bit ? 16 : 8;
    k.c_shift = 30 - k.out_bits;
    k.max_out = (1 << k.out_bits) - 1;
    k.max_in = (1 << bit_depth) - 1;
    // Evaluated in double, left to right, as the reference does (5.2).
    const double scaled_max = static_cast<double>(k.max_out) * static_cast<double>(1 << k.c_shift);
    const double mult = scaled_max / k.max_in;
    double mult_y = mult, mult_c = mult;
    if (limited_range) {
        mult_y = scaled_max / (219 << (bit_depth - 8));
        mult_c = scaled_max / (224 << (bit_depth - 8));
    }
    if (is_ycbcr_color_space(color_space)) {
        const LumaWeights w = ycbcr_luma_weights(color_space);
        const double kr = w.kr, kb = w.kb;
        k.c_r_cr = static_cast<int32_t>(std::lrint(2 * (1 - kr) * mult_c));
        k.c_g_cb = static_cast<int32_t>(std::lrint(2 * kb * (1 - kb) / (1 - kb - kr) * mult_c));
        k.c_g_cr = static_cast<int32_t>(std::lrint(2 * kr * (1 - kr) / (1 - kb - kr) * mult_c));
        k.c_b_cb = static_cast<int32_t>(std::lrint(2 * (1 - kb) * mult_c));
    }
    k.c_one = static_cast<int32_t>(std::lrint(mult));
    k.c_rnd = 1 << (k.c_shift - 1);
    k.c_center = 1 << (bit_depth - 1);
    if (limited_range) {
        k.y_one = static_cast<int32_t>(std::lrint(mult_y));
        k.y_offset = k.c_rnd - (16 << (bit_depth - 8)) * k.y_one;
    } else {
        k.y_one = k.c_one;
        k.y_offset = k.c_rnd;
    }
    return k;
}

namespace kernels {

MatrixKind matrix_kind(int chroma_format, int color_space) {
    if (chroma_format == 0) return kMatrixGray;
    if (color_space == BPGR_CS_RGB) return kMatrixRgb;
    if (color_space == BPGR_CS_YCGCO) return kMatrixYCgCo;
    return kMatrixYCbCr;
}

}  // namespace kernels

}  // namespace bpgr
