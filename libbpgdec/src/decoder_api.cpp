// The bpgr C API (bpgr/decoder.h): argument checks, settings, error
// messages, and buffers owned by the handle.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "bpgr/decoder.h"
#include "bpgr_common/guarded.h"
#include "frame_decoder.h"
#include "frame_renderer.h"
#include "large_buffer.h"
#include "public_status.h"
#include "restore_stage.h"

using bpgr::Status;

struct bpgr_decoder {
    bpgr_decoder_settings settings{};
    std::string model;
    bool has_model = false;
    int threads = 1;
    bpgr::FrameDecoder frames;
    bpgr::FrameRenderer renderer;
    std::unique_ptr<bpgr::RestoreStage> restore;
    bpgr::LargeBuffer<uint8_t> owned_output;
    std::string last_error;

    bpgr_status fail(const Status &st) {
        last_error = st.message;
        return bpgr::to_public_status(st.code);
    }
    bpgr_status fail(bpgr_status code, const char *message) {
        last_error = message;
        return code;
    }
};

namespace {

constexpr uint32_t kDefaultMaxDimension = 16384;
constexpr uint64_t kDefaultMaxPixels = uint64_t{1} << 28;
constexpr uint64_t kDefaultMaxFileBytes = uint64_t{1} << 30;
constexpr uint64_t kDefaultMaxExtensionBytes = uint64_t{64} << 20;
constexpr uint32_t kDefaultMaxFrames = 100000;
constexpr uint64_t kDefaultMaxMemoryBytes = uint64_t{4} << 30;

int resolve_threads(int requested) {
    if (requested > 0) return requested;
    unsigned n = std::thread::hardware_concurrency();
    return n ? static_cast<int>(n) : 1;
}

void fill_info(const bpgr::BpgHeader &h, bpgr_image_info *info) {
    std::memset(info, 0, sizeof *info);
    info->width = h.width;
    info->height = h.height;
    info->pixel_format = h.pixel_format;
    info->color_space = h.color_space;
    info->bit_depth = h.bit_depth;
    info->has_alpha = h.has_alpha();
    info->premultiplied_alpha = h.alpha1 && h.alpha2;
    info->has_w_plane = h.has_w_plane();
    info->limited_range = h.limited_range;
    info->has_animation = h.animation;
    info->loop_count = h.animation ? h.loop_count : 0;
    info->frame_period_num = h.frame_period_num;
    info->frame_period_den = h.frame_period_den;
    info->extension_count = static_cast<uint32_t>(h.extensions.size());
}

bool valid_format(bpgr_output_format f) { return f >= BPGR_OUTPUT_RGB24 && f <= BPGR_OUTPUT_CMYK64; }

}  // namespace

