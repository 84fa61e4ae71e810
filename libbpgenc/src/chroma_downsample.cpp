#include "chroma_downsample.h"

#include <algorithm>

namespace bpgr::enc {
namespace {

constexpr int kFilterGainLog2 = 7;  // every filter sums to 128

inline int clamp_index(int i, int n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }

// Gain-128 sum for output i of a line of n samples read through `at`.
template <typename Get>
inline int32_t filtered_sum(Get at, int i, int n, ChromaPhase phase) {
    auto s = [&](int k) { return int32_t(at(clamp_index(k, n))); };
    const int c = 2 * i;
    if (phase == ChromaPhase::kCosited)
        return 64 * s(c) + 40 * (s(c - 1) + s(c + 1)) - 11 * (s(c - 3) + s(c + 3)) +
               4 * (s(c - 5) + s(c + 5)) - (s(c - 7) + s(c + 7));
    return 57 * (s(c) + s(c + 1)) + 17 * (s(c - 1) + s(c + 2)) - 8 * (s(c - 2) + s(c + 3)) -
           4 * (s(c - 3) + s(c + 4)) + 2 * (s(c - 4) + s(c + 5));
}

inline uint16_t clamp_sample(int32_t v, int max_value) {
    return uint16_t(std::min(std::max(v, 0), max_value));
}

}  // namespace

void downsample_422(const Plane &src, ChromaPhase phase, int bit_depth, Plane *dst) {
    const int w = int(src.width);
    const int out_w = (w + 1) / 2;
    const int max_value = (1 << bit_depth) - 1;
    const int32_t rounding = 1 << (kFilterGainLog2 - 1);
    dst->resize(uint32_t(out_w), src.height);
    for (uint32_t y = 0; y < src.height; y++) {
        const uint16_t *in = src.row(y);
        uint16_t *out = dst->row(y);
        auto at = [in](int k) { return in[k]; };
        for (int i = 0; i < out_w; i++)
            out[i] = clamp_sample((filtered_sum(at, i, w, phase) + rounding) >> kFilterGainLog2,
                                  max_value);
    }
}

void downsample_420(const Plane &src, ChromaPhase phase, int bit_depth, Plane *dst) {
    const int w = int(src.width), h = int(src.height);
    const int out_w = (w + 1) / 2, out_h = (h + 1) / 2;
    const int max_value = (1 << bit_depth) - 1;
    // Horizontal pass into a 14-bit intermediate (value << (14 - bit_depth)).
    const int h_shift = bit_depth - 7;
    const int32_t h_round = 1 << (bit_depth - 8);
    std::vector<int16_t> tmp(size_t(out_w) * h);
    for (int y = 0; y < h; y++) {
        const uint16_t *in = src.row(uint32_t(y));
        int16_t *out = tmp.data() + size_t(y) * out_w;
        auto at = [in](int k) { return in[k]; };
        for (int i = 0; i < out_w; i++)
            out[i] = int16_t((filtered_sum(at, i, w, phase) + h_round) >> h_shift);
    }
    const int v_shift = 21 - bit_depth;
    const int32_t v_round = 1 << (20 - bit_depth);
    dst->resize(uint32_t(out_w), uint32_t(out_h));
    for (int j = 0; j < out_h; j++) {
        uint16_t *out = dst->row(uint32_t(j));
        for (int i = 0; i < out_w; i++) {
            auto at = [&](int k) { return tmp[size_t(k) * out_w + i]; };
            out[i] = clamp_sample(
                (filtered_sum(at, j, h, ChromaPhase::kCentred) + v_round) >> v_shift, max_value);
        }
    }
}

void pad_plane(Plane *plane, uint32_t padded_width, uint32_t padded_height) {
    if (padded_width == plane->width && padded_height == plane->height) return;
    Plane out;
    out.resize(padded_width, padded_height);
    for (uint32_t y = 0; y < padded_height; y++) {
        const uint16_t *in = plane->row(std::min(y, plane->height - 1));
        uint16_t *dst = out.row(y);
        std::copy(in, in + plane->width, dst);
        std::fill(dst + plane->width, dst + padded_width, in[plane->width - 1]);
    }
    *plane = std::move(out);
}

}  // namespace bpgr::enc
