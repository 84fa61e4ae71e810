#include "sps_compactor.h"

#include "bit_io.h"

namespace bpgr::enc {
namespace {

constexpr int kNalHeaderBytes = 2;
constexpr int kProfileTierLevelBits = 96;  // general part + level, no sub-layers
constexpr uint32_t kRequiredLog2MaxPocLsb = 8;
// Range-extension flags the BPG profile forbids (compact-header order).
constexpr int kExplicitRdpcm = 3;
constexpr int kExtendedPrecision = 4;
constexpr int kHighPrecisionOffsets = 6;
constexpr int kCabacBypassAlignment = 8;

bool fail(std::string *error, const std::string &what) {
    *error = "x265 SPS not representable in BPG: " + what;
    return false;
}

bool skip_vui(BitReader &br, std::string *error) {
    if (br.flag()) {  // aspect_ratio_info_present_flag
        if (br.u(8) == 255) br.u(32);  // EXTENDED_SAR: sar_width, sar_height
    }
    if (br.flag()) br.u(1);  // overscan_info_present_flag, overscan_appropriate_flag
    if (br.flag()) return fail(error, "VUI video_signal_type present");
    if (br.flag()) {  // chroma_loc_info_present_flag
        br.ue();
        br.ue();
    }
    br.u(3);  // neutral_chroma_indication, field_seq, frame_field_info_present
    if (br.flag()) return fail(error, "VUI default display window present");
    if (br.flag()) {  // vui_timing_info_present_flag
        br.u(32);
        br.u(32);
        if (br.flag()) br.ue();  // vui_num_ticks_poc_diff_one_minus1
        if (br.flag()) return fail(error, "VUI HRD parameters present");
    }
    if (br.flag()) {  // bitstream_restriction_flag
        br.u(3);
        for (int i = 0; i < 5; i++) br.ue();
    }
    return true;
}

}  // namespace

bool check_vps(const uint8_t *nal, size_t size, std::string *error) {
    if (size < kNalHeaderBytes + 1 || ((nal[0] >> 1) & 0x3F) != 32) {
        *error = "x265 output does not start with a VPS";
        return false;
    }
    if ((nal[kNalHeaderBytes] >> 4) != 0) return fail(error, "vps_video_parameter_set_id != 0");
    return true;
}

bool parse_sps(const uint8_t *nal, size_t size, CompactSps *sps, std::string *error) {
    if (size < kNalHeaderBytes + 1 || ((nal[0] >> 1) & 0x3F) != 33) {
        *error = "x265 output has no SPS after the VPS";
        return false;
    }
    const std::vector<uint8_t> rbsp = unescape_rbsp(nal + kNalHeaderBytes, size - kNalHeaderBytes);
    BitReader br(rbsp.data(), rbsp.size());
    if (br.u(4) != 0) return fail(error, "sps_video_parameter_set_id != 0");
    if (br.u(3) != 0) return fail(error, "sps_max_sub_layers_minus1 != 0");
    br.u(1);  // sps_temporal_id_nesting_flag
    for (int i = 0; i < kProfileTierLevelBits; i += 32) br.u(32);
    if (br.ue() != 0) return fail(error, "sps_seq_parameter_set_id != 0");
    if (br.ue() == 3) br.u(1);  // chroma_format_idc, separate_colour_plane_flag
    br.ue();                    // pic_width_in_luma_samples
    br.ue();                    // pic_height_in_luma_samples
    if (br.flag())              // conformance_window_flag: discarded
        for (int i = 0; i < 4; i++) br.ue();
    br.ue();  // bit_depth_luma_minus8
    br.ue();  // bit_depth_chroma_minus8
    if (br.ue() + 4 != kRequiredLog2MaxPocLsb) return fail(error, "log2_max_pic_order_cnt_lsb != 8");
    const bool ordering_for_all = br.flag();
    (void)ordering_for_all;  // one sub-layer: exactly one set either way
    br.ue();
    br.ue();
    br.ue();
    sps->log2_min_cb_minus3 = br.ue();
    sps->log2_diff_max_min_cb = br.ue();
    sps->log2_min_tb_minus2 = br.ue();
    sps->log2_diff_max_min_tb = br.ue();
    const uint32_t depth_inter = br.ue();
    sps->max_transform_hierarchy_depth_intra = br.ue();
    if (depth_inter != sps->max_transform_hierarchy_depth_intra)
        return fail(error, "max_transform_hierarchy_depth_inter != intra");
    if (br.flag()) return fail(error, "scaling lists enabled");
    if (!br.flag()) return fail(error, "AMP disabled");
    sps->sao = br.flag();
    sps->pcm = br.flag();
    if (sps->pcm) {
        sps->pcm_bit_depth_luma_minus1 = br.u(4);
        sps->pcm_bit_depth_chroma_minus1 = br.u(4);
        sps->log2_min_pcm_cb_minus3 = br.ue();
        sps->log2_diff_max_min_pcm_cb = br.ue();
        sps->pcm_loop_filter_disabled = br.flag();
    }
    if (br.ue() != 0) return fail(error, "short-term RPS in the SPS");
    if (br.flag()) return fail(error, "long-term reference pictures");
    if (!br.flag()) return fail(error, "temporal MVP disabled");
    sps->strong_intra_smoothing = br.flag();
    if (br.flag() && !skip_vui(br, error)) return false;
    sps->extension_present = br.flag();
    if (sps->extension_present) {
        sps->range_extension = br.flag();
        if (br.u(7) != 0) return fail(error, "SPS extensions other than range extensions");
        if (sps->range_extension) {
            for (bool &f : sps->range_flags) f = br.flag();
            if (sps->range_flags[kExplicitRdpcm] || sps->range_flags[kExtendedPrecision] ||
                sps->range_flags[kHighPrecisionOffsets] || sps->range_flags[kCabacBypassAlignment])
                return fail(error, "range extension tool outside the BPG profile");
        }
    }
    if (br.overrun()) {
        *error = "x265 SPS is truncated";
        return false;
    }
    return true;
}

std::vector<uint8_t> write_compact_sps(const CompactSps &sps) {
    BitWriter bw;
    bw.ue(sps.log2_min_cb_minus3);
    bw.ue(sps.log2_diff_max_min_cb);
    bw.ue(sps.log2_min_tb_minus2);
    bw.ue(sps.log2_diff_max_min_tb);
    bw.ue(sps.max_transform_hierarchy_depth_intra);
    bw.flag(sps.sao);
    bw.flag(sps.pcm);
    if (sps.pcm) {
        bw.u(sps.pcm_bit_depth_luma_minus1, 4);
        bw.u(sps.pcm_bit_depth_chroma_minus1, 4);
        bw.ue(sps.log2_min_pcm_cb_minus3);
        bw.ue(sps.log2_diff_max_min_pcm_cb);
        bw.flag(sps.pcm_loop_filter_disabled);
    }
    bw.flag(sps.strong_intra_smoothing);
    bw.flag(sps.extension_present);
    if (sps.extension_present) {
        bw.flag(sps.range_extension);
        bw.u(0, 7);
        if (sps.range_extension)
            for (bool f : sps.range_flags) bw.flag(f);
    }
    return bw.finish_zero_padded();
}

}  // namespace bpgr::enc