extern "C" {

void bpgr_default_limits(bpgr_limits *limits) {
    if (!limits) return;
    limits->version = BPGR_LIMITS_VERSION;
    limits->max_dimension = kDefaultMaxDimension;
    limits->max_pixels = kDefaultMaxPixels;
    limits->max_file_bytes = kDefaultMaxFileBytes;
    limits->max_extension_bytes = kDefaultMaxExtensionBytes;
    limits->max_frames = kDefaultMaxFrames;
    limits->max_memory_bytes = kDefaultMaxMemoryBytes;
}

void bpgr_decoder_default_settings(bpgr_decoder_settings *s) {
    if (!s) return;
    std::memset(s, 0, sizeof *s);
    s->version = BPGR_DECODER_SETTINGS_VERSION;
    s->threads = 0;
    s->keep_extensions = 1;
    bpgr_default_limits(&s->limits);
    s->restore = 0;
    s->restore_model = nullptr;
    s->restore_precision = BPGR_PRECISION_AUTO;
}

bpgr_status bpgr_decoder_create(const bpgr_decoder_settings *settings, bpgr_decoder **out) {
    if (!out) return BPGR_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    bpgr_decoder_settings defaults;
    if (!settings) {
        bpgr_decoder_default_settings(&defaults);
        settings = &defaults;
    }
    if (settings->version != BPGR_DECODER_SETTINGS_VERSION || settings->limits.version != BPGR_LIMITS_VERSION) {
        return BPGR_ERR_INVALID_ARGUMENT;
    }
    if (settings->restore_precision < BPGR_PRECISION_AUTO || settings->restore_precision > BPGR_PRECISION_INT8) {
        return BPGR_ERR_INVALID_ARGUMENT;
    }
    bpgr_decoder *dec = new (std::nothrow) bpgr_decoder;
    if (!dec) return BPGR_ERR_OUT_OF_MEMORY;
    dec->settings = *settings;
    dec->threads = resolve_threads(settings->threads);
    if (settings->restore_model) {
        dec->model = settings->restore_model;
        dec->has_model = true;
    }
    dec->settings.restore_model = nullptr;  // never keep the caller's pointer
    *out = dec;
    if (settings->restore) {
        Status st = bpgr::create_restore_stage(dec->has_model ? dec->model.c_str() : nullptr,
                                               settings->restore_precision, dec->threads, settings->progress,
                                               settings->progress_opaque, dec->restore);
        if (!st.ok()) return dec->fail(st);
    }
    return BPGR_OK;
}

void bpgr_decoder_destroy(bpgr_decoder *dec) { delete dec; }

const char *bpgr_decoder_last_error(const bpgr_decoder *dec) {
    return dec ? dec->last_error.c_str() : "no decoder";
}

bpgr_status bpgr_probe(const uint8_t *data, size_t size, const bpgr_limits *limits, bpgr_image_info *info,
                       char *msg, size_t msg_size) {
    if (!data || !info) return BPGR_ERR_INVALID_ARGUMENT;
    bpgr::BpgHeader header;
    Status st = bpgr::parse_container(data, size, bpgr::ParseDepth::kExtensions, true, limits, header);
    if (msg && msg_size) {
        std::snprintf(msg, msg_size, "%s", st.message.c_str());
    }
    if (!st.ok()) return bpgr::to_public_status(st.code);
    fill_info(header, info);
    return BPGR_OK;
}

bpgr_status bpgr_decoder_open(bpgr_decoder *dec, const uint8_t *data, size_t size) {
    if (!dec) return BPGR_ERR_INVALID_ARGUMENT;
    if (!data && size) return dec->fail(BPGR_ERR_INVALID_ARGUMENT, "NULL data");
    if (dec->frames.is_open()) return dec->fail(BPGR_ERR_INVALID_ARGUMENT, "this decoder already opened an image");
    bpgr::FrameDecoderOptions options;
    options.keep_extensions = dec->settings.keep_extensions != 0;
    options.threads = dec->threads;
    options.limits = &dec->settings.limits;
    Status st = bpgr::run_guarded("decoder", [&] {
        return dec->frames.open(data ? data : reinterpret_cast<const uint8_t *>(""), size, options);
    });
    if (!st.ok()) return dec->fail(st);
    dec->last_error.clear();
    return BPGR_OK;
}

void bpgr_decoder_reset(bpgr_decoder *dec) {
    if (!dec) return;
    dec->frames = bpgr::FrameDecoder();
    dec->renderer = bpgr::FrameRenderer();  // its converter was set up for the old image
    dec->owned_output = bpgr::LargeBuffer<uint8_t>();
    dec->last_error.clear();
}

bpgr_status bpgr_decoder_get_info(const bpgr_decoder *dec, bpgr_image_info *info) {
    if (!dec || !info || !dec->frames.is_open()) return BPGR_ERR_INVALID_ARGUMENT;
    fill_info(dec->frames.header(), info);
    return BPGR_OK;
}

size_t bpgr_output_bytes_per_pixel(bpgr_output_format format) {
    static const size_t kBytes[] = {3, 4, 6, 8, 4, 8};
    return valid_format(format) ? kBytes[format] : 0;
}

bpgr_status bpgr_decoder_read_frame(bpgr_decoder *dec, bpgr_output_format format, void *dst, ptrdiff_t stride) {
    if (!dec) return BPGR_ERR_INVALID_ARGUMENT;
    if (!dec->frames.is_open()) return dec->fail(BPGR_ERR_INVALID_ARGUMENT, "no image decoded yet");
    if (!valid_format(format)) return dec->fail(BPGR_ERR_INVALID_ARGUMENT, "invalid output format");
    if (!dst) return dec->fail(BPGR_ERR_INVALID_ARGUMENT, "NULL destination buffer");
    const bpgr::BpgHeader &h = dec->frames.header();
    if (stride < 0 || static_cast<size_t>(stride) < h.width * bpgr_output_bytes_per_pixel(format)) {
        return dec->fail(BPGR_ERR_BUFFER_TOO_SMALL, "stride is smaller than one row of pixels");
    }
    Status st = bpgr::run_guarded("decoder", [&] {
        return dec->renderer.render(dec->frames, format, static_cast<uint8_t *>(dst), stride, dec->threads,
                                    dec->restore.get());
    });
    if (!st.ok()) return dec->fail(st);
    return BPGR_OK;
}

bpgr_status bpgr_decoder_read_frame_owned(bpgr_decoder *dec, bpgr_output_format format, const void **pixels,
                                          ptrdiff_t *stride) {
    if (!dec || !pixels || !stride) return BPGR_ERR_INVALID_ARGUMENT;
    if (!dec->frames.is_open()) return dec->fail(BPGR_ERR_INVALID_ARGUMENT, "no image decoded yet");
    if (!valid_format(format)) return dec->fail(BPGR_ERR_INVALID_ARGUMENT, "invalid output format");
    const bpgr::BpgHeader &h = dec->frames.header();
    size_t row = h.width * bpgr_output_bytes_per_pixel(format);
    try {
        dec->owned_output.resize(row * h.height);
        // CMYK of a W-plane image inverts what the buffer held: start from
        // zero, like a fresh caller buffer. Every other format is fully written.
        if (format == BPGR_OUTPUT_CMYK32 || format == BPGR_OUTPUT_CMYK64) {
            std::fill(dec->owned_output.begin(), dec->owned_output.end(), uint8_t{0});
        }
    } catch (const std::bad_alloc &) {
        return dec->fail(BPGR_ERR_OUT_OF_MEMORY, "cannot allocate the output image");
    }
    bpgr_status st = bpgr_decoder_read_frame(dec, format, dec->owned_output.data(), static_cast<ptrdiff_t>(row));
    if (st != BPGR_OK) return st;
    *pixels = dec->owned_output.data();
    *stride = static_cast<ptrdiff_t>(row);
    return BPGR_OK;
}

bpgr_status bpgr_decoder_next_frame(bpgr_decoder *dec) {
    if (!dec) return BPGR_ERR_INVALID_ARGUMENT;
    Status st = bpgr::run_guarded("decoder", [&] { return dec->frames.next_frame(); });
    if (st.code == bpgr::StatusCode::kEndOfStream) return BPGR_END_OF_STREAM;
    if (!st.ok()) return dec->fail(st);
    return BPGR_OK;
}

uint32_t bpgr_decoder_frame_index(const bpgr_decoder *dec) { return dec ? dec->frames.frame_index() : 0; }

bpgr_status bpgr_decoder_frame_duration(const bpgr_decoder *dec, uint32_t *num, uint32_t *den) {
    if (!dec || !num || !den || !dec->frames.is_open()) return BPGR_ERR_INVALID_ARGUMENT;
    const bpgr::BpgHeader &h = dec->frames.header();
    if (!h.animation) {
        *num = 0;
        *den = 1;
    } else {
        *num = uint32_t{h.frame_period_num} * dec->frames.duration_ticks();
        *den = h.frame_period_den;
    }
    return BPGR_OK;
}

bpgr_status bpgr_decoder_get_extension(const bpgr_decoder *dec, uint32_t index, uint32_t *tag,
                                       const uint8_t **data, size_t *size) {
    if (!dec || !tag || !data || !size || !dec->frames.is_open()) return BPGR_ERR_INVALID_ARGUMENT;
    const auto &ext = dec->frames.header().extensions;
    if (index >= ext.size()) return BPGR_ERR_INVALID_ARGUMENT;
    *tag = ext[index].tag;
    *data = dec->frames.file().data() + ext[index].offset;
    *size = ext[index].size;
    return BPGR_OK;
}

bpgr_status bpgr_decoder_get_plane(const bpgr_decoder *dec, int plane, const uint16_t **samples, uint32_t *width,
                                   uint32_t *height, ptrdiff_t *stride_samples) {
    if (!dec || !samples || !width || !height || !stride_samples || !dec->frames.is_open()) {
        return BPGR_ERR_INVALID_ARGUMENT;
    }
    const bpgr::Plane16 *found = dec->frames.api_plane(plane);
    if (!found) return BPGR_ERR_INVALID_ARGUMENT;
    const bpgr::Plane16 &p = *found;
    *samples = p.samples.data();
    *width = p.width;
    *height = p.height;
    *stride_samples = static_cast<ptrdiff_t>(p.width);
    return BPGR_OK;
}

int bpgr_decoder_frame_qp(const bpgr_decoder *dec) { return dec ? dec->frames.frame_qp() : -1; }

bpgr_status bpgr_decoder_restore_qp_range(const bpgr_decoder *dec, int *qp_min, int *qp_max) {
    if (!dec || !dec->restore || !qp_min || !qp_max) return BPGR_ERR_INVALID_ARGUMENT;
    dec->restore->qp_range(qp_min, qp_max);
    return BPGR_OK;
}

bpgr_status bpgr_decoder_restore_precision(const bpgr_decoder *dec, bpgr_precision *precision) {
    if (!dec || !dec->restore || !precision) return BPGR_ERR_INVALID_ARGUMENT;
    *precision = dec->restore->precision();
    return BPGR_OK;
}

void bpgr_free(void *p) { std::free(p); }

}  // extern "C"
