#include "chroma_downsample.h"

#include <gtest/gtest.h>

using namespace bpgr::enc;

namespace {

Plane make_plane(uint32_t w, uint32_t h, std::vector<uint16_t> samples) {
    Plane p;
    p.width = w;
    p.height = h;
    p.samples = std::move(samples);
    return p;
}

Plane constant_plane(uint32_t w, uint32_t h, uint16_t v) {
    return make_plane(w, h, std::vector<uint16_t>(size_t(w) * h, v));
}

}  // namespace

TEST(ChromaDownsample, ConstantStaysConstantAtEverySizeAndDepth) {
    for (int bd : {8, 10, 12})
        for (uint32_t w : {1u, 2u, 3u, 7u, 16u})
            for (uint32_t h : {1u, 2u, 5u})
                for (ChromaPhase phase : {ChromaPhase::kCosited, ChromaPhase::kCentred}) {
                    const uint16_t v = uint16_t((1 << bd) - 1);
                    Plane out;
                    downsample_422(constant_plane(w, h, v), phase, bd, &out);
                    EXPECT_EQ(out.width, (w + 1) / 2);
                    EXPECT_EQ(out.height, h);
                    for (uint16_t s : out.samples) EXPECT_EQ(s, v);
                    downsample_420(constant_plane(w, h, v), phase, bd, &out);
                    EXPECT_EQ(out.width, (w + 1) / 2);
                    EXPECT_EQ(out.height, (h + 1) / 2);
                    for (uint16_t s : out.samples) EXPECT_EQ(s, v);
                }
}

TEST(ChromaDownsample, CentredStepByHand) {
    // Output i=2 sits between inputs 4 and 5, the first of the bright half:
    // 57*(128+128) + 17*(0+128) - 8*(0+128) - 4*(0+128) + 2*(0+128) = 15488.
    Plane in = make_plane(8, 1, {0, 0, 0, 0, 128, 128, 128, 128});
    Plane out;
    downsample_422(in, ChromaPhase::kCentred, 8, &out);
    ASSERT_EQ(out.width, 4u);
    EXPECT_EQ(out.samples[2], (15488 + 64) >> 7);
    // Output 1 (between 2 and 3): 57*0 + 17*(0+128) - 8*(0+128) - 4*(0+128) + 2*(0+128).
    EXPECT_EQ(out.samples[1], (7 * 128 + 64) >> 7);
    // Output 3 rings above 128: taps 2..10 reach back into the dark half.
    // 57*256 + 17*256 - 8*(128+128) - 4*(0+128) + 2*(0+128) = 16640.
    EXPECT_EQ(out.samples[3], (16640 + 64) >> 7);
}

TEST(ChromaDownsample, CositedImpulseGivesTheTaps) {
    // A single bright sample at 8: outputs 4 (centre), 3/5 (+-2: no tap) and
    // the odd-distance taps land on no output, so use a sample at 9 as well.
    std::vector<uint16_t> line(24, 0);
    line[8] = 128;
    Plane out;
    downsample_422(make_plane(24, 1, line), ChromaPhase::kCosited, 8, &out);
    EXPECT_EQ(out.samples[4], 64);  // (64*128 + 64) >> 7
    EXPECT_EQ(out.samples[3], 0);
    line[8] = 0;
    line[9] = 128;  // distance 1 from output 4 and 5, 3 from 3 and 6, ...
    downsample_422(make_plane(24, 1, line), ChromaPhase::kCosited, 8, &out);
    EXPECT_EQ(out.samples[4], 40);
    EXPECT_EQ(out.samples[5], 40);
    EXPECT_EQ(out.samples[3], 0);  // -11 clamps to 0
    EXPECT_EQ(out.samples[2], 4);
}

TEST(ChromaDownsample, VerticalPassOf420IsCentred) {
    // Columns constant, rows 0..3 = 0, rows 4..7 = 200: like the horizontal
    // centred step, row output 2 = 57/128*400 + ... computed through the
    // two-stage rounding.
    std::vector<uint16_t> s;
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 4; x++) s.push_back(y < 4 ? 0 : 200);
    Plane out;
    downsample_420(make_plane(4, 8, s), ChromaPhase::kCentred, 8, &out);
    ASSERT_EQ(out.height, 4u);
    // Horizontal stage keeps 200 * 64 = 12800; vertical: (15488/128*... )
    const int v2 = (57 * 2 * 12800 + (17 - 8 - 4 + 2) * 12800 + (1 << 12)) >> 13;
    const int v1 = ((17 - 8 - 4 + 2) * 12800 + (1 << 12)) >> 13;
    EXPECT_EQ(out.samples[2 * 2], v2);
    EXPECT_EQ(out.samples[1 * 2], v1);
    EXPECT_EQ(out.samples[0], 0);
    // Row output 3 overshoots like the horizontal case (gain 130/128).
    EXPECT_EQ(out.samples[3 * 2], (16640 * 100 + (1 << 12)) >> 13);
}

TEST(PadPlane, RepeatsLastColumnThenLastRow) {
    Plane p = make_plane(2, 2, {1, 2, 3, 4});
    pad_plane(&p, 4, 3);
    EXPECT_EQ(p.samples, (std::vector<uint16_t>{1, 2, 2, 2, 3, 4, 4, 4, 3, 4, 4, 4}));
}
