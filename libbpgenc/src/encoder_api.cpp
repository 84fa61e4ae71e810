// C API glue: validates arguments, turns input images into padded planes,
// drives the two x265 streams and assembles the file.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "bpgr/encoder.h"
#include "bpgr_common/guarded.h"
#include "bpgr_common/status.h"
#include "chroma_downsample.h"
#include "container_header.h"
#include "hevc_data_builder.h"
#include "hevc_encode_x265.h"
#include "public_status.h"
#include "rgb_to_ycbcr.h"
#include "sps_compactor.h"

using namespace bpgr::enc;
using bpgr::make_error;
using bpgr::Status;
using bpgr::StatusCode;

namespace {

constexpr int kMaxQp = 51;
constexpr int kMinBitDepth = 8;
constexpr int kMaxBitDepth = 12;
constexpr uint32_t kMaxDimension = 65535;
constexpr uint32_t kMaxTicks = 65535;
constexpr int kColorSpaceRgb = 1;

bool is_subsampled_format(int f) { return f == BPGR_FORMAT_420 || f == BPGR_FORMAT_422 ||
                                          f == BPGR_FORMAT_420_VIDEO || f == BPGR_FORMAT_422_VIDEO; }

}  // namespace

struct bpgr_encoder {
    bpgr_encoder_settings settings{};
    std::string error;
    std::vector<bpgr::ExtensionRecord> metadata;  // payloads in metadata_payloads
    std::vector<uint8_t> metadata_payloads;
    bool finished = false;
    // Fixed by the first frame.
    bool started = false;
    uint32_t width = 0, height = 0;
    bpgr_input_layout layout = BPGR_INPUT_RGB;
    int pixel_format = 0;
    int color_space = 0;
    bool limited_range = false;
    bool has_extra = false;
    bool extra_is_w = false;
    bool premultiplied = false;
    CuSizes cu;
    HevcEncoderX265 color;
    std::optional<HevcEncoderX265> alpha;
    std::vector<uint16_t> durations;

    // Keeps the message; the public code of the status.
    bpgr_status fail(const Status &st) {
        error = st.message;
        return bpgr::to_public_status(st.code);
    }
};

