#include "frame_decoder.h"

#include "access_unit_splitter.h"

namespace bpgr {

namespace {

// Rough upper bound of the decoder's memory for one picture: libde265 keeps
// up to 3 padded pictures (DPB 2 + current) with 16-bit samples for
// > 8 bits, we keep one cropped 16-bit copy, and the caller one output.
uint64_t estimate_memory(const BpgHeader &h) {
    uint64_t pixels = uint64_t{h.width + 64} * (h.height + 64);
    int planes = h.chroma_format_idc() == 0 ? 1 : 3;
    int extra = h.has_extra_plane() ? 1 : 0;
    uint64_t per_picture = pixels * (planes + extra) * (h.bit_depth > 8 ? 2 : 1);
    return per_picture * 3 + pixels * (planes + extra) * 2 + pixels * 8;
}

// The size libde265 decodes at: the synthesized SPS rounds the picture up
// to whole minimum coding blocks and writes no conformance window.
void set_coded_size(const CompactSps &sps, StreamGeometry &g) {
    uint32_t min_cb = sps.min_cb_size();
    g.coded_width = (g.width + min_cb - 1) / min_cb * min_cb;
    g.coded_height = (g.height + min_cb - 1) / min_cb * min_cb;
}

}  // namespace

Status FrameDecoder::open(const uint8_t *data, size_t size, const FrameDecoderOptions &options) {
    if (open_) return make_error(StatusCode::kInvalidArgument, "decoder already holds an image");
    options_ = options;
    if (options.limits) {
        limits_ = *options.limits;
        has_limits_ = true;
        options_.limits = &limits_;
    }
    BPGR_RETURN_IF_ERROR(parse_container(data, size, ParseDepth::kHeaders, options.keep_extensions,
                                         options_.limits, header_));
    if (has_limits_ && limits_.max_memory_bytes && estimate_memory(header_) > limits_.max_memory_bytes) {
        return make_error(StatusCode::kLimitExceeded, "picture %ux%u needs about %llu bytes, limit %llu",
                          header_.width, header_.height,
                          static_cast<unsigned long long>(estimate_memory(header_)),
                          static_cast<unsigned long long>(limits_.max_memory_bytes));
    }
    try {
        file_.assign(data, data + size);
    } catch (const std::bad_alloc &) {
        return make_error(StatusCode::kOutOfMemory, "cannot copy %zu bytes of input", size);
    }
    pos_ = header_.hevc_data_offset;
    first_nal_ = true;

    validator_ = std::make_unique<NalValidator>(header_);

    NalBytes vps = make_vps();
    StreamGeometry color_geometry{header_.chroma_format_idc(), header_.width, header_.height,
                                  header_.bit_depth};
    set_coded_size(header_.color_sps, color_geometry);
    color_ = std::make_unique<HevcStreamDecoder>();
    BPGR_RETURN_IF_ERROR(color_->init(vps,
                                      make_sps(header_.color_sps, color_geometry.chroma_format_idc,
                                               header_.width, header_.height, header_.bit_depth),
                                      color_geometry, options.threads));
    if (header_.has_extra_plane()) {
        StreamGeometry alpha_geometry{0, header_.width, header_.height, header_.bit_depth};
        set_coded_size(header_.alpha_sps, alpha_geometry);
        alpha_ = std::make_unique<HevcStreamDecoder>();
        BPGR_RETURN_IF_ERROR(alpha_->init(vps,
                                          make_sps(header_.alpha_sps, 0, header_.width, header_.height,
                                                   header_.bit_depth),
                                          alpha_geometry, options.threads));
    }
    if (pos_ >= file_.size()) return make_error(StatusCode::kTruncated, "no HEVC data after the header");
    BPGR_RETURN_IF_ERROR(decode_access_unit());
    open_ = true;
    return Status{};
}

Status FrameDecoder::next_frame() {
    if (!open_) return make_error(StatusCode::kInvalidArgument, "no image decoded yet");
    if (!header_.animation || pos_ >= file_.size()) return Status{StatusCode::kEndOfStream, "no more frames"};
    if (has_limits_ && limits_.max_frames && frame_index_ + 1 >= limits_.max_frames) {
        return make_error(StatusCode::kLimitExceeded, "animation has more than %u frames", limits_.max_frames);
    }
    BPGR_RETURN_IF_ERROR(decode_access_unit());
    ++frame_index_;
    return Status{};
}

Status FrameDecoder::decode_access_unit() {
    AccessUnit unit;
    BPGR_RETURN_IF_ERROR(split_access_unit(file_.data(), file_.size(), pos_, first_nal_,
                                           header_.has_extra_plane(), unit));
    BPGR_RETURN_IF_ERROR(validator_->check_access_unit(file_.data(), unit.color, unit.alpha));
    bool last = !header_.animation || pos_ >= file_.size();
    // Frame 0 needs both streams; later frames keep the previous alpha
    // plane when their access unit has no alpha NAL (as the reference).
    if (header_.has_extra_plane() && unit.alpha.empty() && !open_) {
        return make_error(StatusCode::kDecodeFailed, "alpha stream missing");
    }
    BPGR_RETURN_IF_ERROR(color_->decode_picture(file_.data(), unit.color, false, last, planes_));
    if (alpha_ && !unit.alpha.empty()) {
        BPGR_RETURN_IF_ERROR(alpha_->decode_picture(file_.data(), unit.alpha, true, last, &planes_[3]));
    }
    duration_ticks_ = unit.duration_ticks;
    update_qp(unit.color);
    return Status{};
}

void FrameDecoder::update_qp(const std::vector<NalSpan> &color_nals) {
    for (const NalSpan &nal : color_nals) {
        const uint8_t *p = file_.data() + nal.offset;
        int type = nal_type(p);
        if (type == kNalPps) {
            PpsQpFields pps = read_pps_qp_fields(p, nal.size);
            if (pps.valid) pps_ = pps;
        } else if (type <= 21 && !(type >= 10 && type <= 15)) {
            int qp = read_intra_slice_qp(p, nal.size, pps_, header_.color_sps.sao,
                                         header_.chroma_format_idc() == 0);
            if (qp >= 0) frame_qp_ = qp;
            return;  // only the first slice
        }
    }
}

const Plane16 *FrameDecoder::api_plane(int api_plane) const {
    int color_planes = header_.chroma_format_idc() == 0 ? 1 : 3;
    if (api_plane >= 0 && api_plane < color_planes) return &planes_[api_plane];
    if (api_plane == color_planes && header_.has_extra_plane()) return &planes_[3];
    return nullptr;
}

}  // namespace bpgr
