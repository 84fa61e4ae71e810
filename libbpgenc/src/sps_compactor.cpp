#include "sps_compactor.h"

#include "bit_reader.h"
#include "hevc_nal.h"
#include "rbsp.h"

namespace bpgr::enc {
namespace {

constexpr int kProfileTierLevelBits = 96;  // general part + level, no sub-layers
constexpr uint32_t kRequiredLog2MaxPocLsb = 8;
// Range-extension flags the BPG profile forbids (compact-header order).
constexpr int kExplicitRdpcm = 3;
constexpr int kExtendedPrecision = 4;
constexpr int kHighPrecisionOffsets = 6;
constexpr int kCabacBypassAlignment = 8;

Status refuse(const char *what) {
    return make_error(StatusCode::kEncodeFailed, "x265 SPS not representable in BPG: %s", what);
}

Status skip_vui(BitReader &br) {
    if (br.read_flag()) {  // aspect_ratio_info_present_flag
        if (br.read_bits(8) == 255) br.read_bits(32);  // EXTENDED_SAR: sar_width, sar_height
    }
    if (br.read_flag()) br.read_bits(1);  // overscan_info_present_flag, overscan_appropriate_flag
    if (br.read_flag()) return refuse("VUI video_signal_type present");
    if (br.read_flag()) {  // chroma_loc_info_present_flag
        br.read_ue();
        br.read_ue();
    }
    br.read_bits(3);  // neutral_chroma_indication, field_seq, frame_field_info_present
    if (br.read_flag()) return refuse("VUI default display window present");
    if (br.read_flag()) {  // vui_timing_info_present_flag
        br.read_bits(32);
        br.read_bits(32);
        if (br.read_flag()) br.read_ue();  // vui_num_ticks_poc_diff_one_minus1
        if (br.read_flag()) return refuse("VUI HRD parameters present");
    }
    if (br.read_flag()) {  // bitstream_restriction_flag
        br.read_bits(3);
        for (int i = 0; i < 5; i++) br.read_ue();
    }
    return Status{};
}

}  // namespace

Status check_vps(const uint8_t *nal, size_t size) {
    if (size < kNalHeaderBytes + 1 || nal_type(nal) != kNalVps)
        return make_error(StatusCode::kEncodeFailed, "x265 output does not start with a VPS");
    if ((nal[kNalHeaderBytes] >> 4) != 0) return refuse("vps_video_parameter_set_id != 0");
    return Status{};
}

Status parse_sps(const uint8_t *nal, size_t size, CompactSps *sps) {
    if (size < kNalHeaderBytes + 1 || nal_type(nal) != kNalSps)
        return make_error(StatusCode::kEncodeFailed, "x265 output has no SPS after the VPS");
    const std::vector<uint8_t> rbsp = unescape_rbsp(nal + kNalHeaderBytes, size - kNalHeaderBytes);
    BitReader br(rbsp.data(), rbsp.size());
    if (br.read_bits(4) != 0) return refuse("sps_video_parameter_set_id != 0");
    if (br.read_bits(3) != 0) return refuse("sps_max_sub_layers_minus1 != 0");
    br.read_bits(1);  // sps_temporal_id_nesting_flag
    for (int i = 0; i < kProfileTierLevelBits; i += 32) br.read_bits(32);
    if (br.read_ue() != 0) return refuse("sps_seq_parameter_set_id != 0");
    if (br.read_ue() == 3) br.read_bits(1);  // chroma_format_idc, separate_colour_plane_flag
    br.read_ue();                    // pic_width_in_luma_samples
    br.read_ue();                    // pic_height_in_luma_samples
    if (br.read_flag())              // conformance_window_flag: discarded
        for (int i = 0; i < 4; i++) br.read_ue();
    br.read_ue();  // bit_depth_luma_minus8
    br.read_ue();  // bit_depth_chroma_minus8
    if (br.read_ue() + 4 != kRequiredLog2MaxPocLsb) return refuse("log2_max_pic_order_cnt_lsb != 8");
    const bool ordering_for_all = br.read_flag();
    (void)ordering_for_all;  // one sub-layer: exactly one set either way
    br.read_ue();
    br.read_ue();
    br.read_ue();
    sps->log2_min_cb_minus3 = br.read_ue();
    sps->log2_diff_max_min_cb = br.read_ue();
    sps->log2_min_tb_minus2 = br.read_ue();
    sps->log2_diff_max_min_tb = br.read_ue();
    const uint32_t depth_inter = br.read_ue();
    sps->max_transform_hierarchy_depth_intra = br.read_ue();
    if (depth_inter != sps->max_transform_hierarchy_depth_intra)
        return refuse("max_transform_hierarchy_depth_inter != intra");
    if (br.read_flag()) return refuse("scaling lists enabled");
    if (!br.read_flag()) return refuse("AMP disabled");
    sps->sao = br.read_flag();
    sps->pcm = br.read_flag();
    if (sps->pcm) {
        sps->pcm_bit_depth_luma_minus1 = br.read_bits(4);
        sps->pcm_bit_depth_chroma_minus1 = br.read_bits(4);
        sps->log2_min_pcm_cb_minus3 = br.read_ue();
        sps->log2_diff_max_min_pcm_cb = br.read_ue();
        sps->pcm_loop_filter_disabled = br.read_flag();
    }
    if (br.read_ue() != 0) return refuse("short-term RPS in the SPS");
    if (br.read_flag()) return refuse("long-term reference pictures");
    if (!br.read_flag()) return refuse("temporal MVP disabled");
    sps->strong_intra_smoothing = br.read_flag();
    if (br.read_flag()) BPGR_RETURN_IF_ERROR(skip_vui(br));
    sps->extension_present = br.read_flag();
    if (sps->extension_present) {
        sps->range_extension = br.read_flag();
        if (br.read_bits(7) != 0) return refuse("SPS extensions other than range extensions");
        if (sps->range_extension) {
            for (bool &f : sps->range_flags) f = br.read_flag();
            if (sps->range_flags[kExplicitRdpcm] || sps->range_flags[kExtendedPrecision] ||
                sps->range_flags[kHighPrecisionOffsets] || sps->range_flags[kCabacBypassAlignment])
                return refuse("range extension tool outside the BPG profile");
        }
    }
    if (br.overrun()) return make_error(StatusCode::kEncodeFailed, "x265 SPS is truncated");
    return Status{};
}

}  // namespace bpgr::enc
