#include "hevc_decode_libde265.h"

#include <libde265/de265.h>

namespace bpgr {

namespace {

constexpr int kMaxDecodeIterations = 1 << 20;  // a guard; a picture takes a handful

uint32_t chroma_width(const StreamGeometry &g) {
    return (g.chroma_format_idc == 1 || g.chroma_format_idc == 2) ? (g.width + 1) / 2 : g.width;
}
uint32_t chroma_height(const StreamGeometry &g) {
    return g.chroma_format_idc == 1 ? (g.height + 1) / 2 : g.height;
}
uint32_t sub_width(int chroma_format_idc) { return chroma_format_idc == 1 || chroma_format_idc == 2 ? 2 : 1; }
uint32_t sub_height(int chroma_format_idc) { return chroma_format_idc == 1 ? 2 : 1; }

template <typename Sample>
void copy_plane(const uint8_t *src, int stride_bytes, Plane16 &dst) {
    for (uint32_t y = 0; y < dst.height; ++y) {
        const Sample *row = reinterpret_cast<const Sample *>(src + static_cast<ptrdiff_t>(y) * stride_bytes);
        uint16_t *out = dst.samples.data() + static_cast<size_t>(y) * dst.width;
        for (uint32_t x = 0; x < dst.width; ++x) out[x] = row[x];
    }
}

}  // namespace

HevcStreamDecoder::~HevcStreamDecoder() {
    if (ctx_) de265_free_decoder(ctx_);
}

Status HevcStreamDecoder::init(const NalBytes &vps, const NalBytes &sps, const StreamGeometry &geometry,
                               int threads) {
    geometry_ = geometry;
    ctx_ = de265_new_decoder();
    if (!ctx_) return make_error(StatusCode::kOutOfMemory, "cannot create the HEVC decoder");
    if (threads > 1) {
        de265_error err = de265_start_worker_threads(ctx_, threads);
        if (!de265_isOK(err)) {
            return make_error(StatusCode::kDecodeFailed, "HEVC decoder threads: %s", de265_get_error_text(err));
        }
    }
    for (const NalBytes *nal : {&vps, &sps}) {
        de265_error err = de265_push_NAL(ctx_, nal->data(), static_cast<int>(nal->size()), 0, nullptr);
        if (!de265_isOK(err)) {
            return make_error(StatusCode::kDecodeFailed, "HEVC parameter set rejected: %s", de265_get_error_text(err));
        }
    }
    return Status{};
}

Status HevcStreamDecoder::decode_picture(const uint8_t *data, const std::vector<NalSpan> &nals,
                                         bool is_alpha, bool last_picture, Plane16 *planes) {
    const char *which = is_alpha ? "alpha" : "color";
    if (nals.empty()) return make_error(StatusCode::kDecodeFailed, "%s stream missing", which);
    for (const NalSpan &nal : nals) {
        const uint8_t *p = data + nal.offset;
        int type = nal_type(p);
        if (type == kNalVps || type == kNalSps) continue;  // the synthesized ones stay active
        if (is_alpha) {
            nal_copy_.assign(p, p + nal.size);
            nal_copy_[1] &= 0x07;
            p = nal_copy_.data();
        }
        de265_error err = de265_push_NAL(ctx_, p, static_cast<int>(nal.size), 0, nullptr);
        if (!de265_isOK(err)) {
            return make_error(StatusCode::kDecodeFailed, "%s stream: %s", which, de265_get_error_text(err));
        }
    }
    de265_push_end_of_frame(ctx_);

    bool flushed = false;
    for (int i = 0; i < kMaxDecodeIterations; ++i) {
        int more = 0;
        de265_error err = de265_decode(ctx_, &more);
        if (const de265_image *img = de265_peek_next_picture(ctx_)) {
            Status st = copy_picture(img, planes);
            de265_release_next_picture(ctx_);
            return st;
        }
        bool waiting = err == DE265_ERROR_WAITING_FOR_INPUT_DATA;
        if (!waiting && !de265_isOK(err)) {
            return make_error(StatusCode::kDecodeFailed, "%s stream: %s", which, de265_get_error_text(err));
        }
        if (waiting || !more) {
            if (last_picture && !flushed) {
                de265_flush_data(ctx_);
                flushed = true;
                continue;
            }
            return make_error(StatusCode::kDecodeFailed, "%s stream: no picture decoded", which);
        }
    }
    return make_error(StatusCode::kDecodeFailed, "%s stream: decoder did not finish", which);
}

Status HevcStreamDecoder::copy_picture(const de265_image *img, Plane16 *planes) const {
    const StreamGeometry &g = geometry_;
    int format = de265_get_chroma_format(img);
    if (format != g.chroma_format_idc) {
        return make_error(StatusCode::kDecodeFailed, "decoded chroma format %d, expected %d", format,
                          g.chroma_format_idc);
    }
    const int plane_count = g.chroma_format_idc == 0 ? 1 : 3;
    for (int c = 0; c < plane_count; ++c) {
        Plane16 &plane = planes[c];
        plane.width = c == 0 ? g.width : chroma_width(g);
        plane.height = c == 0 ? g.height : chroma_height(g);
        int bits = de265_get_bits_per_pixel(img, c);
        int width = de265_get_image_width(img, c);
        int height = de265_get_image_height(img, c);
        int stride = 0;
        const uint8_t *src = de265_get_image_plane(img, c, &stride);
        // Exactly the synthesized SPS size: anything else means libde265
        // decoded with parameters other than ours.
        uint32_t coded_w = c == 0 ? g.coded_width : g.coded_width / sub_width(g.chroma_format_idc);
        uint32_t coded_h = c == 0 ? g.coded_height : g.coded_height / sub_height(g.chroma_format_idc);
        int sample_bytes = bits > 8 ? 2 : 1;
        if (!src || bits != g.bit_depth || width != static_cast<int>(coded_w) ||
            height != static_cast<int>(coded_h) || stride < width * sample_bytes) {
            return make_error(StatusCode::kDecodeFailed,
                              "decoded plane %d is %dx%d at %d bits, expected %ux%u at %d bits", c, width,
                              height, bits, coded_w, coded_h, g.bit_depth);
        }
        plane.samples.resize(static_cast<size_t>(plane.width) * plane.height);
        if (bits <= 8) {
            copy_plane<uint8_t>(src, stride, plane);
        } else {
            copy_plane<uint16_t>(src, stride, plane);
        }
    }
    return Status{};
}

}  // namespace bpgr
