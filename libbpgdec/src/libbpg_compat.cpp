// libbpg 0.9.8 compatible API (bpgr/libbpg.h) on top of the bpgr stages.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "bpgr/decoder.h"
#include "bpgr/libbpg.h"
#include "bpgr_common/guarded.h"
#include "frame_decoder.h"
#include "frame_renderer.h"
#include "restore_stage.h"

struct BPGDecoderContext {
    bool keep_extensions = false;
    bool decoded = false;
    bool started = false;
    BPGDecoderOutputFormat format = BPG_OUTPUT_FORMAT_RGB24;
    int line = -1;
    BPGExtensionData *extensions = nullptr;
    bpgr::FrameDecoder frames;
    bpgr::FrameRenderer renderer;
    bool restore_requested = false;
    std::string restore_model;
    bool has_restore_model = false;
    int restore_precision = 0;
    std::unique_ptr<bpgr::RestoreStage> restore;
    std::vector<uint8_t> restored_frame;  // whole frame when restoring
};

namespace {

// libbpg decodes with one thread; so do we for identical behaviour.
constexpr int kCompatThreads = 1;

BPGExtensionData *copy_extension_list(const bpgr::BpgHeader &h, const uint8_t *file) {
    BPGExtensionData *head = nullptr, **tail = &head;
    for (const bpgr::ExtensionRecord &rec : h.extensions) {
        auto *node = static_cast<BPGExtensionData *>(std::calloc(1, sizeof(BPGExtensionData)));
        uint8_t *buf = static_cast<uint8_t *>(std::malloc(rec.size ? rec.size : 1));
        if (!node || !buf) {
            std::free(node);
            std::free(buf);
            bpg_decoder_free_extension_data(head);
            return nullptr;
        }
        std::memcpy(buf, file + rec.offset, rec.size);
        node->tag = static_cast<BPGExtensionTagEnum>(static_cast<int32_t>(rec.tag));
        node->buf_len = static_cast<uint32_t>(rec.size);
        node->buf = buf;
        *tail = node;
        tail = &node->next;
    }
    return head;
}

void fill_info(const bpgr::BpgHeader &h, BPGImageInfo *p, bool normalise_format) {
    std::memset(p, 0, sizeof *p);
    p->width = h.width;
    p->height = h.height;
    p->format = normalise_format ? static_cast<uint8_t>(h.chroma_format_idc()) : h.pixel_format;
    p->has_alpha = h.has_alpha();
    p->color_space = h.color_space;
    p->bit_depth = h.bit_depth;
    p->premultiplied_alpha = h.alpha1 && h.alpha2;
    p->has_w_plane = h.has_w_plane();
    p->limited_range = h.limited_range;
    p->has_animation = h.animation;
    p->loop_count = h.animation ? h.loop_count : 0;
}

size_t line_bytes(const BPGDecoderContext *s) {
    return s->frames.header().width * bpgr_output_bytes_per_pixel(static_cast<bpgr_output_format>(s->format));
}

bool is_rgb_format(BPGDecoderOutputFormat f) { return f <= BPG_OUTPUT_FORMAT_RGBA64; }

// With restoration the whole frame is rendered at start; lines are copied.
int prepare_frame(BPGDecoderContext *s) {
    s->line = 0;
    if (!s->restore || !is_rgb_format(s->format)) return 0;
    size_t row = line_bytes(s);
    try {
        s->restored_frame.assign(row * s->frames.header().height, 0);
    } catch (const std::bad_alloc &) {
        return -1;
    }
    bpgr::Status st = s->renderer.render(s->frames, static_cast<bpgr_output_format>(s->format),
                                         s->restored_frame.data(), static_cast<ptrdiff_t>(row), kCompatThreads,
                                         s->restore.get());
    return st.ok() ? 0 : -1;
}

}  // namespace

