// The luma weights Kr and Kb of BPG's YCbCr colour spaces (bpg-format.md
// section 5.2: BT.601, BT.709, BT.2020), the values libbpg 0.9.8 uses in
// both directions: the decoder's YCbCr -> RGB matrix (libbpgdec
// color_matrix) and the encoder's RGB -> YCbCr matrix (libbpgenc
// rgb_to_ycbcr) are built from them.
#pragma once

#include "bpgr/format.h"

namespace bpgr {

struct LumaWeights {
    double kr, kb;
};

// BPGR_CS_YCBCR, BPGR_CS_YCBCR_BT709 or BPGR_CS_YCBCR_BT2020.
constexpr bool is_ycbcr_color_space(int color_space) {
    return color_space == BPGR_CS_YCBCR || color_space == BPGR_CS_YCBCR_BT709 ||
           color_space == BPGR_CS_YCBCR_BT2020;
}

// Kr, Kb of a YCbCr colour space; BT.601's for any other value.
constexpr LumaWeights ycbcr_luma_weights(int color_space) {
    switch (color_space) {
    case BPGR_CS_YCBCR_BT709: return {0.2126, 0.0722};
    case BPGR_CS_YCBCR_BT2020: return {0.2627, 0.0593};
    default: return {0.299, 0.114};
    }
}

}  // namespace bpgr
