// SPDX-License-Identifier: LGPL-3.0-or-later
//
// Tiles (all 8 configured as 16 rows x 64 bytes): tmm0-3 accumulate a 2x2
// block of 16 pixels x 16 output channels (int32), tmm4-5 hold the
// activations of 2 x 16 pixels (A: a row per pixel, 64 bytes of K), tmm6-7
// the weights of 2 x 16 output channels (B: 16 rows of 4 consecutive K
// values for each of 16 channels). Every tile row starts on a cache line.
//
// Row layouts (pixel p = x + 1; p = 0 and p = cols + 1 are zero padding;
// pixels past that are zero or stale and only feed discarded outputs):
//   q:     quantized h row, 32 s8 per pixel
//   pair:  q rows y and y + 1 interleaved, 64 s8 per pixel
//   horiz: q row pixels p and p + 1, 64 s8 per pixel
//   a:     wide activation row, E u8 per pixel in planes of 64 channels
//          (plane c / 64, then pixel, then c % 64)
// conv1 (K = 9 taps x 32 channels) in 5 K-steps of 64: the 3 columns of the
// pair of rows above and at y (pair row y - 1), then row y + 1 from horiz:
// columns x - 1, x, and column x + 1 next to zero weights.
// conv2 (K = 9 taps x E) in 9 x E/64 K-steps: one tap, one plane.
#include "amx_blocks.h"

#include "amx_tiles.h"
#include "cpu_features.h"
#include "int8_scales.h"

// GCC 12 warns inside its own AVX-512 intrinsics (-Wmaybe-uninitialized on
// the pass-through operand of masked builtins) used from target functions:
// a false positive, as in tail_conv.cpp.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cmath>

namespace bpgr::pf {

namespace {

constexpr int kWidth = 32;     // h channels as the tiles see them (the model's, zero-padded)
constexpr int kGroup = 32;     // pixels per 2x2 tile block
constexpr int kTileBytes = 1024;
constexpr int kConv1Steps = 5;
// conv1 converts each unit's accumulators kLag units later, from a ring of
// kAccBlocks 32 x 32 int32 blocks.
constexpr int kLag = 2;  // 1..3 measured alike
constexpr int kAccBlocks = kLag + 1;

int8_t quantize_weight(float w, float scale) {
    return int8_t(std::clamp(std::nearbyint(w * scale), -128.0f, 127.0f));
}

// One K-step of the 2x2 block: A rows (16 + 16 pixels, 64 bytes each) from
// `src`, `stride` bytes apart; B (2 x 16 channels) from `w`. conv1 multiplies
// s8 by s8, conv2 u8 by s8.
template <bool kSignedA>
__attribute__((target("amx-tile,amx-int8"))) inline void k_step(const void *src, int stride, const int8_t *w) {
    _tile_loadd(4, src, stride);
    _tile_loadd(5, static_cast<const char *>(src) + 16 * stride, stride);
    _tile_loadd(6, w, 64);
    _tile_loadd(7, w + kTileBytes, 64);
    if constexpr (kSignedA) {
        _tile_dpbssd(0, 4, 6);
        _tile_dpbssd(1, 4, 7);
        _tile_dpbssd(2, 5, 6);
        _tile_dpbssd(3, 5, 7);
    } else {
        _tile_dpbusd(0, 4, 6);
        _tile_dpbusd(1, 4, 7);
        _tile_dpbusd(2, 5, 6);
        _tile_dpbusd(3, 5, 7);
    }
}

// The 2x2 accumulator tiles into acc: 32 pixels x 32 channels, int32.
__attribute__((target("amx-tile"))) inline void store_block(int32_t *acc) {
    _tile_stored(0, acc, 128);
    _tile_stored(1, acc + 16, 128);
    _tile_stored(2, acc + 16 * 32, 128);
    _tile_stored(3, acc + 16 * 32 + 16, 128);
}

// Lanes of channels c0 .. c0 + 15 that are below `width`.
inline __mmask16 channel_mask(int width, int c0) {
    const int n = std::clamp(width - c0, 0, 16);
    return __mmask16((1u << n) - 1u);
}

// h row (`width` <= 32 floats per pixel) -> q row (32 bytes per pixel, zero
// past `width`): s8, rounded to nearest even, saturated.
__attribute__((target("avx512f,avx512bw"))) void quantize_row(const float *h, int cols, int width, float scale,
                                                             int8_t *q) {
    const __m512 s = _mm512_set1_ps(scale);
    const __mmask16 m0 = channel_mask(width, 0), m1 = channel_mask(width, 16);
    int8_t *out = q + kWidth;  // pixel 0 is p = 1
    for (int x = 0; x < cols; ++x, h += width, out += kWidth) {
        const __m512i v0 = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_maskz_loadu_ps(m0, h), s));
        const __m512i v1 = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_maskz_loadu_ps(m1, h + 16), s));
        _mm_store_si128(reinterpret_cast<__m128i *>(out), _mm512_cvtsepi32_epi8(v0));
        _mm_store_si128(reinterpret_cast<__m128i *>(out + 16), _mm512_cvtsepi32_epi8(v1));
    }
}

