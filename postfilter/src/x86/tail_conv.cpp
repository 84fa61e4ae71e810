// SPDX-License-Identifier: LGPL-3.0-or-later
#include "tail_conv.h"

// GCC 12 warns inside its own AVX-512 intrinsics (-Wuninitialized on the
// unused pass-through operand of the masked builtins) when they are used
// from a target("avx512f") function: a false positive, not this file's.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>

#include "cpu_features.h"

namespace bpgr::pf {

namespace {

constexpr int kLanes = 16;
constexpr int kOut = 3;
constexpr int kGroup = 4;  // pixels computed together (12 accumulators)

// Sum of the 16 lanes in a fixed order (halves, quarters, pairs, lanes).
__attribute__((target("avx512f"))) inline float lane_sum(__m512 v) {
    v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, 0x4e));
    v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, 0xb1));
    v = _mm512_add_ps(v, _mm512_permute_ps(v, 0x4e));
    v = _mm512_add_ps(v, _mm512_permute_ps(v, 0xb1));
    return _mm512_cvtss_f32(v);
}

// Every output pixel is computed by the same sequence of operations (taps in
// order, chunks in order, one fused multiply-add each, then the same
// horizontal sum), whether it is computed alone or in a group of four, so a
// pixel's value does not depend on where the window starts (tiled results
// equal whole-image results bit for bit). Taps outside the columns are
// skipped, which equals adding zero.
// K, Chunks: compile-time kernel size and 16-channel vectors per pixel (0:
// read from k / chunks at run time); Masked: the last vector is partial.
template <int K, int Chunks, bool Masked>
struct Kernel {
    const float *packed;
    const float *bias;
    int c, k, chunks;
    size_t row_floats;  // cols * c
    __mmask16 last_mask;

    __attribute__((target("avx512f"))) __m512 load(const float *p, int chunk, int n_chunks) const {
        return Masked && chunk + 1 == n_chunks ? _mm512_maskz_loadu_ps(last_mask, p + chunk * kLanes)
                                               : _mm512_loadu_ps(p + chunk * kLanes);
    }

    // N pixels from column x; Checked: skip taps outside [0, cols).
    template <int N, bool Checked>
    __attribute__((target("avx512f"))) void pixels(const float *h_row0, int x, int cols, float *dst) const {
        const int kk = K ? K : k, n_chunks = Chunks ? Chunks : chunks;
        __m512 acc[N][kOut];
        for (int p = 0; p < N; ++p)
            for (int o = 0; o < kOut; ++o) acc[p][o] = _mm512_setzero_ps();
        const int pad = kk / 2;
        for (int dy = 0; dy < kk; ++dy) {
            const float *row = h_row0 + ptrdiff_t(dy - pad) * ptrdiff_t(row_floats);
            for (int dx = 0; dx < kk; ++dx) {
                const float *w_tap = packed + size_t(dy * kk + dx) * kOut * n_chunks * kLanes;
                for (int ch = 0; ch < n_chunks; ++ch) {
                    const __m512 w0 = _mm512_loadu_ps(w_tap + (0 * n_chunks + ch) * kLanes);
                    const __m512 w1 = _mm512_loadu_ps(w_tap + (1 * n_chunks + ch) * kLanes);
                    const __m512 w2 = _mm512_loadu_ps(w_tap + (2 * n_chunks + ch) * kLanes);
                    for (int p = 0; p < N; ++p) {
                        const int sx = x + p + dx - pad;
                        if (Checked && (sx < 0 || sx >= cols)) continue;
                        const __m512 v = load(row + size_t(sx) * c, ch, n_chunks);
                        acc[p][0] = _mm512_fmadd_ps(v, w0, acc[p][0]);
                        acc[p][1] = _mm512_fmadd_ps(v, w1, acc[p][1]);
                        acc[p][2] = _mm512_fmadd_ps(v, w2, acc[p][2]);
                    }
                }
            }
        }
        for (int p = 0; p < N; ++p)
            for (int o = 0; o < kOut; ++o) dst[size_t(x + p) * kOut + o] += lane_sum(acc[p][o]) + bias[o];
    }

    __attribute__((target("avx512f"))) void rows(const float *h_row0, int n_rows, int cols, float *dst) const {
        const int pad = (K ? K : k) / 2;
        for (int r = 0; r < n_rows; ++r) {
            const float *row0 = h_row0 + size_t(r) * row_floats;
            float *out = dst + size_t(r) * cols * kOut;
            int x = 0;
            for (; x < std::min(pad, cols); ++x) pixels<1, true>(row0, x, cols, out);
            for (; x + kGroup - 1 + pad < cols; x += kGroup) pixels<kGroup, false>(row0, x, cols, out);
            for (; x < cols; ++x) pixels<1, true>(row0, x, cols, out);
        }
    }
};

}  // namespace

TailConv::TailConv(const ConvWeights &tail)
    : in_channels_(int(tail.in_channels)), kernel_(int(tail.kernel)),
      chunks_((int(tail.in_channels) + kLanes - 1) / kLanes) {
    const int taps = kernel_ * kernel_;
    packed_.assign(size_t(taps) * kOut * chunks_ * kLanes, 0.0f);
    for (int o = 0; o < kOut; ++o) {
        bias_[o] = tail.bias[size_t(o)];
        for (int c = 0; c < in_channels_; ++c)
            for (int t = 0; t < taps; ++t)
                packed_[(size_t(t) * kOut + o) * chunks_ * kLanes + c] =
                    tail.weights[(size_t(o) * in_channels_ + c) * taps + t];
    }
}

bool TailConv::available() { return avx512_kernels_allowed(); }

void TailConv::run(const float *h_row0, int rows, int cols, float *dst) const {
    const int rem = in_channels_ % kLanes;
    const __mmask16 mask = static_cast<__mmask16>(rem ? (1u << rem) - 1 : 0xffffu);
    const size_t row_floats = size_t(cols) * in_channels_;
    // The paper net (32 channels) and the default net (24) get unrolled
    // kernels; the same operations in the same order as the generic one.
    auto with = [&](auto kern) { kern.rows(h_row0, rows, cols, dst); };
    const float *w = packed_.data();
    if (kernel_ == 3 && chunks_ == 2 && rem == 0) with(Kernel<3, 2, false>{w, bias_, in_channels_, kernel_, chunks_, row_floats, mask});
    else if (kernel_ == 3 && chunks_ == 2) with(Kernel<3, 2, true>{w, bias_, in_channels_, kernel_, chunks_, row_floats, mask});
    else if (rem == 0) with(Kernel<0, 0, false>{w, bias_, in_channels_, kernel_, chunks_, row_floats, mask});
    else with(Kernel<0, 0, true>{w, bias_, in_channels_, kernel_, chunks_, row_floats, mask});
}

}  // namespace bpgr::pf

#pragma GCC diagnostic pop
