#include "hevc_stream_builder.h"

#include "bit_writer.h"
#include "rbsp.h"

namespace bpgr {

namespace {

void put_nal_header(BitWriter &w, int type) {
    w.put_bits(0, 1);                           // forbidden_zero_bit
    w.put_bits(static_cast<uint32_t>(type), 6);
    w.put_bits(0, 6);                           // nuh_layer_id
    w.put_bits(1, 3);                           // nuh_temporal_id_plus1
}

void put_profile_tier_level(BitWriter &w) {
    constexpr uint32_t kProfileRext = 4;
    constexpr uint32_t kLevelIdc = 255;
    w.put_bits(0, 2);                     // general_profile_space
    w.put_bits(0, 1);                     // general_tier_flag
    w.put_bits(kProfileRext, 5);          // general_profile_idc
    w.put_bits(1u << (31 - kProfileRext), 32);  // compatibility flag [4]
    w.put_bits(1, 1);                     // progressive_source
    w.put_bits(0, 1);                     // interlaced_source
    w.put_bits(0, 1);                     // non_packed_constraint
    w.put_bits(1, 1);                     // frame_only_constraint
    w.put_bits(0, 32);                    // 44 reserved / constraint bits
    w.put_bits(0, 12);
    w.put_bits(kLevelIdc, 8);
}

}  // namespace

NalBytes make_vps() {
    BitWriter w;
    put_nal_header(w, kNalVps);
    w.put_bits(0, 4);       // vps_video_parameter_set_id
    w.put_bits(1, 1);       // vps_base_layer_internal_flag
    w.put_bits(1, 1);       // vps_base_layer_available_flag
    w.put_bits(0, 6);       // vps_max_layers_minus1
    w.put_bits(0, 3);       // vps_max_sub_layers_minus1
    w.put_bits(1, 1);       // vps_temporal_id_nesting_flag
    w.put_bits(0xFFFF, 16);
    put_profile_tier_level(w);
    w.put_bits(1, 1);       // vps_sub_layer_ordering_info_present_flag
    w.put_ue(1);            // vps_max_dec_pic_buffering_minus1
    w.put_ue(0);            // vps_max_num_reorder_pics: libde265 takes its output delay from here
    w.put_ue(0);            // vps_max_latency_increase_plus1
    w.put_bits(0, 6);       // vps_max_layer_id
    w.put_ue(0);            // vps_num_layer_sets_minus1
    w.put_bits(0, 1);       // vps_timing_info_present_flag
    w.put_bits(0, 1);       // vps_extension_flag
    w.put_trailing_bits();
    return escape_rbsp(w.bytes());
}

NalBytes make_sps(const CompactSps &sps, int chroma_format_idc, uint32_t width, uint32_t height,
                  int bit_depth) {
    const uint32_t min_cb = sps.min_cb_size();
    BitWriter w;
    put_nal_header(w, kNalSps);
    w.put_bits(0, 4);       // sps_video_parameter_set_id
    w.put_bits(0, 3);       // sps_max_sub_layers_minus1
    w.put_bits(1, 1);       // sps_temporal_id_nesting_flag
    put_profile_tier_level(w);
    w.put_ue(0);            // sps_seq_parameter_set_id
    w.put_ue(static_cast<uint32_t>(chroma_format_idc));
    if (chroma_format_idc == 3) w.put_bits(0, 1);  // separate_colour_plane_flag
    w.put_ue((width + min_cb - 1) / min_cb * min_cb);
    w.put_ue((height + min_cb - 1) / min_cb * min_cb);
    w.put_bits(0, 1);       // conformance_window_flag: we crop ourselves
    w.put_ue(static_cast<uint32_t>(bit_depth - 8));
    w.put_ue(static_cast<uint32_t>(bit_depth - 8));
    w.put_ue(4);            // log2_max_pic_order_cnt_lsb_minus4
    w.put_bits(1, 1);       // sps_sub_layer_ordering_info_present_flag
    w.put_ue(1);            // sps_max_dec_pic_buffering_minus1
    w.put_ue(0);            // sps_max_num_reorder_pics
    w.put_ue(0);            // sps_max_latency_increase_plus1
    w.put_ue(sps.log2_min_cb_minus3);
    w.put_ue(sps.log2_diff_max_min_cb);
    w.put_ue(sps.log2_min_tb_minus2);
    w.put_ue(sps.log2_diff_max_min_tb);
    w.put_ue(sps.max_transform_hierarchy_depth_intra);  // inter = intra
    w.put_ue(sps.max_transform_hierarchy_depth_intra);
    w.put_bits(0, 1);       // scaling_list_enabled_flag
    w.put_bits(1, 1);       // amp_enabled_flag
    w.put_bits(sps.sao, 1);
    w.put_bits(sps.pcm, 1);
    if (sps.pcm) {
        w.put_bits(sps.pcm_bit_depth_luma_minus1, 4);
        w.put_bits(sps.pcm_bit_depth_chroma_minus1, 4);
        w.put_ue(sps.log2_min_pcm_cb_minus3);
        w.put_ue(sps.log2_diff_max_min_pcm_cb);
        w.put_bits(sps.pcm_loop_filter_disabled, 1);
    }
    w.put_ue(0);            // num_short_term_ref_pic_sets
    w.put_bits(0, 1);       // long_term_ref_pics_present_flag
    w.put_bits(1, 1);       // sps_temporal_mvp_enabled_flag
    w.put_bits(sps.strong_intra_smoothing, 1);
    w.put_bits(0, 1);       // vui_parameters_present_flag
    w.put_bits(sps.extension_present, 1);
    if (sps.extension_present) {
        w.put_bits(sps.range_extension, 1);
        w.put_bits(0, 7);   // multilayer, 3d, scc, 4 bits: never copied
        if (sps.range_extension) {
            for (bool f : sps.range_flags) w.put_bits(f, 1);
        }
    }
    w.put_trailing_bits();
    return escape_rbsp(w.bytes());
}

Status read_next_nal(const uint8_t *data, size_t end, size_t &pos, bool first, NalSpan &nal) {
    size_t start_code = 0;
    if (first) {
        if (end - pos < 5) {
            return make_error(StatusCode::kTruncated, "HEVC data at byte %zu: %zu bytes, too short for a NAL unit",
                              pos, end - pos);
        }
    } else {
        if (end - pos < 3) return make_error(StatusCode::kTruncated, "truncated NAL unit at byte %zu", pos);
        start_code = data[pos + 2] == 0 ? 4 : 3;
        if (end - pos < start_code + 3) {
            return make_error(StatusCode::kTruncated, "truncated NAL unit at byte %zu", pos);
        }
        bool ok = data[pos] == 0 && data[pos + 1] == 0 &&
                  (start_code == 3 ? data[pos + 2] == 1 : data[pos + 3] == 1);
        if (!ok) return make_error(StatusCode::kInvalidData, "missing NAL start code at byte %zu", pos);
    }
    size_t begin = pos + start_code;
    size_t i = begin;
    size_t nal_end = end;
    for (; i + 2 < end; ++i) {
        if (data[i] != 0 || data[i + 1] != 0) continue;
        if (data[i + 2] == 1 || (i + 3 < end && data[i + 2] == 0 && data[i + 3] == 1)) {
            nal_end = i;
            break;
        }
    }
    nal.offset = begin;
    nal.size = nal_end - begin;
    pos = nal_end;
    return Status{};
}

}  // namespace bpgr
