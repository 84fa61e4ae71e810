#include "compact_sps.h"

#include <algorithm>
#include <iterator>

#include "bit_reader.h"
#include "bit_writer.h"
#include "ue7_status.h"

namespace bpgr {

bool operator==(const CompactSps &a, const CompactSps &b) {
    return a.log2_min_cb_minus3 == b.log2_min_cb_minus3 && a.log2_diff_max_min_cb == b.log2_diff_max_min_cb &&
           a.log2_min_tb_minus2 == b.log2_min_tb_minus2 && a.log2_diff_max_min_tb == b.log2_diff_max_min_tb &&
           a.max_transform_hierarchy_depth_intra == b.max_transform_hierarchy_depth_intra && a.sao == b.sao &&
           a.pcm == b.pcm && a.pcm_bit_depth_luma_minus1 == b.pcm_bit_depth_luma_minus1 &&
           a.pcm_bit_depth_chroma_minus1 == b.pcm_bit_depth_chroma_minus1 &&
           a.log2_min_pcm_cb_minus3 == b.log2_min_pcm_cb_minus3 &&
           a.log2_diff_max_min_pcm_cb == b.log2_diff_max_min_pcm_cb &&
           a.pcm_loop_filter_disabled == b.pcm_loop_filter_disabled &&
           a.strong_intra_smoothing == b.strong_intra_smoothing && a.extension_present == b.extension_present &&
           a.range_extension == b.range_extension &&
           std::equal(std::begin(a.range_flags), std::end(a.range_flags), std::begin(b.range_flags));
}

Status read_compact_sps(ByteReader &reader, const char *which, CompactSps &sps) {
    uint32_t length = 0;
    BPGR_READ_UE7(reader, length, "hevc_header_length", false);
    if (length > reader.remaining()) {
        return make_error(StatusCode::kTruncated, "%s hevc_header of %u bytes at byte %zu runs past the end",
                          which, length, reader.position());
    }
    BitReader bits(reader.data() + reader.position(), length);
    sps.log2_min_cb_minus3 = bits.read_ue();
    sps.log2_diff_max_min_cb = bits.read_ue();
    sps.log2_min_tb_minus2 = bits.read_ue();
    sps.log2_diff_max_min_tb = bits.read_ue();
    sps.max_transform_hierarchy_depth_intra = bits.read_ue();
    sps.sao = bits.read_flag();
    sps.pcm = bits.read_flag();
    if (sps.pcm) {
        sps.pcm_bit_depth_luma_minus1 = bits.read_bits(4);
        sps.pcm_bit_depth_chroma_minus1 = bits.read_bits(4);
        sps.log2_min_pcm_cb_minus3 = bits.read_ue();
        sps.log2_diff_max_min_pcm_cb = bits.read_ue();
        sps.pcm_loop_filter_disabled = bits.read_flag();
    }
    sps.strong_intra_smoothing = bits.read_flag();
    sps.extension_present = bits.read_flag();
    if (sps.extension_present) {
        sps.range_extension = bits.read_flag();
        bits.read_bits(7);
        if (sps.range_extension) {
            for (bool &f : sps.range_flags) f = bits.read_flag();
        }
    }
    if (bits.overrun()) {
        return make_error(StatusCode::kTruncated, "%s hevc_header (%u bytes) ends before its last field", which,
                          length);
    }
    // Values the HEVC decoder would reject anyway, checked here so the
    // synthesized SPS is always well-formed: log2 CB sizes 8..64, TB 4..32.
    uint32_t log2_min_cb = sps.log2_min_cb_minus3 + 3;
    uint32_t log2_ctb = log2_min_cb + sps.log2_diff_max_min_cb;
    uint32_t log2_min_tb = sps.log2_min_tb_minus2 + 2;
    uint32_t log2_max_tb = log2_min_tb + sps.log2_diff_max_min_tb;
    if (sps.log2_min_cb_minus3 > 3 || log2_ctb > 6 || log2_ctb < 4 || log2_min_tb >= log2_min_cb ||
        log2_max_tb > 5 || log2_max_tb > log2_ctb ||
        sps.max_transform_hierarchy_depth_intra > log2_ctb - log2_min_tb) {
        return make_error(StatusCode::kInvalidData,
                          "%s hevc_header: invalid block sizes (CB 2^%u..2^%u, TB 2^%u..2^%u, depth %u)", which,
                          log2_min_cb, log2_ctb, log2_min_tb, log2_max_tb, sps.max_transform_hierarchy_depth_intra);
    }
    if (sps.pcm) {
        uint32_t log2_min_pcm = sps.log2_min_pcm_cb_minus3 + 3;
        if (log2_min_pcm > 5 || log2_min_pcm + sps.log2_diff_max_min_pcm_cb > 5 ||
            log2_min_pcm + sps.log2_diff_max_min_pcm_cb > log2_ctb) {
            return make_error(StatusCode::kInvalidData, "%s hevc_header: invalid PCM block sizes", which);
        }
    }
    reader.skip(length);
    return Status{};
}

std::vector<uint8_t> write_compact_sps(const CompactSps &sps) {
    BitWriter w;
    w.put_ue(sps.log2_min_cb_minus3);
    w.put_ue(sps.log2_diff_max_min_cb);
    w.put_ue(sps.log2_min_tb_minus2);
    w.put_ue(sps.log2_diff_max_min_tb);
    w.put_ue(sps.max_transform_hierarchy_depth_intra);
    w.put_flag(sps.sao);
    w.put_flag(sps.pcm);
    if (sps.pcm) {
        w.put_bits(sps.pcm_bit_depth_luma_minus1, 4);
        w.put_bits(sps.pcm_bit_depth_chroma_minus1, 4);
        w.put_ue(sps.log2_min_pcm_cb_minus3);
        w.put_ue(sps.log2_diff_max_min_pcm_cb);
        w.put_flag(sps.pcm_loop_filter_disabled);
    }
    w.put_flag(sps.strong_intra_smoothing);
    w.put_flag(sps.extension_present);
    if (sps.extension_present) {
        w.put_flag(sps.range_extension);
        w.put_bits(0, 7);  // multilayer, 3d, scc, 4 bits: never set in BPG
        if (sps.range_extension) {
            for (bool f : sps.range_flags) w.put_flag(f);
        }
    }
    return w.bytes();
}

}  // namespace bpgr
