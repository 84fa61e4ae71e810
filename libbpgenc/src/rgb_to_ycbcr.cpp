#include "rgb_to_ycbcr.h"

#include <algorithm>
#include <cmath>

#include "bpgr/format.h"
#include "color_space_weights.h"

namespace bpgr::enc {
namespace {

inline int clamp_sample(int64_t v, int max_value) {
    return int(std::min<int64_t>(std::max<int64_t>(v, 0), max_value));
}

template <typename Sample>
inline uint32_t sample_at(const void *row, size_t index) {
    return static_cast<const Sample *>(row)[index];
}

// libpng's premultiplication with PNG_ALPHA_ASSOCIATED + linear gamma.
inline uint32_t premultiply(uint32_t c, uint32_t a, uint32_t in_max) {
    return uint32_t((uint64_t(c) * a + in_max / 2) / in_max);
}

template <typename Sample>
void convert_rows(const InterleavedSource &src, const ForwardConstants &k, Picture *pic) {
    const int channels = src.channels;
    const bool has_alpha = channels == 2 || channels == 4;
    const bool is_gray = channels <= 2;
    const uint32_t in_max = (1u << src.sample_bits) - 1;
    const int shift = k.c_shift;
    for (uint32_t y = 0; y < src.height; y++) {
        const void *row = static_cast<const uint8_t *>(src.pixels) + ptrdiff_t(y) * src.stride;
        uint16_t *p0 = pic->color[0].row(y);
        uint16_t *p1 = is_gray ? nullptr : pic->color[1].row(y);
        uint16_t *p2 = is_gray ? nullptr : pic->color[2].row(y);
        uint16_t *pa = has_alpha ? pic->extra.row(y) : nullptr;
        for (uint32_t x = 0; x < src.width; x++) {
            const size_t base = size_t(x) * channels;
            uint32_t a = has_alpha ? sample_at<Sample>(row, base + channels - 1) : in_max;
            if (has_alpha)
                pa[x] = uint16_t((k.c_one * a + k.c_rnd) >> shift);
            if (is_gray) {
                uint32_t v = sample_at<Sample>(row, base);
                if (src.premultiply) v = premultiply(v, a, in_max);
                p0[x] = uint16_t((k.y_one * v + k.y_offset) >> shift);
                continue;
            }
            int64_t r = sample_at<Sample>(row, base);
            int64_t g = sample_at<Sample>(row, base + 1);
            int64_t b = sample_at<Sample>(row, base + 2);
            if (src.premultiply) {
                r = premultiply(uint32_t(r), a, in_max);
                g = premultiply(uint32_t(g), a, in_max);
                b = premultiply(uint32_t(b), a, in_max);
            }
            switch (pic->color_space) {
            case BPGR_CS_RGB:
                p0[x] = uint16_t((k.y_one * g + k.y_offset) >> shift);
                p1[x] = uint16_t((k.y_one * b + k.y_offset) >> shift);
                p2[x] = uint16_t((k.y_one * r + k.y_offset) >> shift);
                break;
            case BPGR_CS_YCGCO: {
                const int64_t t1 = k.c_0_5 * g;
                const int64_t t2 = k.c_0_25 * (r + b);
                p0[x] = uint16_t(clamp_sample((t1 + t2 + k.y_offset) >> shift, k.out_max));
                p1[x] = uint16_t(
                    clamp_sample(((t1 - t2 + k.c_rnd) >> shift) + k.center, k.out_max));
                p2[x] = uint16_t(clamp_sample(((k.c_0_5 * (r - b) + k.c_rnd) >> shift) + k.center,
                                              k.out_max));
                break;
            }
            default: {
                const int64_t *m = k.matrix;
                p0[x] = uint16_t(
                    clamp_sample((m[0] * r + m[1] * g + m[2] * b + k.y_offset) >> shift, k.out_max));
                p1[x] = uint16_t(clamp_sample(
                    ((m[3] * r + m[4] * g + m[5] * b + k.c_rnd) >> shift) + k.center, k.out_max));
                p2[x] = uint16_t(clamp_sample(
                    ((m[6] * r + m[7] * g + m[8] * b + k.c_rnd) >> shift) + k.center, k.out_max));
                break;
            }
            }
        }
    }
}

}  // namespace

ForwardConstants make_forward_constants(int in_bits, int out_bit_depth, int color_space,
                                        bool limited_range) {
    ForwardConstants k;
    k.c_shift = 31 - out_bit_depth;
    const double in_max = double((1u << in_bits) - 1);
    k.out_max = (1 << out_bit_depth) - 1;
    const double scale = double(1u << k.c_shift);
    const double mult = k.out_max * scale / in_max;
    double mult_y = mult, mult_c = mult;
    if (limited_range) {
        mult_y = double(219 << (out_bit_depth - 8)) * scale / in_max;
        mult_c = double(224 << (out_bit_depth - 8)) * scale / in_max;
    }
    const LumaWeights w = ycbcr_luma_weights(color_space);
    const double kg = 1.0 - w.kr - w.kb;
    const double rows[9] = {
        w.kr * mult_y, kg * mult_y, w.kb * mult_y,
        -0.5 * w.kr / (1 - w.kb) * mult_c, -0.5 * kg / (1 - w.kb) * mult_c, 0.5 * mult_c,
        0.5 * mult_c, -0.5 * kg / (1 - w.kr) * mult_c, -0.5 * w.kb / (1 - w.kr) * mult_c,
    };
    for (int i = 0; i < 9; i++) k.matrix[i] = std::lrint(rows[i]);
    k.c_0_25 = std::lrint(0.25 * mult_y);
    k.c_0_5 = std::lrint(0.5 * mult_y);
    k.c_one = std::lrint(mult);
    k.c_rnd = int64_t(1) << (k.c_shift - 1);
    k.center = 1 << (out_bit_depth - 1);
    if (limited_range) {
        k.y_one = std::lrint(mult_y);
        k.y_offset = k.c_rnd + (int64_t(16) << (k.c_shift + out_bit_depth - 8));
    } else {
        k.y_one = k.c_one;
        k.y_offset = k.c_rnd;
    }
    return k;
}

void convert_interleaved(const InterleavedSource &src, Picture *pic) {
    const bool is_gray = src.channels <= 2;
    if (is_gray) {
        pic->color_space = BPGR_CS_YCBCR;
        pic->pixel_format = 0;
    } else {
        pic->pixel_format = 3;
    }
    pic->width = src.width;
    pic->height = src.height;
    pic->color.assign(is_gray ? 1 : 3, Plane());
    for (Plane &p : pic->color) p.resize(src.width, src.height);
    pic->has_extra = src.channels == 2 || src.channels == 4;
    pic->extra_is_w = false;
    if (pic->has_extra) pic->extra.resize(src.width, src.height);
    const ForwardConstants k =
        make_forward_constants(src.sample_bits, pic->bit_depth, pic->color_space, pic->limited_range);
    if (src.sample_bits == 16)
        convert_rows<uint16_t>(src, k, pic);
    else
        convert_rows<uint8_t>(src, k, pic);
}

void rescale_8bit_plane(const uint8_t *src, ptrdiff_t stride, uint32_t width, uint32_t height,
                        int out_bit_depth, Plane *dst) {
    const ForwardConstants k = make_forward_constants(8, out_bit_depth, BPGR_CS_YCBCR, false);
    dst->resize(width, height);
    for (uint32_t y = 0; y < height; y++) {
        const uint8_t *in = src + ptrdiff_t(y) * stride;
        uint16_t *out = dst->row(y);
        for (uint32_t x = 0; x < width; x++)
            out[x] = uint16_t((k.c_one * in[x] + k.c_rnd) >> k.c_shift);
    }
}

}  // namespace bpgr::enc
