// BPG's hevc_data from the two x265 streams (format doc 3.2, 4.2): the NAL
// units after each stream's VPS/SPS, interleaved frame by frame.
#pragma once

#include <cstdint>
#include <vector>

#include "hevc_encode_x265.h"

namespace bpgr::enc {

// Interleaves the NAL units that follow each stream's VPS/SPS: per frame,
// alpha NAL, colour NAL, alpha NAL, ... (alpha first); alpha NALs get
// nuh_layer_id 1, and colour frame n gets a frame-duration SEI before its
// first slice when durations[n] > 1. The first start code is dropped.
std::vector<uint8_t> build_hevc_data(const std::vector<NalUnit> &color_nals,
                                     const std::vector<NalUnit> *alpha_nals,
                                     const std::vector<uint16_t> &durations);

}  // namespace bpgr::enc