// pair[p] = (upper[p], lower[p]) for p = 1..cols.
__attribute__((target("avx2"))) void interleave_rows(const int8_t *upper, const int8_t *lower, int cols, int8_t *pair) {
    for (int p = 1; p <= cols; ++p) {
        _mm256_store_si256(reinterpret_cast<__m256i *>(pair + size_t(p) * 64),
                           _mm256_load_si256(reinterpret_cast<const __m256i *>(upper + size_t(p) * 32)));
        _mm256_store_si256(reinterpret_cast<__m256i *>(pair + size_t(p) * 64 + 32),
                           _mm256_load_si256(reinterpret_cast<const __m256i *>(lower + size_t(p) * 32)));
    }
}

// horiz[p] = (q[p], q[p + 1]) for p = 0..cols.
__attribute__((target("avx2"))) void pair_columns(const int8_t *q, int cols, int8_t *horiz) {
    for (int p = 0; p <= cols; ++p) {
        const __m256i lo = _mm256_load_si256(reinterpret_cast<const __m256i *>(q + size_t(p) * 32));
        const __m256i hi = _mm256_load_si256(reinterpret_cast<const __m256i *>(q + size_t(p + 1) * 32));
        _mm256_store_si256(reinterpret_cast<__m256i *>(horiz + size_t(p) * 64), lo);
        _mm256_store_si256(reinterpret_cast<__m256i *>(horiz + size_t(p) * 64 + 32), hi);
    }
}

// relu((acc + bias) * scale) -> u8 for pixels [i0, i1) of a 32 x 32 block
// (acc: 32 pixels x 32 channels, int32) into a row at channel `oc`.
__attribute__((target("avx512f,avx512bw"))) inline void store_activation(const int32_t *acc, const float *bias,
                                                                         const float *scale, int oc, int i0, int i1,
                                                                         uint8_t *out) {
    const __m512 zero = _mm512_setzero_ps();
    const __m512 b0 = _mm512_loadu_ps(bias + oc), b1 = _mm512_loadu_ps(bias + oc + 16);
    const __m512 s0 = _mm512_loadu_ps(scale + oc), s1 = _mm512_loadu_ps(scale + oc + 16);
    out += size_t(i0) * 64 + oc % 64;
    for (int i = i0; i < i1; ++i, out += 64) {
        const __m512 v0 = _mm512_cvtepi32_ps(_mm512_load_si512(acc + i * 32));
        const __m512 v1 = _mm512_cvtepi32_ps(_mm512_load_si512(acc + i * 32 + 16));
        const __m512 r0 = _mm512_max_ps(_mm512_mul_ps(_mm512_add_ps(v0, b0), s0), zero);
        const __m512 r1 = _mm512_max_ps(_mm512_mul_ps(_mm512_add_ps(v1, b1), s1), zero);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out), _mm512_cvtusepi32_epi8(_mm512_cvtps_epi32(r0)));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + 16), _mm512_cvtusepi32_epi8(_mm512_cvtps_epi32(r1)));
    }
}

