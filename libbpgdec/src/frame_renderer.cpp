#include "frame_renderer.h"

#include <algorithm>
#include <thread>

namespace bpgr {

namespace {
constexpr uint32_t kMinRowsPerThread = 64;
}

PictureFormat picture_format_of(const BpgHeader &h) {
    PictureFormat f;
    f.width = h.width;
    f.height = h.height;
    f.chroma_format = h.chroma_format_idc();
    f.chroma_phase = h.chroma_phase();
    f.color_space = h.color_space;
    f.bit_depth = h.bit_depth;
    f.limited_range = h.limited_range;
    f.has_alpha = h.has_alpha();
    f.premultiplied = h.alpha1 && h.alpha2;
    f.has_w_plane = h.has_w_plane();
    return f;
}

void current_plane_views(const FrameDecoder &frames, PlaneView planes[3], PlaneView &extra) {
    int count = frames.header().chroma_format_idc() == 0 ? 1 : 3;
    for (int i = 0; i < 3; ++i) {
        if (i < count) {
            const Plane16 &p = frames.plane(i);
            planes[i] = PlaneView{p.samples.data(), static_cast<ptrdiff_t>(p.width), p.width, p.height};
        } else {
            planes[i] = PlaneView{nullptr, 0, 0, 0};
        }
    }
    if (frames.header().has_extra_plane()) {
        const Plane16 &p = frames.plane(3);
        extra = PlaneView{p.samples.data(), static_cast<ptrdiff_t>(p.width), p.width, p.height};
    } else {
        extra = PlaneView{nullptr, 0, 0, 0};
    }
}

namespace {

// The frame converted to the restoration's input format, a window at a time.
class ConvertedWindows final : public RestoreSource {
public:
    ConvertedWindows(const ColorConverter &converter, const FrameDecoder &frames) : converter_(converter) {
        current_plane_views(frames, planes_, extra_);
    }
    void read(uint32_t x, uint32_t y, uint32_t cols, uint32_t rows, uint16_t *dst,
              ptrdiff_t stride) const override {
        converter_.convert_rect(planes_, extra_, x, x + cols, y, y + rows, reinterpret_cast<uint8_t *>(dst), stride);
    }

private:
    const ColorConverter &converter_;
    PlaneView planes_[3], extra_;
};

}  // namespace

Status FrameRenderer::prepare(CachedConverter &cache, const FrameDecoder &frames, bpgr_output_format format) {
    if (cache.ready && cache.format == format) return Status{};
    cache.ready = false;
    if (!cache.converter.init(picture_format_of(frames.header()), format)) {
        return make_error(StatusCode::kInvalidArgument, "output format %d is not valid for this image",
                          static_cast<int>(format));
    }
    cache.ready = true;
    cache.format = format;
    return Status{};
}

Status FrameRenderer::convert_rows(const FrameDecoder &frames, bpgr_output_format format, uint32_t y0,
                                   uint32_t y1, uint8_t *dst, ptrdiff_t stride, int threads) {
    BPGR_RETURN_IF_ERROR(prepare(output_, frames, format));
    const ColorConverter &converter = output_.converter;
    PlaneView planes[3], extra;
    current_plane_views(frames, planes, extra);
    uint32_t rows = y1 - y0;
    uint32_t workers = static_cast<uint32_t>(std::max(1, threads));
    workers = std::min(workers, std::max(1u, rows / kMinRowsPerThread));
    if (workers <= 1) {
        converter.convert_rows(planes, extra, y0, y1, dst, stride);
        return Status{};
    }
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    uint32_t chunk = (rows + workers - 1) / workers;
    for (uint32_t w = 1; w < workers; ++w) {
        uint32_t a = y0 + w * chunk, b = std::min(y1, a + chunk);
        if (a >= b) break;
        pool.emplace_back([&, a, b] {
            converter.convert_rows(planes, extra, a, b, dst + static_cast<ptrdiff_t>(a - y0) * stride, stride);
        });
    }
    converter.convert_rows(planes, extra, y0, std::min(y1, y0 + chunk), dst, stride);
    for (std::thread &t : pool) t.join();
    return Status{};
}

Status FrameRenderer::render(const FrameDecoder &frames, bpgr_output_format format, uint8_t *dst,
                             ptrdiff_t stride, int threads, RestoreStage *restore) {
    const BpgHeader &h = frames.header();
    const bool rgb_output = format == BPGR_OUTPUT_RGB24 || format == BPGR_OUTPUT_RGBA32 ||
                            format == BPGR_OUTPUT_RGB48 || format == BPGR_OUTPUT_RGBA64;
    const bool with_alpha = format == BPGR_OUTPUT_RGBA32 || format == BPGR_OUTPUT_RGBA64;
    // Restored RGB is written once, by the restoration; alpha (RGBA formats)
    // comes from the plain conversion, whose RGB the restoration overwrites.
    if (!restore || !rgb_output || with_alpha)
        BPGR_RETURN_IF_ERROR(convert_rows(frames, format, 0, h.height, dst, stride, threads));
    if (!restore || !rgb_output) return Status{};

    // The network reads the 16-bit conversion (full precision, straight colour).
    BPGR_RETURN_IF_ERROR(prepare(restore_, frames, with_alpha ? BPGR_OUTPUT_RGBA64 : BPGR_OUTPUT_RGB48));
    const ConvertedWindows source(restore_.converter, frames);
    const int channels = with_alpha ? 4 : 3;
    const int dst_bits = (format == BPGR_OUTPUT_RGB48 || format == BPGR_OUTPUT_RGBA64) ? 16 : 8;
    return restore->run(source, h.width, h.height, channels, dst, stride, channels, dst_bits, frames.frame_qp());
}

}  // namespace bpgr