namespace {

Status validate_settings(const bpgr_encoder_settings *s) {
    auto bad = [](const std::string &m) { return make_error(StatusCode::kInvalidArgument, m); };
    if (s->version != BPGR_ENCODER_SETTINGS_VERSION)
        return bad("unknown encoder settings version " + std::to_string(s->version));
    if (s->qp < 0 || s->qp > kMaxQp) return bad("qp must be between 0 and 51");
    if (s->alpha_qp != -1 && (s->alpha_qp < 0 || s->alpha_qp > kMaxQp))
        return bad("alpha qp must be between 0 and 51 (or -1 for qp)");
    if (!is_subsampled_format(s->chroma_format) && s->chroma_format != BPGR_FORMAT_444)
        return bad("chroma format must be 420, 422, 444, 420_video or 422_video");
    if (s->color_space < BPGR_CS_YCBCR || s->color_space > BPGR_CS_YCBCR_BT2020)
        return bad("unknown color space " + std::to_string(int(s->color_space)));
    if (s->bit_depth < kMinBitDepth || s->bit_depth > kMaxBitDepth)
        return bad("bit depth must be between 8 and 12");
    if (s->animated && (s->frame_period_num == 0 || s->frame_period_den == 0))
        return bad("frame period numerator and denominator must be non-zero");
    return Status{};
}

Status validate_image(const bpgr_input_image *img) {
    auto bad = [](const std::string &m) { return make_error(StatusCode::kInvalidArgument, m); };
    if (img->width == 0 || img->height == 0 || img->width > kMaxDimension ||
        img->height > kMaxDimension)
        return bad("image size " + std::to_string(img->width) + "x" + std::to_string(img->height) +
                   " is outside 1..65535");
    if (img->layout == BPGR_INPUT_PLANES) {
        const int f = img->plane_format;
        if (f != BPGR_FORMAT_GRAY && f != BPGR_FORMAT_420 && f != BPGR_FORMAT_422 &&
            f != BPGR_FORMAT_444)
            return bad("plane input format must be gray, 420, 422 or 444");
        if (img->plane_color_space != BPGR_CS_YCBCR && img->plane_color_space != BPGR_CS_RGB)
            return bad("plane input color space must be YCbCr or RGB");
        if (f != BPGR_FORMAT_444 && img->plane_color_space == BPGR_CS_RGB)
            return bad("RGB plane input must be 4:4:4");
        const int count = f == BPGR_FORMAT_GRAY ? 1 : 3;
        for (int i = 0; i < count; i++)
            if (!img->planes[i]) return bad("missing input plane " + std::to_string(i));
        if (img->extra_plane_is_w && !img->planes[3]) return bad("W plane flagged but missing");
        if (img->extra_plane_is_w && f == BPGR_FORMAT_GRAY)
            return bad("a W plane needs colour planes");
        return Status{};
    }
    if (img->layout < BPGR_INPUT_GRAY || img->layout > BPGR_INPUT_RGBA)
        return bad("unknown input layout");
    if (img->sample_bits != 8 && img->sample_bits != 16)
        return bad("sample_bits must be 8 or 16");
    if (!img->pixels) return bad("pixels is NULL");
    const int channels = int(img->layout) + 1;
    if (img->stride < ptrdiff_t(img->width) * channels * (img->sample_bits / 8))
        return bad("stride is smaller than a row");
    return Status{};
}

// Input image -> planes at the target depth, in BPG plane order, 4:4:4 /
// gray for interleaved input, the JPEG layout for plane input.
void build_picture(const bpgr_encoder &enc, const bpgr_input_image &img, Picture *pic) {
    const bpgr_encoder_settings &s = enc.settings;
    pic->bit_depth = s.bit_depth;
    if (img.layout == BPGR_INPUT_PLANES) {
        pic->width = img.width;
        pic->height = img.height;
        pic->pixel_format = img.plane_format;
        pic->color_space = img.plane_color_space;
        pic->limited_range = false;
        const bool gray = img.plane_format == BPGR_FORMAT_GRAY;
        const uint32_t cw = img.plane_format == BPGR_FORMAT_444 ? img.width : (img.width + 1) / 2;
        const uint32_t ch = img.plane_format == BPGR_FORMAT_420 ? (img.height + 1) / 2 : img.height;
        pic->color.assign(gray ? 1 : 3, Plane());
        // RGB planes are given as R, G, B; BPG stores G, B, R.
        static const int kRgbOrder[3] = {1, 2, 0};
        for (int i = 0; i < int(pic->color.size()); i++) {
            const int src = img.plane_color_space == BPGR_CS_RGB ? kRgbOrder[i] : i;
            const uint32_t w = i == 0 ? img.width : cw, h = i == 0 ? img.height : ch;
            rescale_8bit_plane(img.planes[src], img.plane_strides[src], w, h, s.bit_depth,
                               &pic->color[i]);
        }
        pic->has_extra = img.planes[3] != nullptr;
        pic->extra_is_w = img.extra_plane_is_w != 0;
        if (pic->has_extra)
            rescale_8bit_plane(img.planes[3], img.plane_strides[3], img.width, img.height,
                               s.bit_depth, &pic->extra);
        return;
    }
    InterleavedSource src;
    src.width = img.width;
    src.height = img.height;
    src.channels = int(img.layout) + 1;
    src.sample_bits = img.sample_bits;
    src.pixels = img.pixels;
    src.stride = img.stride;
    const bool has_alpha = img.layout == BPGR_INPUT_GRAY_ALPHA || img.layout == BPGR_INPUT_RGBA;
    src.premultiply = has_alpha && s.premultiply_alpha && !img.alpha_premultiplied;
    pic->color_space = s.color_space;
    pic->limited_range = s.limited_range != 0;
    convert_interleaved(src, pic);
}

void subsample_chroma(const bpgr_encoder_settings &s, Picture *pic) {
    if (pic->pixel_format != BPGR_FORMAT_444 || pic->color_space == kColorSpaceRgb ||
        s.chroma_format == BPGR_FORMAT_444)
        return;
    const int target = s.chroma_format;
    const ChromaPhase phase = (target == BPGR_FORMAT_420_VIDEO || target == BPGR_FORMAT_422_VIDEO)
                                  ? ChromaPhase::kCosited
                                  : ChromaPhase::kCentred;
    const bool vertical = target == BPGR_FORMAT_420 || target == BPGR_FORMAT_420_VIDEO;
    for (int i = 1; i < 3; i++) {
        Plane out;
        if (vertical)
            downsample_420(pic->color[i], phase, pic->bit_depth, &out);
        else
            downsample_422(pic->color[i], phase, pic->bit_depth, &out);
        pic->color[i] = std::move(out);
    }
    pic->pixel_format = target;
}

void pad_picture(const CuSizes &cu, Picture *pic) {
    const uint32_t pw = round_up(pic->width, cu.min_cu), ph = round_up(pic->height, cu.min_cu);
    const int idc = bpgr::chroma_format_idc(pic->pixel_format);
    const uint32_t sub_w = (idc == 1 || idc == 2) ? 2 : 1, sub_h = idc == 1 ? 2 : 1;
    for (size_t i = 0; i < pic->color.size(); i++) {
        if (i == 0)
            pad_plane(&pic->color[i], pw, ph);
        else
            pad_plane(&pic->color[i], pw / sub_w, ph / sub_h);
    }
    if (pic->has_extra) pad_plane(&pic->extra, pw, ph);
}

Status open_streams(bpgr_encoder *enc, const Picture &pic) {
    const bpgr_encoder_settings &s = enc->settings;
    enc->cu = choose_cu_sizes(pic.width, pic.height);
    HevcStreamConfig cfg;
    cfg.padded_width = round_up(pic.width, enc->cu.min_cu);
    cfg.padded_height = round_up(pic.height, enc->cu.min_cu);
    cfg.chroma_format_idc = bpgr::chroma_format_idc(pic.pixel_format);
    cfg.bit_depth = s.bit_depth;
    cfg.qp = s.qp;
    cfg.compress_level = s.compress_level;
    cfg.lossless = s.lossless != 0;
    cfg.hash = s.hash != 0;
    cfg.animated = s.animated != 0;
    cfg.verbose = s.verbose != 0;
    cfg.threads = s.threads;
    cfg.cu = enc->cu;
    BPGR_RETURN_IF_ERROR(enc->color.open(cfg));
    if (pic.has_extra) {
        cfg.chroma_format_idc = 0;
        cfg.qp = s.alpha_qp >= 0 ? s.alpha_qp : s.qp;
        enc->alpha.emplace();
        BPGR_RETURN_IF_ERROR(enc->alpha->open(cfg));
    }
    return Status{};
}

Status compact_headers(std::vector<NalUnit> *nals, CompactSps *compact) {
    if (nals->size() < 3) return make_error(StatusCode::kEncodeFailed, "x265 produced no picture");
    const NalUnit &vps = (*nals)[0], &sps = (*nals)[1];
    BPGR_RETURN_IF_ERROR(
        check_vps(vps.bytes.data() + vps.start_code_size(), vps.bytes.size() - vps.start_code_size()));
    BPGR_RETURN_IF_ERROR(
        parse_sps(sps.bytes.data() + sps.start_code_size(), sps.bytes.size() - sps.start_code_size(), compact));
    nals->erase(nals->begin(), nals->begin() + 2);
    return Status{};
}

// Everything add_frame does after the checks of its arguments.
Status add_frame(bpgr_encoder *enc, const bpgr_input_image *image, uint32_t duration_ticks) {
    Picture pic;
    build_picture(*enc, *image, &pic);
    subsample_chroma(enc->settings, &pic);
    if (!enc->started) {
        enc->width = image->width;
        enc->height = image->height;
        enc->layout = image->layout;
        enc->pixel_format = pic.pixel_format;
        enc->color_space = pic.color_space;
        enc->limited_range = pic.limited_range;
        enc->has_extra = pic.has_extra;
        enc->extra_is_w = pic.extra_is_w;
        enc->premultiplied = pic.has_extra && !pic.extra_is_w &&
                             (enc->settings.premultiply_alpha || image->alpha_premultiplied);
        BPGR_RETURN_IF_ERROR(open_streams(enc, pic));
        enc->started = true;
    } else if (pic.pixel_format != enc->pixel_format || pic.has_extra != enc->has_extra) {
        return make_error(StatusCode::kInvalidArgument, "frame format differs from the first frame");
    }
    pad_picture(enc->cu, &pic);
    if (pic.has_extra) BPGR_RETURN_IF_ERROR(enc->alpha->encode(&pic.extra, 1));
    BPGR_RETURN_IF_ERROR(enc->color.encode(pic.color.data(), int(pic.color.size())));
    enc->durations.push_back(uint16_t(enc->settings.animated ? duration_ticks : 1));
    return Status{};
}

// Flushes both streams and assembles the file.
Status finish(bpgr_encoder *enc, std::vector<uint8_t> *file) {
    bpgr::BpgHeader h;
    BPGR_RETURN_IF_ERROR(enc->color.flush());
    BPGR_RETURN_IF_ERROR(compact_headers(&enc->color.nals(), &h.color_sps));
    if (enc->alpha) {
        BPGR_RETURN_IF_ERROR(enc->alpha->flush());
        BPGR_RETURN_IF_ERROR(compact_headers(&enc->alpha->nals(), &h.alpha_sps));
    }
    const std::vector<uint8_t> hevc_data =
        build_hevc_data(enc->color.nals(), enc->alpha ? &enc->alpha->nals() : nullptr, enc->durations);
    h.pixel_format = uint8_t(enc->pixel_format);
    h.alpha1 = enc->has_extra && !enc->extra_is_w;
    h.alpha2 = enc->extra_is_w || enc->premultiplied;
    h.bit_depth = uint8_t(enc->settings.bit_depth);
    h.color_space = uint8_t(enc->pixel_format == BPGR_FORMAT_GRAY ? 0 : enc->color_space);
    h.limited_range = enc->limited_range;
    h.animation = enc->settings.animated != 0;
    h.width = enc->width;
    h.height = enc->height;
    h.picture_data_length = 0;  // to the end of the file
    h.loop_count = enc->settings.loop_count;
    h.frame_period_num = enc->settings.frame_period_num;
    h.frame_period_den = enc->settings.frame_period_den;
    h.extensions = enc->metadata;
    *file = bpgr::write_container_header(h, enc->metadata_payloads.data());
    file->insert(file->end(), hevc_data.begin(), hevc_data.end());
    return Status{};
}

}  // namespace

