// Turns x265's VPS + SPS into BPG's compact hevc_header (format doc 1.11,
// 8.5), refusing any SPS the BPG decoder could not reproduce.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bpgr::enc {

// The fields of an SPS that the compact header carries.
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
    bool range_flags[9] = {};  // in compact-header order
};

// nal: VPS NAL unit without start code (2-byte header + escaped payload).
bool check_vps(const uint8_t *nal, size_t size, std::string *error);
// nal: SPS NAL unit without start code. Fills *sps or explains the refusal.
bool parse_sps(const uint8_t *nal, size_t size, CompactSps *sps, std::string *error);
// The hevc_header bits, zero-padded to a byte (without the ue7 length).
std::vector<uint8_t> write_compact_sps(const CompactSps &sps);

}  // namespace bpgr::enc
