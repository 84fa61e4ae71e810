// The compact SPS of one HEVC stream (bpg-format.md 1.11): the SPS fields a
// BPG file stores, read from and written to the hevc_header bits.
#pragma once

#include <cstdint>
#include <vector>

#include "bpgr_common/status.h"
#include "byte_reader.h"

namespace bpgr {

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

bool operator==(const CompactSps &a, const CompactSps &b);
inline bool operator!=(const CompactSps &a, const CompactSps &b) { return !(a == b); }

// Reads hevc_header_length (ue7) and the hevc_header after it, and checks
// the block sizes any HEVC decoder would reject (CB 8..64, TB 4..32), so a
// parameter set synthesized from it is well-formed. `which` ("alpha",
// "color") names the header in messages.
Status read_compact_sps(ByteReader &reader, const char *which, CompactSps &sps);

// The hevc_header bits, zero-padded to a byte (without the ue7 length).
std::vector<uint8_t> write_compact_sps(const CompactSps &sps);

}  // namespace bpgr
