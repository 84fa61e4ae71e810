#include "rgb_to_ycbcr.h"

#include <gtest/gtest.h>

using namespace bpgr::enc;

namespace {

struct Yuv {
    int y, u, v;
};

Yuv convert_pixel(uint8_t r, uint8_t g, uint8_t b, int color_space, int bit_depth,
                  bool limited = false) {
    const uint8_t rgb[3] = {r, g, b};
    InterleavedSource src;
    src.width = src.height = 1;
    src.channels = 3;
    src.pixels = rgb;
    src.stride = 3;
    Picture pic;
    pic.color_space = color_space;
    pic.bit_depth = bit_depth;
    pic.limited_range = limited;
    convert_interleaved(src, &pic);
    return {pic.color[0].samples[0], pic.color[1].samples[0], pic.color[2].samples[0]};
}

void expect_yuv(Yuv got, Yuv want) {
    EXPECT_EQ(got.y, want.y);
    EXPECT_EQ(got.u, want.u);
    EXPECT_EQ(got.v, want.v);
}

}  // namespace

TEST(ForwardConstants, Bt601EightBitMatchesJfif) {
    const ForwardConstants k = make_forward_constants(8, 8, 0, false);
    EXPECT_EQ(k.c_shift, 23);
    EXPECT_EQ(k.c_one, 1 << 23);
    EXPECT_EQ(k.matrix[0], 2508194);  // lrint(0.299 * 2^23)
    EXPECT_EQ(k.matrix[5], 1 << 22);  // 0.5 * 2^23
    EXPECT_EQ(k.y_offset, 1 << 22);
    // JFIF primaries.
    expect_yuv(convert_pixel(255, 0, 0, 0, 8), {76, 85, 255});
    expect_yuv(convert_pixel(0, 255, 0, 0, 8), {150, 44, 21});
    expect_yuv(convert_pixel(0, 0, 255, 0, 8), {29, 255, 107});
    expect_yuv(convert_pixel(255, 255, 255, 0, 8), {255, 128, 128});
    expect_yuv(convert_pixel(0, 0, 0, 0, 8), {0, 128, 128});
}

TEST(ForwardConstants, GraysStayNeutralInEveryMatrix) {
    for (int cs : {0, 2, 3, 4})
        for (int bd : {8, 10, 12})
            for (int v : {0, 1, 77, 128, 254, 255}) {
                const Yuv p = convert_pixel(uint8_t(v), uint8_t(v), uint8_t(v), cs, bd);
                const int expect_y = int((int64_t(v) * ((1 << bd) - 1) * 2 + 255) / 510);
                EXPECT_NEAR(p.y, expect_y, 0) << "cs " << cs << " bd " << bd << " v " << v;
                EXPECT_EQ(p.u, 1 << (bd - 1));
                EXPECT_EQ(p.v, 1 << (bd - 1));
            }
}

TEST(ForwardConstants, LimitedRange) {
    expect_yuv(convert_pixel(255, 255, 255, 0, 8, true), {235, 128, 128});
    expect_yuv(convert_pixel(0, 0, 0, 0, 8, true), {16, 128, 128});
    expect_yuv(convert_pixel(255, 255, 255, 3, 10, true), {940, 512, 512});
    expect_yuv(convert_pixel(0, 0, 255, 0, 8, true), {41, 240, 110});
    // RGB: G B R planes, limited luma range.
    expect_yuv(convert_pixel(255, 0, 128, 1, 8, true), {16, 126, 235});
}

TEST(ForwardConstants, RgbAndYCgCoPlanes) {
    expect_yuv(convert_pixel(10, 20, 30, 1, 8), {20, 30, 10});
    expect_yuv(convert_pixel(10, 20, 30, 1, 10), {80, 120, 40});
    // YCgCo: Y = G/2 + (R+B)/4, Cg = G/2 - (R+B)/4 + 128, Co = (R-B)/2 + 128.
    expect_yuv(convert_pixel(200, 100, 40, 2, 8), {110, 118, 208});
}

TEST(ConvertInterleaved, SixteenBitGrayAlphaAndPremultiplication) {
    const uint16_t ga[4] = {65535, 32768, 1000, 0};  // (gray, alpha) x 2
    InterleavedSource src;
    src.width = 2;
    src.height = 1;
    src.channels = 2;
    src.sample_bits = 16;
    src.pixels = ga;
    src.stride = sizeof ga;
    Picture pic;
    pic.color_space = 3;  // ignored for gray
    pic.bit_depth = 8;
    convert_interleaved(src, &pic);
    EXPECT_EQ(pic.pixel_format, 0);
    EXPECT_EQ(pic.color_space, 0);
    ASSERT_TRUE(pic.has_extra);
    EXPECT_EQ(pic.color[0].samples[0], 255);
    EXPECT_EQ(pic.extra.samples[0], 128);
    EXPECT_EQ(pic.extra.samples[1], 0);
    src.premultiply = true;
    convert_interleaved(src, &pic);
    EXPECT_EQ(pic.color[0].samples[0], 128);  // 65535 * 32768 / 65535
    EXPECT_EQ(pic.color[0].samples[1], 0);    // alpha 0
}

TEST(ConvertInterleaved, EightBitPremultiplyRoundsLikeLibpng) {
    // (c * a + 127) / 255
    const uint8_t rgba[8] = {200, 100, 1, 128, 255, 255, 255, 1};
    InterleavedSource src;
    src.width = 2;
    src.height = 1;
    src.channels = 4;
    src.pixels = rgba;
    src.stride = 8;
    src.premultiply = true;
    Picture pic;
    pic.color_space = 1;
    pic.bit_depth = 8;
    convert_interleaved(src, &pic);
    EXPECT_EQ(pic.color[2].samples[0], (200 * 128 + 127) / 255);  // R plane
    EXPECT_EQ(pic.color[0].samples[0], (100 * 128 + 127) / 255);  // G plane
    EXPECT_EQ(pic.color[1].samples[0], (1 * 128 + 127) / 255);    // B plane
    EXPECT_EQ(pic.color[0].samples[1], 1);
    EXPECT_EQ(pic.extra.samples[0], 128);
}

TEST(RescalePlane, FullRangeTo10And12Bits) {
    const uint8_t row[3] = {0, 128, 255};
    Plane out;
    rescale_8bit_plane(row, 3, 3, 1, 10, &out);
    EXPECT_EQ(out.samples, (std::vector<uint16_t>{0, 514, 1023}));
    rescale_8bit_plane(row, 3, 3, 1, 12, &out);
    EXPECT_EQ(out.samples, (std::vector<uint16_t>{0, 2056, 4095}));
}
