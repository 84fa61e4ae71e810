#include "slice_qp_reader.h"

#include "bit_reader.h"
#include "hevc_nal.h"
#include "rbsp.h"

namespace bpgr {

namespace {
constexpr uint32_t kSliceTypeI = 2;
// The fields up to slice_qp_delta fit well within this many bytes; the
// rest of the slice (the coded picture) is never unescaped.
constexpr size_t kSliceHeaderPrefixBytes = 64;
constexpr int kMaxQp = 51;
}  // namespace

PpsQpFields read_pps_qp_fields(const uint8_t *nal, size_t size) {
    PpsQpFields pps;
    if (size < 3) return pps;
    std::vector<uint8_t> rbsp = unescape_rbsp(nal + 2, size - 2);
    BitReader bits(rbsp.data(), rbsp.size());
    bits.read_ue();                                  // pps_pic_parameter_set_id
    bits.read_ue();                                  // pps_seq_parameter_set_id
    bits.read_flag();                                // dependent_slice_segments_enabled_flag
    pps.output_flag_present = bits.read_flag();
    pps.num_extra_slice_header_bits = bits.read_bits(3);
    bits.read_flag();                                // sign_data_hiding_enabled_flag
    bits.read_flag();                                // cabac_init_present_flag
    bits.read_ue();                                  // num_ref_idx_l0_default_active_minus1
    bits.read_ue();                                  // num_ref_idx_l1_default_active_minus1
    pps.init_qp = 26 + bits.read_se();
    pps.valid = !bits.overrun();
    return pps;
}

int read_intra_slice_qp(const uint8_t *nal, size_t size, const PpsQpFields &pps, bool sao_enabled,
                        bool monochrome) {
    if (!pps.valid || size < 3) return -1;
    int type = nal_type(nal);
    size_t prefix = size - 2 < kSliceHeaderPrefixBytes ? size - 2 : kSliceHeaderPrefixBytes;
    std::vector<uint8_t> rbsp = unescape_rbsp(nal + 2, prefix);
    BitReader bits(rbsp.data(), rbsp.size());
    if (!bits.read_flag()) return -1;                // first_slice_segment_in_pic_flag
    if (type >= 16 && type <= 23) bits.read_flag();  // no_output_of_prior_pics_flag
    bits.read_ue();                                  // slice_pic_parameter_set_id
    bits.read_bits(static_cast<int>(pps.num_extra_slice_header_bits));
    uint32_t slice_type = bits.read_ue();
    if (slice_type != kSliceTypeI) return -1;
    if (pps.output_flag_present) bits.read_flag();
    if (type != kNalIdrWRadl && type != kNalIdrNLp) {
        bits.read_bits(8);                           // slice_pic_order_cnt_lsb (8 bits in BPG)
        if (bits.read_flag()) return -1;             // short_term_ref_pic_set_sps_flag (no SPS sets)
        uint32_t negative = bits.read_ue(), positive = bits.read_ue();
        if (negative > 16 || positive > 16) return -1;
        for (uint32_t i = 0; i < negative + positive; ++i) {
            bits.read_ue();                          // delta_poc_minus1
            bits.read_flag();                        // used_by_curr_pic_flag
        }
        bits.read_flag();                            // slice_temporal_mvp_enabled_flag
    }
    if (sao_enabled) {
        bits.read_flag();
        if (!monochrome) bits.read_flag();
    }
    int qp = pps.init_qp + bits.read_se();
    if (bits.overrun() || qp < 0 || qp > kMaxQp) return -1;
    return qp;
}

}  // namespace bpgr
