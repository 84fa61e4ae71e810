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

Status FrameRenderer::prepare(const FrameDecoder &frames, bpgr_output_format format) {
    if (converter_ready_ && converter_format_ == format) return Status{};
    if (!converter_.init(picture_format_of(frames.header()), format)) {
        return make_error(StatusCode::kInvalidArgument, "output format %d is not valid for this image",
                          static_cast<int>(format));
    }
    converter_ready_ = true;
    converter_format_ = format;
    return Status{};
}

Status FrameRenderer::convert_rows(const FrameDecoder &frames, bpgr_output_format format, uint32_t y0,
                                   uint32_t y1, uint8_t *dst, ptrdiff_t stride, int threads) {
    BPGR_RETURN_IF_ERROR(prepare(frames, format));
    PlaneView planes[3], extra;
    current_plane_views(frames, planes, extra);
    uint32_t rows = y1 - y0;
    uint32_t workers = static_cast<uint32_t>(std::max(1, threads));
    workers = std::min(workers, std::max(1u, rows / kMinRowsPerThread));
    if (workers <= 1) {
        converter_.convert_rows(planes, extra, y0, y1, dst, stride);
        return Status{};
    }
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    uint32_t chunk = (rows + workers - 1) / workers;
    for (uint32_t w = 1; w < workers; ++w) {
        uint32_t a = y0 + w * chunk, b = std::min(y1, a + chunk);
        if (a >= b) break;
        pool.emplace_back([&, a, b] {
            converter_.convert_rows(planes, extra, a, b, dst + static_cast<ptrdiff_t>(a - y0) * stride, stride);
        });
    }
    converter_.convert_rows(planes, extra, y0, std::min(y1, y0 + chunk), dst, stride);
    for (std::thread &t : pool) t.join();
    return Status{};
}

Status FrameRenderer::render(const FrameDecoder &frames, bpgr_output_format format, uint8_t *dst,
                             ptrdiff_t stride, int threads, RestoreStage *restore) {
    const BpgHeader &h = frames.header();
    BPGR_RETURN_IF_ERROR(convert_rows(frames, format, 0, h.height, dst, stride, threads));
    bool rgb_output = format == BPGR_OUTPUT_RGB24 || format == BPGR_OUTPUT_RGBA32 ||
                      format == BPGR_OUTPUT_RGB48 || format == BPGR_OUTPUT_RGBA64;
    if (!restore || !rgb_output) return Status{};

    // The network reads the 16-bit conversion (full precision, straight
    // colour); alpha in dst stays as converted above.
    bool with_alpha = format == BPGR_OUTPUT_RGBA32 || format == BPGR_OUTPUT_RGBA64;
    bpgr_output_format wide = with_alpha ? BPGR_OUTPUT_RGBA64 : BPGR_OUTPUT_RGB48;
    int channels = with_alpha ? 4 : 3;
    size_t samples = size_t{h.width} * h.height * channels;
    try {
        restore_input_.resize(samples);
    } catch (const std::bad_alloc &) {
        return make_error(StatusCode::kOutOfMemory, "cannot allocate the restoration input (%zu samples)", samples);
    }
    ptrdiff_t wide_stride = static_cast<ptrdiff_t>(h.width) * channels * 2;
    BPGR_RETURN_IF_ERROR(convert_rows(frames, wide, 0, h.height,
                                      reinterpret_cast<uint8_t *>(restore_input_.data()), wide_stride, threads));
    int dst_bits = (format == BPGR_OUTPUT_RGB48 || format == BPGR_OUTPUT_RGBA64) ? 16 : 8;
    return restore->run(restore_input_.data(), h.width, h.height, wide_stride, channels, dst, stride, channels,
                        dst_bits, frames.frame_qp());
}

}  // namespace bpgr