// a row = relu((conv1 + bias) * scale) for pixels 0..cols-1. Work goes in
// units of 32 pixels x 32 channels: 64-channel planes outer, then pixels,
// then the plane's two 32-channel halves, so that a plane's 20 KiB of
// weights stay in L1 along the row and each unit pair fills whole cache lines
// (measured: +16% against pixels outer, where all 40 KiB of weights cycle).
// The vector work that turns one unit's accumulators into u8 is spread over
// the tile products of a later unit, so the two run side by side.
__attribute__((target("amx-tile,amx-int8,avx512f,avx512bw"))) void conv1_row(
    const int8_t *pair_above, const int8_t *horiz_below, const int8_t *w, const float *bias, const float *scale,
    int expanded, int cols, size_t plane_bytes, uint8_t *a, int32_t *acc_ring) {
    const int n_tiles = expanded / 16, groups = (cols + kGroup - 1) / kGroup;
    const int units = groups * (expanded / 32);
    constexpr int kPixelsPerStep = (kGroup + kConv1Steps - 1) / kConv1Steps;
    constexpr int kBlockInts = kGroup * 32;
    // Units waiting for their u8 conversion, by u % kAccBlocks: the unit
    // converted during unit u is u - kLag, whose tile stores are long done.
    struct Pending {
        int oc = 0, px = 0;
        uint8_t *out = nullptr;
    } pending[kAccBlocks];
    for (int u = 0; u < units + kLag; ++u) {
        const Pending &late = pending[(u + kAccBlocks - kLag) % kAccBlocks];
        const int32_t *late_acc = acc_ring + (u + kAccBlocks - kLag) % kAccBlocks * kBlockInts;
        if (u >= units) {  // drain
            if (u >= kLag && late.out) store_activation(late_acc, bias, scale, late.oc, 0, late.px, late.out);
            continue;
        }
        const int plane = u / (2 * groups), rest = u % (2 * groups);
        const int x0 = rest / 2 * kGroup, np = 2 * plane + rest % 2;  // np: 32-channel unit
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
        for (int ks = 0; ks < kConv1Steps; ++ks) {
            // Output pixel x reads pixel x + kw - 1, i.e. p = x + kw.
            const int8_t *src = ks < 3 ? pair_above + size_t(x0 + ks) * 64
                                       : horiz_below + size_t(x0 + (ks == 3 ? 0 : 2)) * 64;
            const int8_t *wt = w + size_t(ks * n_tiles + 2 * np) * kTileBytes;
            k_step<true>(src, 64, wt);
            if (u >= kLag)
                store_activation(late_acc, bias, scale, late.oc, std::min(ks * kPixelsPerStep, late.px),
                                 std::min((ks + 1) * kPixelsPerStep, late.px), late.out);
        }
        store_block(acc_ring + u % kAccBlocks * kBlockInts);
        pending[u % kAccBlocks] = {32 * np, std::min(kGroup, cols - x0),
                                   a + size_t(plane) * plane_bytes + size_t(x0 + 1) * 64};
    }
}

// h row += (conv2 + bias) * scale for pixels 0..cols-1; a rows y-1, y, y+1.
// Meanwhile brings `next_h` (the h row quantized next, or null) into L2:
// the window's h is far larger than L2, so that row comes from L3 or memory.
__attribute__((target("amx-tile,amx-int8,avx512f,avx512bw"))) void conv2_row(
    const uint8_t *const a_rows[3], const int8_t *w, const float *bias, const float *scale, int expanded, int cols,
    size_t plane_bytes, int width, float *h, const float *next_h, int32_t *acc) {
    const int group_lines = kGroup * width * int(sizeof(float)) / 64;
    const __mmask16 m0 = channel_mask(width, 0), m1 = channel_mask(width, 16);
    const int halves = expanded / 64;
    const __m512 b0 = _mm512_loadu_ps(bias), b1 = _mm512_loadu_ps(bias + 16);
    const __m512 s0 = _mm512_loadu_ps(scale), s1 = _mm512_loadu_ps(scale + 16);
    for (int x0 = 0; x0 < cols; x0 += kGroup) {
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
        const int8_t *wt = w;
        const char *pf = next_h ? reinterpret_cast<const char *>(next_h + size_t(x0) * width) : nullptr;
        const char *pf_end = next_h ? reinterpret_cast<const char *>(next_h + size_t(cols) * width) : nullptr;
        int line = 0;
        for (int kh = 0; kh < 3; ++kh) {
            for (int kw = 0; kw < 3; ++kw) {
                const uint8_t *src = a_rows[kh] + size_t(x0 + kw) * 64;
                for (int hh = 0; hh < halves; ++hh, src += plane_bytes, wt += 2 * kTileBytes) {
                    for (int i = 0; i < 4 && pf && line < group_lines; ++i, ++line)
                        if (pf + line * 64 < pf_end) _mm_prefetch(pf + line * 64, _MM_HINT_T1);
                    k_step<false>(src, 64, wt);
                }
            }
        }
        store_block(acc);
        const int n_px = std::min(kGroup, cols - x0);
        float *out = h + size_t(x0) * width;
        for (int i = 0; i < n_px; ++i, out += width) {
            const __m512 v0 = _mm512_cvtepi32_ps(_mm512_load_si512(acc + i * 32));
            const __m512 v1 = _mm512_cvtepi32_ps(_mm512_load_si512(acc + i * 32 + 16));
            _mm512_mask_storeu_ps(out, m0, _mm512_add_ps(_mm512_maskz_loadu_ps(m0, out),
                                                         _mm512_mul_ps(_mm512_add_ps(v0, b0), s0)));
            _mm512_mask_storeu_ps(out + 16, m1, _mm512_add_ps(_mm512_maskz_loadu_ps(m1, out + 16),
                                                              _mm512_mul_ps(_mm512_add_ps(v1, b1), s1)));
        }
    }
}

}  // namespace

