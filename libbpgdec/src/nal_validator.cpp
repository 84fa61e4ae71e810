#include "nal_validator.h"

#include "bit_reader.h"
#include "rbsp.h"

namespace bpgr {

namespace {

constexpr int kMaxLayerWithExtraPlane = 1;
constexpr uint32_t kSliceTypeB = 0;
constexpr uint32_t kSliceTypeP = 1;
constexpr uint32_t kSliceTypeI = 2;

bool is_irap(int type) { return type >= kNalBlaWLp && type <= kNalCraNut; }
bool is_trailing(int type) { return type == kNalTrailN || type == kNalTrailR; }
// Parameter sets, AUD, EOS, EOB, filler data and SEI.
bool is_allowed_non_vcl(int type) { return type >= kNalVps && type <= kNalSuffixSei; }

uint32_t ceil_log2(uint32_t v) {
    uint32_t bits = 0;
    while ((uint64_t{1} << bits) < v) ++bits;
    return bits;
}

uint32_t ctb_count(const CompactSps &sps, uint32_t width, uint32_t height) {
    uint32_t min_cb = sps.min_cb_size();
    uint32_t ctb = 1u << (sps.log2_min_cb_minus3 + 3 + sps.log2_diff_max_min_cb);
    uint64_t coded_w = (uint64_t{width} + min_cb - 1) / min_cb * min_cb;
    uint64_t coded_h = (uint64_t{height} + min_cb - 1) / min_cb * min_cb;
    return static_cast<uint32_t>(((coded_w + ctb - 1) / ctb) * ((coded_h + ctb - 1) / ctb));
}

}  // namespace

NalValidator::NalValidator(const BpgHeader &header) : header_(header) {
    color_.ctb_count = ctb_count(header.color_sps, header.width, header.height);
    if (header.has_extra_plane()) alpha_.ctb_count = ctb_count(header.alpha_sps, header.width, header.height);
}

Status NalValidator::check_access_unit(const uint8_t *data, const std::vector<NalSpan> &color,
                                       const std::vector<NalSpan> &alpha) {
    for (const NalSpan &nal : alpha) BPGR_RETURN_IF_ERROR(check_nal(data, nal, true));
    for (const NalSpan &nal : color) BPGR_RETURN_IF_ERROR(check_nal(data, nal, false));
    return Status{};
}

Status NalValidator::check_nal(const uint8_t *data, const NalSpan &nal, bool alpha) {
    const uint8_t *p = data + nal.offset;
    const size_t at = nal.offset;
    if (nal.size < kNalHeaderBytes) {
        return make_error(StatusCode::kInvalidData, "NAL unit at byte %zu is %zu bytes, shorter than its header",
                          at, nal.size);
    }
    if (p[0] & 0x80) return make_error(StatusCode::kInvalidData, "NAL unit at byte %zu: forbidden_zero_bit set", at);
    const int type = nal_type(p);
    const int layer = nal_layer_id(p);
    const int temporal_id_plus1 = p[1] & 7;
    const int max_layer = header_.has_extra_plane() ? kMaxLayerWithExtraPlane : 0;
    if (layer > max_layer) {
        return make_error(StatusCode::kInvalidData, "NAL unit at byte %zu has layer id %d (%s)", at, layer,
                          header_.has_extra_plane() ? "only 0 and 1 exist" : "the image has no alpha plane");
    }
    if (temporal_id_plus1 != 1) {
        return make_error(StatusCode::kInvalidData,
                          "NAL unit at byte %zu has temporal id plus 1 = %d (BPG streams have one sub-layer)",
                          at, temporal_id_plus1);
    }
    StreamState &stream = alpha ? alpha_ : color_;
    const char *which = alpha ? "alpha" : "color";
    if (type == kNalPps) return check_pps(p, nal.size, at, stream);
    if (is_allowed_non_vcl(type)) return Status{};
    bool allowed_slice = is_irap(type) || (header_.animation && is_trailing(type));
    if (!allowed_slice) {
        return make_error(StatusCode::kInvalidData, "NAL unit at byte %zu has type %d, which a BPG %s cannot carry",
                          at, type, header_.animation ? "animation" : "still image");
    }
    return check_slice(p, nal.size, at, which, stream);
}

Status NalValidator::check_pps(const uint8_t *nal, size_t size, size_t offset, StreamState &stream) {
    std::vector<uint8_t> rbsp = unescape_rbsp(nal + kNalHeaderBytes, size - kNalHeaderBytes);
    BitReader bits(rbsp.data(), rbsp.size());
    uint32_t pps_id = bits.read_ue();
    uint32_t sps_id = bits.read_ue();
    bool dependent_slices = bits.read_flag();
    bits.read_flag();  // output_flag_present_flag
    uint32_t extra_bits = bits.read_bits(3);
    if (bits.overrun()) return make_error(StatusCode::kInvalidData, "truncated PPS at byte %zu", offset);
    if (pps_id != 0 || sps_id != 0) {
        return make_error(StatusCode::kInvalidData, "PPS at byte %zu has id %u for SPS %u (BPG allows only PPS 0, SPS 0)",
                          offset, pps_id, sps_id);
    }
    stream.have_pps = true;
    stream.dependent_slices = dependent_slices;
    stream.extra_slice_header_bits = extra_bits;
    return Status{};
}

Status NalValidator::check_slice(const uint8_t *nal, size_t size, size_t offset, const char *which,
                                 StreamState &stream) {
    const int type = nal_type(nal);
    if (!stream.have_pps) return make_error(StatusCode::kInvalidData, "%s slice at byte %zu precedes the PPS", which, offset);
    if (is_trailing(type) && !stream.seen_intra_picture) {
        return make_error(StatusCode::kInvalidData, "%s slice at byte %zu is not intra but no intra picture precedes it",
                          which, offset);
    }
    std::vector<uint8_t> rbsp = unescape_rbsp(nal + kNalHeaderBytes, size - kNalHeaderBytes);
    BitReader bits(rbsp.data(), rbsp.size());
    bool first_in_picture = bits.read_flag();
    if (is_irap(type)) bits.read_flag();  // no_output_of_prior_pics_flag
    uint32_t pps_id = bits.read_ue();
    bool dependent = false;
    if (!first_in_picture) {
        if (stream.dependent_slices) dependent = bits.read_flag();
        uint32_t address = bits.read_bits(static_cast<int>(ceil_log2(stream.ctb_count)));
        if (!bits.overrun() && address >= stream.ctb_count) {
            return make_error(StatusCode::kInvalidData, "%s slice at byte %zu starts at CTB %u, the picture has %u",
                              which, offset, address, stream.ctb_count);
        }
    }
    uint32_t slice_type = kSliceTypeI;
    if (!dependent) {
        bits.read_bits(static_cast<int>(stream.extra_slice_header_bits));
        slice_type = bits.read_ue();
    }
    if (bits.overrun()) return make_error(StatusCode::kInvalidData, "truncated %s slice header at byte %zu", which, offset);
    if (pps_id != 0) {
        return make_error(StatusCode::kInvalidData, "%s slice at byte %zu refers to PPS %u (only PPS 0 exists)", which,
                          offset, pps_id);
    }
    if (!dependent) {
        bool ok = slice_type == kSliceTypeI || (slice_type == kSliceTypeP && is_trailing(type));
        if (!ok) {
            const char *name = slice_type == kSliceTypeB ? "B" : slice_type == kSliceTypeP ? "P" : "unknown";
            return make_error(StatusCode::kInvalidData, "%s slice at byte %zu has slice type %u (%s) in a %s NAL unit",
                              which, offset, slice_type, name, is_irap(type) ? "intra (IRAP)" : "trailing");
        }
    }
    if (is_irap(type)) stream.seen_intra_picture = true;
    return Status{};
}

}  // namespace bpgr
