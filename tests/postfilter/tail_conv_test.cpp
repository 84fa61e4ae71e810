// The hand-written tail convolution (AVX-512) against plain loops in double,
// over channel counts that fill whole vectors or leave a masked remainder,
// kernel sizes 3 and 5, and widths below, at and above its 4-pixel groups.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "x86/tail_conv.h"

namespace bpgr::pf {
namespace {

ConvWeights random_tail(int in_channels, int kernel, std::mt19937 &rng) {
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    ConvWeights w;
    w.out_channels = 3;
    w.in_channels = uint32_t(in_channels);
    w.kernel = uint32_t(kernel);
    w.weights.resize(size_t(3) * in_channels * kernel * kernel);
    for (float &v : w.weights) v = u(rng);
    w.bias = {u(rng), u(rng), u(rng)};
    return w;
}

TEST(TailConv, MatchesPlainLoops) {
    if (!TailConv::available()) GTEST_SKIP() << "no AVX-512 (or oneDNN capped below it): oneDNN runs the tail";
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-2.0f, 2.0f);
    for (int c : {8, 24, 32, 40}) {
        for (int k : {3, 5}) {
            for (int cols : {1, 2, 3, 5, 9, 17}) {
                const int rows = 3, pad = k / 2;
                const ConvWeights w = random_tail(c, k, rng);
                // h with pad rows above and below (random: they are read as given).
                std::vector<float> h(size_t(rows + 2 * pad) * cols * c);
                for (float &v : h) v = u(rng);
                std::vector<float> dst(size_t(rows) * cols * 3), start(dst.size());
                for (float &v : start) v = u(rng);
                dst = start;
                TailConv(w).run(h.data() + size_t(pad) * cols * c, rows, cols, dst.data());
                double worst = 0;
                for (int y = 0; y < rows; ++y)
                    for (int x = 0; x < cols; ++x)
                        for (int o = 0; o < 3; ++o) {
                            double s = w.bias[size_t(o)];
                            for (int dy = 0; dy < k; ++dy)
                                for (int dx = 0; dx < k; ++dx) {
                                    const int sx = x + dx - pad;
                                    if (sx < 0 || sx >= cols) continue;
                                    for (int ch = 0; ch < c; ++ch)
                                        s += double(h[(size_t(y + dy) * cols + sx) * c + ch]) *
                                             w.weights[((size_t(o) * c + ch) * k + dy) * k + dx];
                                }
                            const size_t i = (size_t(y) * cols + x) * 3 + o;
                            worst = std::max(worst, std::fabs(double(dst[i]) - start[i] - s));
                        }
                EXPECT_LT(worst, 2e-4) << "channels " << c << " kernel " << k << " cols " << cols;
            }
        }
    }
}

// A pixel's value must not depend on its column's place in the 4-pixel
// groups (a window may start anywhere): shifting the image by one column
// inside a wider buffer gives the same numbers bit for bit.
TEST(TailConv, ValueIndependentOfColumnOffset) {
    if (!TailConv::available()) GTEST_SKIP() << "no AVX-512";
    std::mt19937 rng(8);
    std::uniform_real_distribution<float> u(-2.0f, 2.0f);
    const int c = 32, k = 3, rows = 1, cols = 12;
    const ConvWeights w = random_tail(c, k, rng);
    const TailConv tail(w);
    std::vector<float> h(size_t(rows + 2) * cols * c);
    for (float &v : h) v = u(rng);
    std::vector<float> base(size_t(cols) * 3, 0.0f);
    tail.run(h.data() + size_t(cols) * c, rows, cols, base.data());
    for (int shift = 1; shift <= 3; ++shift) {
        // The same pixels at columns shift..shift+cols-1 of a wider image
        // whose extra columns are far from the compared ones.
        const int wide = cols + 2 * shift + 4;
        std::vector<float> hw(size_t(rows + 2) * wide * c, 0.0f);
        for (int y = 0; y < rows + 2; ++y)
            for (int x = 0; x < cols; ++x)
                std::copy_n(&h[(size_t(y) * cols + x) * c], c, &hw[(size_t(y) * wide + x + shift) * c]);
        std::vector<float> out(size_t(wide) * 3, 0.0f);
        tail.run(hw.data() + size_t(wide) * c, rows, wide, out.data());
        // Interior columns (both neighbours present in both runs) must match exactly.
        for (int x = 1; x + 1 < cols; ++x)
            for (int o = 0; o < 3; ++o)
                EXPECT_EQ(out[size_t(x + shift) * 3 + o], base[size_t(x) * 3 + o]) << "shift " << shift << " x " << x;
    }
}

}  // namespace
}  // namespace bpgr::pf
