// Output conversion, bit-exact with libbpg 0.9.8 (bpg-format.md section 5):
// the converter's checks and the row pipeline that runs the stages.
//
// Per output row: (1) rebuild full-resolution chroma lines (5.3, 5.4;
// chroma_upsample.h); (2) in chunks of kChunk pixels, apply the colour matrix
// into planar int32 R/G/B arrays (5.5, with the 32-bit wrap-around of 5.8;
// color_matrix.h); (3) alpha, W or CMYK processing on those arrays (5.6, 5.7;
// alpha_w_cmyk.h); (4) interleave into dst (output_packers.h).
// Every stage is a plain loop over contiguous arrays with the format choices
// hoisted out (templates), so that the compiler vectorises it.
#include "color_convert.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "alpha_w_cmyk.h"
#include "chroma_upsample.h"
#include "color_matrix.h"
#include "convert_kernel_common.h"
#include "output_packers.h"

namespace bpgr {

using namespace kernels;

namespace {

// convert_row is compiled once per instruction set listed here; every stage
// is force-inlined into it (convert_kernel_common.h).
#if defined(__x86_64__) && defined(__ELF__) && !defined(BPGR_NO_TARGET_CLONES) && \
    (defined(__clang__) ? __clang_major__ >= 14 : defined(__GNUC__))
#define BPGR_ROW_CLONES \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define BPGR_ROW_CLONES
#endif

constexpr int kChunk = 512;  // pixels per matrix/pack step (stack arrays)

}  // namespace

void unpremultiply_pixels(int out_bits, const int32_t *a, int n, int32_t *r, int32_t *g,
                          int32_t *b) {
    if (out_bits == 8)
        unpremultiply<8>(a, n, r, g, b);
    else
        unpremultiply<16>(a, n, r, g, b);
}

bool ColorConverter::init(const PictureFormat &fmt, bpgr_output_format out) {
    ready_ = false;
    const int out_value = static_cast<int>(out);
    if (out_value < BPGR_OUTPUT_RGB24 || out_value > BPGR_OUTPUT_CMYK64) return false;
    if (fmt.bit_depth < 8 || fmt.bit_depth > 14) return false;
    if (fmt.chroma_format < 0 || fmt.chroma_format > 3) return false;
    if (fmt.chroma_phase != 0 && fmt.chroma_phase != 1) return false;
    if (fmt.chroma_format != 0 &&
        (fmt.color_space < BPGR_CS_YCBCR || fmt.color_space > BPGR_CS_YCBCR_BT2020))
        return false;
    if (fmt.has_alpha && fmt.has_w_plane) return false;
    if (fmt.width == 0 || fmt.height == 0) return false;

    fmt_ = fmt;
    fmt_.premultiplied = fmt.premultiplied && fmt.has_alpha;
    out_ = out;
    const bool out_16bit =
        out == BPGR_OUTPUT_RGB48 || out == BPGR_OUTPUT_RGBA64 || out == BPGR_OUTPUT_CMYK64;
    k_ = compute_conversion_constants(fmt.bit_depth, fmt.limited_range,
                                      fmt.chroma_format == 0 ? BPGR_CS_YCBCR : fmt.color_space,
                                      out_16bit);
    components_ = (out == BPGR_OUTPUT_RGB24 || out == BPGR_OUTPUT_RGB48) ? 3 : 4;
    ready_ = true;
    return true;
}

namespace {

// Everything one output row needs; built once per convert_rows call.
struct RowJob {
    const ConversionConstants *k;
    const PictureFormat *fmt;
    const PlaneView *planes;
    const PlaneView *extra;
    uint8_t *dst;  // output pixel x_begin of row y0
    ptrdiff_t dst_stride;
    uint32_t y0;
    uint32_t x_begin, x_end;  // the output columns converted
    int matrix;
    int components;
    bool cmyk, w_plane, alpha;
    ChromaLines chroma;  // scratch of build_chroma_lines
};

template <typename OutT>
BPGR_INLINE void convert_pixels(const RowJob &job, const uint16_t *y_row, const uint16_t *c1_row,
                                const uint16_t *c2_row, const uint16_t *extra_row, OutT *out_row) {
    constexpr int kOutBits = sizeof(OutT) * 8;
    constexpr int kShift = 30 - kOutBits;
    const ConversionConstants &k = *job.k;
    const PictureFormat &fmt = *job.fmt;
    const int32_t max_out = k.max_out;
    const bool has_extra = extra_row != nullptr;
    alignas(64) int32_t r[kChunk], g[kChunk], b[kChunk], a[kChunk];
    // Copies for a row end that is not a whole block (see kBlock).
    alignas(64) uint16_t tail_in[4][kChunk];
    alignas(64) OutT tail_out[4 * kChunk];

    for (uint32_t x0 = job.x_begin; x0 < job.x_end; x0 += kChunk) {
        const int n = static_cast<int>(std::min<uint32_t>(kChunk, job.x_end - x0));
        const int n_pad = (n + kBlock - 1) & ~(kBlock - 1);
        const uint16_t *y_in = y_row + x0, *c1_in = c1_row + x0, *c2_in = c2_row + x0;
        const uint16_t *extra_in = has_extra ? extra_row + x0 : nullptr;
        OutT *out = out_row + static_cast<size_t>(x0 - job.x_begin) * job.components;
        OutT *pack = out;
        if (n_pad != n) {
            const uint16_t *sources[4] = {y_in, c1_in, c2_in, extra_in};
            for (int i = 0; i < 4; ++i) {
                std::fill(tail_in[i], tail_in[i] + n_pad, uint16_t{0});
                if (sources[i]) std::copy(sources[i], sources[i] + n, tail_in[i]);
            }
            y_in = tail_in[0];
            c1_in = tail_in[1];
            c2_in = tail_in[2];
            extra_in = has_extra ? tail_in[3] : nullptr;
            pack = tail_out;
            const size_t used = static_cast<size_t>(n) * job.components;
            std::copy(out, out + used, tail_out);
            std::fill(tail_out + used, tail_out + static_cast<size_t>(n_pad) * job.components,
                      OutT{0});
        }
        apply_matrix_kind<kShift>(job.matrix, k, y_in, c1_in, c2_in, n_pad, r, g, b);

        if (job.cmyk) {
            invert_rgb(max_out, n_pad, r, g, b);
            if (fmt.has_w_plane) {
                // The reference never writes component 3 here: invert what
                // the caller's buffer holds.
                for (int x = 0; x < n_pad; ++x) a[x] = max_out - pack[4 * x + 3];
            } else {
                fill(0, n_pad, a);
            }
        } else if (job.w_plane) {
            apply_w_plane(extra_in, fmt.bit_depth, n_pad, r, g, b);
            if (job.components == 4) fill(max_out, n_pad, a);
        } else if (job.components == 4) {
            if (job.alpha) {
                scale_alpha(k, kOutBits == 8 && fmt.bit_depth == 8, extra_in, n_pad, a);
                if (fmt.premultiplied) unpremultiply<kOutBits>(a, n_pad, r, g, b);
            } else {
                fill(max_out, n_pad, a);
            }
        }

        if (job.components == 4)
            interleave<OutT, 4>(r, g, b, a, n_pad, pack);
        else
            interleave<OutT, 3>(r, g, b, a, n_pad, pack);
        if (pack != out) std::copy(pack, pack + static_cast<size_t>(n) * job.components, out);
    }
}

// A caller's buffer or stride may leave a 16-bit row at an odd address,
// where uint16 stores are undefined: convert into an aligned copy of the
// row (the CMYK quirk reads what the buffer held) and copy it back.
void convert_misaligned_row(const RowJob &job, const uint16_t *y_row, const uint16_t *c1_row,
                            const uint16_t *c2_row, const uint16_t *extra_row, uint8_t *out_row) {
    const size_t bytes = static_cast<size_t>(job.x_end - job.x_begin) * job.components * sizeof(uint16_t);
    std::vector<uint16_t> aligned(bytes / sizeof(uint16_t));
    std::memcpy(aligned.data(), out_row, bytes);
    convert_pixels<uint16_t>(job, y_row, c1_row, c2_row, extra_row, aligned.data());
    std::memcpy(out_row, aligned.data(), bytes);
}

// One output row. Compiled once per instruction set listed in
// BPGR_ROW_CLONES (everything above is inlined into it), picked at load time.
BPGR_ROW_CLONES void convert_row(const RowJob &job, uint32_t y) {
    const PlaneView &luma = job.planes[0];
    const uint16_t *y_row = luma.data + static_cast<ptrdiff_t>(y) * luma.stride;
    const uint16_t *c1_row = y_row, *c2_row = y_row;
    if (job.fmt->chroma_format != 0)
        build_chroma_lines(*job.fmt, job.planes, job.k->max_in, job.x_begin, job.x_end, job.chroma, y,
                           c1_row, c2_row);
    const uint16_t *extra_row =
        job.extra->data ? job.extra->data + static_cast<ptrdiff_t>(y) * job.extra->stride : nullptr;
    uint8_t *out_row = job.dst + static_cast<ptrdiff_t>(y - job.y0) * job.dst_stride;
    if (job.k->out_bits == 8)
        convert_pixels<uint8_t>(job, y_row, c1_row, c2_row, extra_row, out_row);
    else if (reinterpret_cast<uintptr_t>(out_row) % alignof(uint16_t) == 0)
        convert_pixels<uint16_t>(job, y_row, c1_row, c2_row, extra_row,
                                 reinterpret_cast<uint16_t *>(out_row));
    else
        convert_misaligned_row(job, y_row, c1_row, c2_row, extra_row, out_row);
}

}  // namespace

void ColorConverter::convert_rows(const PlaneView planes[3], const PlaneView &extra, uint32_t y0,
                                  uint32_t y1, uint8_t *dst, ptrdiff_t dst_stride) const {
    convert_rect(planes, extra, 0, fmt_.width, y0, y1, dst, dst_stride);
}

void ColorConverter::convert_rect(const PlaneView planes[3], const PlaneView &extra, uint32_t x0,
                                  uint32_t x1, uint32_t y0, uint32_t y1, uint8_t *dst,
                                  ptrdiff_t dst_stride) const {
    if (!ready_) return;
    y1 = std::min(y1, fmt_.height);
    x1 = std::min(x1, fmt_.width);
    if (y0 >= y1 || x0 >= x1) return;

    const ChromaScratch scratch(fmt_);

    RowJob job;
    job.k = &k_;
    job.fmt = &fmt_;
    job.planes = planes;
    job.extra = &extra;
    job.dst = dst;
    job.dst_stride = dst_stride;
    job.y0 = y0;
    job.x_begin = x0;
    job.x_end = x1;
    job.matrix = matrix_kind(fmt_.chroma_format, fmt_.color_space);
    job.components = components_;
    job.cmyk = out_ == BPGR_OUTPUT_CMYK32 || out_ == BPGR_OUTPUT_CMYK64;
    job.w_plane = fmt_.has_w_plane && extra.data != nullptr;
    job.alpha = fmt_.has_alpha && extra.data != nullptr;
    job.chroma = scratch.lines();

    for (uint32_t y = y0; y < y1; ++y) convert_row(job, y);
}

}  // namespace bpgr
