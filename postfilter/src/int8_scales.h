// The int8 quantization scales, one definition for the oneDNN blocks
// (block_builder_int8) and the AMX blocks (x86/amx_blocks), which must agree exactly:
// per-layer activation scales from the calibrated ranges, per-output-channel
// weight scales from the weights.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_INT8_SCALES_H
#define BPGR_POSTFILTER_INT8_SCALES_H

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bpgr::pf {

constexpr float kInt8SignedMax = 127.0f;    // s8: h, weights
constexpr float kInt8UnsignedMax = 255.0f;  // u8: the wide activation after ReLU

// q_max / range_max; 1 for an all-zero range.
inline float safe_scale(float range_max, float q_max) { return range_max > 1e-30f ? q_max / range_max : 1.0f; }

// Per output channel of OIHW weights: 127 / max |w|.
inline std::vector<float> weight_scales(const std::vector<float> &weights, uint32_t out_channels) {
    const size_t per_oc = weights.size() / out_channels;
    std::vector<float> scales(out_channels);
    for (uint32_t oc = 0; oc < out_channels; ++oc) {
        float m = 0.0f;
        for (size_t i = 0; i < per_oc; ++i) m = std::max(m, std::fabs(weights[oc * per_oc + i]));
        scales[oc] = safe_scale(m, kInt8SignedMax);
    }
    return scales;
}

}  // namespace bpgr::pf

#endif