bool AmxBlocks::fits(const WdsrModel &model) {
    return model.width >= 1 && model.width <= uint32_t(kWidth) && model.kernel == 3 && model.expanded_width >= 1 &&
           model.n_blocks > 0;
}



bool AmxBlocks::available() { return amx_int8_kernels_allowed(); }

AmxBlocks::AmxBlocks(const WdsrModel &model, const std::vector<float> &act_max)
    : width_(int(model.width)), expanded_(int((model.expanded_width + 63) / 64 * 64)) {
    // Channels past the model's (f past width_, e past model_e) get zero
    // weights, bias and scale: they add exact zeros.
    const int f = width_, model_e = int(model.expanded_width);
    const int e = expanded_, n1 = e / 16, halves = e / 64;
    blocks_.resize(model.n_blocks);
    for (uint32_t b = 0; b < model.n_blocks; ++b) {
        const WdsrBlock &src = model.blocks[b];
        Block &blk = blocks_[b];
        blk.h_scale = safe_scale(act_max[1 + 2 * b], kInt8SignedMax);
        const float a_scale = safe_scale(act_max[2 + 2 * b], kInt8UnsignedMax);
        std::vector<float> w2 = src.conv2.weights;
        for (float &v : w2) v *= model.res_scale;
        std::vector<float> ws1 = weight_scales(src.conv1.weights, uint32_t(model_e));
        std::vector<float> ws2 = weight_scales(w2, uint32_t(f));
        blk.bias1.assign(size_t(e), 0.0f);
        blk.scale1.assign(size_t(e), 0.0f);
        blk.bias2.assign(size_t(kWidth), 0.0f);
        blk.scale2.assign(size_t(kWidth), 0.0f);
        for (int oc = 0; oc < model_e; ++oc) {
            blk.bias1[oc] = src.conv1.bias[oc] * blk.h_scale * ws1[oc];
            blk.scale1[oc] = a_scale / (blk.h_scale * ws1[oc]);
        }
        for (int oc = 0; oc < f; ++oc) {
            blk.bias2[oc] = src.conv2.bias[oc] * model.res_scale * a_scale * ws2[oc];
            blk.scale2[oc] = 1.0f / (a_scale * ws2[oc]);
        }
        ws1.resize(size_t(e), 0.0f);
        ws2.resize(size_t(kWidth), 0.0f);
        // OIHW conv1 / conv2 weights, zero for padded channels.
        auto w1_at = [&](int oc, int c, int kh, int kw) {
            return oc < model_e && c < f ? src.conv1.weights[((size_t(oc) * f + c) * 3 + kh) * 3 + kw] : 0.0f;
        };
        auto w2_at = [&](int oc, int c, int kh, int kw) {
            return oc < f && c < model_e ? w2[((size_t(oc) * model_e + c) * 3 + kh) * 3 + kw] : 0.0f;
        };
        // B tile byte [r][j * 4 + q] holds K index k = 4r + q of channel n * 16 + j.
        blk.w1.assign(size_t(kConv1Steps) * n1 * kTileBytes, 0);
        for (int ks = 0; ks < kConv1Steps; ++ks)
            for (int n = 0; n < n1; ++n)
                for (int k = 0; k < 64; ++k)
                    for (int j = 0; j < 16; ++j) {
                        const int oc = n * 16 + j, c = k % 32;
                        int kh, kw;
                        if (ks < 3) {
                            kh = k / 32;
                            kw = ks;
                        } else if (ks == 3) {
                            kh = 2;
                            kw = k / 32;
                        } else {
                            if (k >= 32) continue;  // zero weights against column x + 2
                            kh = 2;
                            kw = 2;
                        }
                        blk.w1[(size_t(ks * n1 + n)) * kTileBytes + size_t(k / 4) * 64 + j * 4 + k % 4] =
                            quantize_weight(w1_at(oc, c, kh, kw), ws1[oc]);
                    }
        blk.w2.assign(size_t(9) * halves * 2 * kTileBytes, 0);
        for (int tap = 0; tap < 9; ++tap)
            for (int hh = 0; hh < halves; ++hh)
                for (int n = 0; n < 2; ++n)
                    for (int k = 0; k < 64; ++k)
                        for (int j = 0; j < 16; ++j) {
                            const int oc = n * 16 + j;
                            blk.w2[size_t((tap * halves + hh) * 2 + n) * kTileBytes + size_t(k / 4) * 64 + j * 4 +
                                   k % 4] = quantize_weight(w2_at(oc, hh * 64 + k, tap / 3, tap % 3), ws2[oc]);
                        }
    }
}

