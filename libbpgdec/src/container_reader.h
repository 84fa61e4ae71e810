// BPG container: bytes -> header, extension records, compact HEVC headers
// and the offset of the HEVC data. Knows nothing of libde265.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bpgr/decoder.h"
#include "status_internal.h"

namespace bpgr {

// The compact SPS of one HEVC stream (bpg-format.md 1.11).
struct CompactSps {
    uint32_t log2_min_cb_minus3 = 0;
    uint32_t log2_diff_max_min_cb = 0;
    uint32_t log2_min_tb_minus2 = 0;
    uint32_t log2_diff_max_min_tb = 0;
    uint32_t max_transform_hierarchy_depth_intra = 0;
    bool sao = false;
    bool pcm = false;
    uint32_t pcm_bit_depth_luma_minus1 = 0;
    uint32_t pcm_bit_depth_chroma_minus1 = 0;
    uint32_t log2_min_pcm_cb_minus3 = 0;
    uint32_t log2_diff_max_min_pcm_cb = 0;
    bool pcm_loop_filter_disabled = false;
    bool strong_intra_smoothing = false;
    bool extension_present = false;
    bool range_extension = false;
    // transform_skip_rotation .. cabac_bypass_alignment, in header order.
    bool range_flags[9] = {};

    uint32_t min_cb_size() const { return 1u << (log2_min_cb_minus3 + 3); }
};

struct ExtensionRecord {
    uint32_t tag;
    size_t offset;  // into the parsed buffer
    size_t size;
};

struct BpgHeader {
    uint8_t pixel_format = 0;  // raw 0..5
    bool alpha1 = false;
    bool alpha2 = false;
    uint8_t bit_depth = 8;
    uint8_t color_space = 0;
    bool has_extensions = false;
    bool limited_range = false;
    bool animation = false;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t picture_data_length = 0;
    uint16_t loop_count = 0;
    uint16_t frame_period_num = 0;
    uint16_t frame_period_den = 0;
    std::vector<ExtensionRecord> extensions;  // only when parsed
    bool has_extra_plane() const { return alpha1 || alpha2; }
    bool has_alpha() const { return alpha1; }
    bool has_w_plane() const { return !alpha1 && alpha2; }
    int chroma_format_idc() const { return pixel_format == 4 ? 1 : pixel_format == 5 ? 2 : pixel_format; }
    int chroma_phase() const { return pixel_format >= 4 ? 0 : 1; }
    CompactSps alpha_sps;   // valid when has_extra_plane()
    CompactSps color_sps;
    size_t hevc_data_offset = 0;
};

enum class ParseDepth {
    kSize,      // magic .. width/height (libbpg's get_info_from_buf without list)
    kExtensions,  // .. the extension block (libbpg's get_info_from_buf with list)
    kHeaders,     // everything up to the HEVC data
};

// Parses the container. `keep_extensions` parses and validates the records
// (always done for animations). `limits` may be NULL (no bpgr limits; the
// reference's own checks still apply).
Status parse_container(const uint8_t *data, size_t size, ParseDepth depth, bool keep_extensions,
                       const bpgr_limits *limits, BpgHeader &header);

}  // namespace bpgr