extern "C" {

BPGDecoderContext *bpg_decoder_open(void) { return new (std::nothrow) BPGDecoderContext; }

void bpg_decoder_keep_extension_data(BPGDecoderContext *s, int enable) {
    if (s) s->keep_extensions = enable != 0;
}

int bpg_decoder_decode(BPGDecoderContext *s, const uint8_t *buf, int buf_len) {
    if (!s || !buf || buf_len < 0 || s->decoded) return -1;
    bpgr_limits limits;
    bpgr_default_limits(&limits);
    bpgr::FrameDecoderOptions options;
    options.keep_extensions = s->keep_extensions;
    options.threads = kCompatThreads;
    options.limits = &limits;
    if (!bpgr::run_guarded("decoder", [&] { return s->frames.open(buf, static_cast<size_t>(buf_len), options); }).ok()) {
        return -1;
    }
    if (s->keep_extensions) {
        s->extensions = copy_extension_list(s->frames.header(), s->frames.file().data());
        if (!s->extensions && !s->frames.header().extensions.empty()) return -1;
    }
    if (s->restore_requested) {
        bpgr::Status st = bpgr::create_restore_stage(s->has_restore_model ? s->restore_model.c_str() : nullptr,
                                                     static_cast<bpgr_precision>(s->restore_precision),
                                                     kCompatThreads, nullptr, nullptr, s->restore);
        if (!st.ok()) {
            bpg_decoder_free_extension_data(s->extensions);
            s->extensions = nullptr;
            return -1;
        }
    }
    s->decoded = true;
    return 0;
}

BPGExtensionData *bpg_decoder_get_extension_data(BPGDecoderContext *s) { return s ? s->extensions : nullptr; }

int bpg_decoder_get_info(BPGDecoderContext *s, BPGImageInfo *p) {
    if (!s || !p || !s->decoded) return -1;
    fill_info(s->frames.header(), p, true);
    return 0;
}

int bpg_decoder_start(BPGDecoderContext *s, BPGDecoderOutputFormat out_fmt) {
    if (!s || !s->decoded) return -1;
    if (!s->started) {
        if (static_cast<unsigned>(out_fmt) > BPG_OUTPUT_FORMAT_CMYK64) return -1;
        s->format = out_fmt;
        s->started = true;
        return prepare_frame(s);
    }
    if (!s->frames.header().animation || out_fmt != s->format) return -1;
    if (!bpgr::run_guarded("decoder", [&] { return s->frames.next_frame(); }).ok()) return -1;
    return prepare_frame(s);
}

void bpg_decoder_get_frame_duration(BPGDecoderContext *s, int *pnum, int *pden) {
    int num = 0, den = 1;
    if (s && s->decoded && s->frames.header().animation) {
        const bpgr::BpgHeader &h = s->frames.header();
        int64_t product = int64_t{h.frame_period_num} * s->frames.duration_ticks();
        num = static_cast<int>(static_cast<uint32_t>(product));  // wraps like the reference
        den = h.frame_period_den;
    }
    if (pnum) *pnum = num;
    if (pden) *pden = den;
}

int bpg_decoder_get_line(BPGDecoderContext *s, void *buf) {
    if (!s || !buf || !s->started || s->line < 0) return -1;
    const bpgr::BpgHeader &h = s->frames.header();
    if (static_cast<uint32_t>(s->line) >= h.height) return -1;
    uint8_t *dst = static_cast<uint8_t *>(buf);
    if (!s->restored_frame.empty() && s->restore && is_rgb_format(s->format)) {
        size_t row = line_bytes(s);
        std::memcpy(dst, s->restored_frame.data() + row * static_cast<size_t>(s->line), row);
    } else {
        uint32_t y = static_cast<uint32_t>(s->line);
        bpgr::Status st = s->renderer.convert_rows(s->frames, static_cast<bpgr_output_format>(s->format), y, y + 1,
                                                   dst, static_cast<ptrdiff_t>(line_bytes(s)), kCompatThreads);
        if (!st.ok()) return -1;
    }
    ++s->line;
    return 0;
}

void bpg_decoder_close(BPGDecoderContext *s) {
    if (!s) return;
    bpg_decoder_free_extension_data(s->extensions);
    delete s;
}

uint8_t *bpg_decoder_get_data(BPGDecoderContext *s, int *pline_size, int plane) {
    if (pline_size) *pline_size = 0;
    if (!s || !s->decoded) return nullptr;
    const bpgr::Plane16 *found = s->frames.api_plane(plane);
    if (!found) return nullptr;
    const bpgr::Plane16 &p = *found;
    if (pline_size) *pline_size = static_cast<int>(p.width * sizeof(uint16_t));
    return reinterpret_cast<uint8_t *>(const_cast<uint16_t *>(p.samples.data()));
}

int bpg_decoder_get_info_from_buf(BPGImageInfo *p, BPGExtensionData **pfirst_md, const uint8_t *buf,
                                  int buf_len) {
    if (!p || !buf || buf_len < 0) return -1;
    if (pfirst_md) *pfirst_md = nullptr;
    bpgr::BpgHeader h;
    bpgr::ParseDepth depth = pfirst_md ? bpgr::ParseDepth::kExtensions : bpgr::ParseDepth::kSize;
    if (!bpgr::parse_container(buf, static_cast<size_t>(buf_len), depth, pfirst_md != nullptr, nullptr, h).ok()) {
        return -1;
    }
    fill_info(h, p, false);
    if (!pfirst_md) p->loop_count = 0;
    if (pfirst_md) {
        *pfirst_md = copy_extension_list(h, buf);
        if (!*pfirst_md && !h.extensions.empty()) return -1;
    }
    return 0;
}

void bpg_decoder_free_extension_data(BPGExtensionData *first_md) {
    while (first_md) {
        BPGExtensionData *next = first_md->next;
        std::free(first_md->buf);
        std::free(first_md);
        first_md = next;
    }
}

int bpgr_bpg_decoder_set_restore(BPGDecoderContext *s, const char *model, int precision) {
    if (!s || s->decoded || precision < 0 || precision > BPGR_PRECISION_INT8) return -1;
    if (!bpgr::restore_available()) return -1;
    s->restore_requested = true;
    s->has_restore_model = model != nullptr;
    if (model) s->restore_model = model;
    s->restore_precision = precision;
    return 0;
}

}  // extern "C"