bool AmxBlocks::Buffers::prepare(int cols, const AmxBlocks &blocks) {
    const int expanded = blocks.expanded_;
    if (mem_.data() && cols == cols_ && expanded == expanded_) return true;
    // Pixels per row: the padding pixel on each side, whole groups of 32
    // (tile loads read past the last pixel), and one more pair of pixels.
    const size_t row_pixels = size_t((cols + kGroup - 1) / kGroup) * kGroup + 4;
    const size_t q_bytes = row_pixels * 32, wide_bytes = row_pixels * 64, a_bytes = row_pixels * size_t(expanded);
    const size_t acc_bytes = kAccBlocks * size_t(kGroup) * 32 * sizeof(int32_t);
    if (!mem_.allocate(4 * q_bytes + 2 * wide_bytes + 4 * a_bytes + acc_bytes)) return false;
    char *p = static_cast<char *>(mem_.data());
    for (int8_t *&q : q_) {
        q = reinterpret_cast<int8_t *>(p);
        p += q_bytes;
    }
    pair_ = reinterpret_cast<int8_t *>(p);
    p += 2 * wide_bytes;  // pair, then horiz
    for (uint8_t *&a : a_) {
        a = reinterpret_cast<uint8_t *>(p);
        p += a_bytes;
    }
    zero_ = reinterpret_cast<uint8_t *>(p);
    p += a_bytes;
    acc_ = reinterpret_cast<int32_t *>(p);
    cols_ = cols;
    expanded_ = expanded;
    row_pixels_ = row_pixels;
    return true;
}

void AmxBlocks::run_block(const Block &blk, float *h_row0, int rows, int cols, Buffers &buf) const {
    const int e = expanded_;
    const size_t h_row_floats = size_t(cols) * width_;
    const int8_t *zero_q = reinterpret_cast<const int8_t *>(buf.zero_);
    int8_t *horiz = buf.pair_ + buf.row_pixels_ * 64;
    auto q_row = [&](int r) -> const int8_t * { return r < 0 || r >= rows ? zero_q : buf.q_[r & 3]; };
    auto a_row = [&](int r) -> const uint8_t * { return r < 0 || r >= rows ? buf.zero_ : buf.a_[(r + 3) % 3]; };
    auto quantize = [&](int r) {
        if (r >= 0 && r < rows) quantize_row(h_row0 + size_t(r) * h_row_floats, cols, width_, blk.h_scale, buf.q_[r & 3]);
    };
    // Wide activation row r from q rows r - 1, r, r + 1.
    auto conv1 = [&](int r) {
        interleave_rows(q_row(r - 1), q_row(r), cols, buf.pair_);
        pair_columns(q_row(r + 1), cols, horiz);
        conv1_row(buf.pair_, horiz, blk.w1.data(), blk.bias1.data(), blk.scale1.data(), e, cols,
                  buf.row_pixels_ * 64, buf.a_[r % 3], buf.acc_);
    };
    quantize(0);
    quantize(1);
    conv1(0);
    for (int y = 0; y < rows; ++y) {
        if (y + 1 < rows) {
            quantize(y + 2);
            conv1(y + 1);
        }
        const uint8_t *a_rows[3] = {a_row(y - 1), a_row(y), a_row(y + 1)};
        const float *next_h = y + 3 < rows ? h_row0 + size_t(y + 3) * h_row_floats : nullptr;
        conv2_row(a_rows, blk.w2.data(), blk.bias2.data(), blk.scale2.data(), e, cols, buf.row_pixels_ * 64,
                  width_, h_row0 + size_t(y) * h_row_floats, next_h, buf.acc_);
    }
}

void AmxBlocks::run(float *h_row0, int rows, int cols, Buffers &buf, const std::function<void(int)> &block_done) const {
    // The tile state is per thread: configured here, released on every exit.
    struct TileScope {
        TileScope() { configure_full_tiles(); }
        ~TileScope() { release_tiles(); }
    } tiles;
    for (size_t b = 0; b < blocks_.size(); ++b) {
        run_block(blocks_[b], h_row0, rows, cols, buf);
        if (block_done) block_done(int(b));
    }
}

}  // namespace bpgr::pf

#pragma GCC diagnostic pop