extern "C" {

void bpgr_encoder_default_settings(bpgr_encoder_settings *s) {
    if (!s) return;
    std::memset(s, 0, sizeof *s);
    s->version = BPGR_ENCODER_SETTINGS_VERSION;
    s->qp = 29;
    s->alpha_qp = -1;
    s->chroma_format = BPGR_FORMAT_420;
    s->color_space = BPGR_CS_YCBCR;
    s->bit_depth = 8;
    s->compress_level = 8;
    s->frame_period_num = 1;
    s->frame_period_den = 25;
}

bpgr_status bpgr_encoder_create(const bpgr_encoder_settings *settings, bpgr_encoder **out) {
    if (!out) return BPGR_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    if (!settings) return BPGR_ERR_INVALID_ARGUMENT;
    const Status st = validate_settings(settings);
    if (!st.ok()) return bpgr::to_public_status(st.code);
    bpgr_encoder *enc = new (std::nothrow) bpgr_encoder;
    if (!enc) return BPGR_ERR_OUT_OF_MEMORY;
    enc->settings = *settings;
    if (enc->settings.compress_level < 1) enc->settings.compress_level = 1;
    if (enc->settings.compress_level > 9) enc->settings.compress_level = 9;
    *out = enc;
    return BPGR_OK;
}

void bpgr_encoder_destroy(bpgr_encoder *enc) { delete enc; }

const char *bpgr_encoder_last_error(const bpgr_encoder *enc) {
    return enc ? enc->error.c_str() : "";
}

bpgr_status bpgr_encoder_add_extension(bpgr_encoder *enc, uint32_t tag, const uint8_t *data,
                                       size_t size) {
    if (!enc) return BPGR_ERR_INVALID_ARGUMENT;
    if (enc->finished) return enc->fail(make_error(StatusCode::kInvalidArgument, "encoder already finished"));
    if (tag == BPGR_EXT_ANIMATION_CONTROL)
        return enc->fail(make_error(StatusCode::kInvalidArgument,
                                    "the animation control record is written by the encoder"));
    if (size > 0x3FFFFFFFu || (size && !data))
        return enc->fail(make_error(StatusCode::kInvalidArgument, "extension payload is NULL or too large"));
    const Status st = bpgr::run_guarded("encoder", [&] {
        enc->metadata.push_back(bpgr::ExtensionRecord{tag, enc->metadata_payloads.size(), size});
        enc->metadata_payloads.insert(enc->metadata_payloads.end(), data, data + size);
        return Status{};
    });
    return st.ok() ? BPGR_OK : enc->fail(st);
}

bpgr_status bpgr_encoder_add_frame(bpgr_encoder *enc, const bpgr_input_image *image,
                                   uint32_t duration_ticks) {
    if (!enc) return BPGR_ERR_INVALID_ARGUMENT;
    if (!image) return enc->fail(make_error(StatusCode::kInvalidArgument, "image is NULL"));
    if (enc->finished) return enc->fail(make_error(StatusCode::kInvalidArgument, "encoder already finished"));
    const Status valid = validate_image(image);
    if (!valid.ok()) return enc->fail(valid);
    if (enc->started) {
        if (!enc->settings.animated)
            return enc->fail(make_error(StatusCode::kInvalidArgument, "a second frame needs an animated encoder"));
        if (image->width != enc->width || image->height != enc->height || image->layout != enc->layout)
            return enc->fail(make_error(StatusCode::kInvalidArgument,
                                        "frame %zu is %ux%u, the first frame is %ux%u (frames must match)",
                                        enc->durations.size(), image->width, image->height, enc->width,
                                        enc->height));
    }
    if (enc->settings.animated && (duration_ticks < 1 || duration_ticks > kMaxTicks))
        return enc->fail(make_error(StatusCode::kInvalidArgument, "frame duration must be 1..65535 ticks"));
    const Status st = bpgr::run_guarded("encoder", [&] { return add_frame(enc, image, duration_ticks); });
    return st.ok() ? BPGR_OK : enc->fail(st);
}

bpgr_status bpgr_encoder_finish(bpgr_encoder *enc, uint8_t **out, size_t *out_size) {
    if (!enc) return BPGR_ERR_INVALID_ARGUMENT;
    if (!out || !out_size) return enc->fail(make_error(StatusCode::kInvalidArgument, "output pointer is NULL"));
    *out = nullptr;
    *out_size = 0;
    if (enc->finished) return enc->fail(make_error(StatusCode::kInvalidArgument, "encoder already finished"));
    if (!enc->started) return enc->fail(make_error(StatusCode::kInvalidArgument, "no frame was added"));
    enc->finished = true;
    std::vector<uint8_t> file;
    const Status st = bpgr::run_guarded("encoder", [&] { return finish(enc, &file); });
    if (!st.ok()) return enc->fail(st);
    uint8_t *buf = static_cast<uint8_t *>(std::malloc(file.size()));
    if (!buf) return enc->fail(make_error(StatusCode::kOutOfMemory, "out of memory"));
    std::memcpy(buf, file.data(), file.size());
    *out = buf;
    *out_size = file.size();
    return BPGR_OK;
}

void bpgr_encoder_free(void *p) { std::free(p); }

bpgr_status bpgr_encode(const bpgr_encoder_settings *settings, const bpgr_input_image *image,
                        uint8_t **out, size_t *out_size, char *msg, size_t msg_size) {
    auto report = [msg, msg_size](const char *text) {
        if (msg && msg_size) std::snprintf(msg, msg_size, "%s", text);
    };
    report("");
    if (!settings) {
        report("settings is NULL");
        return BPGR_ERR_INVALID_ARGUMENT;
    }
    const Status valid = validate_settings(settings);
    if (!valid.ok()) {
        report(valid.message.c_str());
        return bpgr::to_public_status(valid.code);
    }
    bpgr_encoder *enc = nullptr;
    bpgr_status st = bpgr_encoder_create(settings, &enc);
    if (st < 0) {
        report("cannot create the encoder");
        return st;
    }
    st = bpgr_encoder_add_frame(enc, image, 1);
    if (st >= 0) st = bpgr_encoder_finish(enc, out, out_size);
    if (st < 0) report(enc->error.c_str());
    bpgr_encoder_destroy(enc);
    return st;
}

}  // extern "C"
