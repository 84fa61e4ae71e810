// BPG file assembly (format doc 1, 3.2, 4.2, 8.5): header, ue7 fields,
// extension records, compact headers and the interleaved NAL data.
#pragma once

#include <cstdint>
#include <vector>

#include "hevc_encode_x265.h"

namespace bpgr::enc {

void append_ue7(uint32_t value, std::vector<uint8_t> *out);

struct ExtensionRecord {
    uint32_t tag = 0;
    std::vector<uint8_t> payload;
};

struct ContainerHeader {
    int pixel_format = 1;      // raw header value 0..5
    bool alpha1 = false;
    bool alpha2 = false;
    int bit_depth = 8;
    int color_space = 0;
    bool limited_range = false;
    bool animated = false;
    uint32_t width = 0, height = 0;
    // Animation control (written first when animated).
    uint16_t loop_count = 0;
    uint16_t frame_period_num = 1;
    uint16_t frame_period_den = 25;
};

// Interleaves the NAL units that follow each stream's VPS/SPS: per frame,
// alpha NAL, colour NAL, alpha NAL, ... (alpha first); alpha NALs get
// nuh_layer_id 1, and colour frame n gets a frame-duration SEI before its
// first slice when durations[n] > 1. The first start code is dropped.
std::vector<uint8_t> build_hevc_data(const std::vector<NalUnit> &color_nals,
                                     const std::vector<NalUnit> *alpha_nals,
                                     const std::vector<uint16_t> &durations);

std::vector<uint8_t> write_container(const ContainerHeader &header,
                                     const std::vector<ExtensionRecord> &metadata,
                                     const std::vector<uint8_t> *alpha_compact_sps,
                                     const std::vector<uint8_t> &color_compact_sps,
                                     const std::vector<uint8_t> &hevc_data);

}  // namespace bpgr::enc
