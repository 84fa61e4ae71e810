// The worked examples of bpg-format.md 5.9 (items 1-12), through the public
// ColorConverter API.
#include <gtest/gtest.h>

#include <vector>

#include "convert_helpers.h"

namespace bpgr::test {
namespace {

std::vector<int> pixel(const OutputImage &img, uint32_t x = 0, uint32_t y = 0) {
    std::vector<int> out;
    for (int c = 0; c < components(img.format); ++c) out.push_back(img.sample(x, y, c));
    return out;
}

std::vector<int> component_row(const OutputImage &img, uint32_t width, uint32_t y, int comp) {
    std::vector<int> out;
    for (uint32_t x = 0; x < width; ++x) out.push_back(img.sample(x, y, comp));
    return out;
}

using V = std::vector<int>;

TEST(ColorConvertExamples, Ex1Bt601FullRange) {
    TestImage img = single_pixel(BPGR_CS_YCBCR, 8, false, 100, 150, 90);
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB24)), (V{47, 120, 139}));
}

TEST(ColorConvertExamples, Ex2Bt601LimitedRange) {
    TestImage img = single_pixel(BPGR_CS_YCBCR, 8, true, 100, 150, 90);
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB24)), (V{37, 120, 142}));
}

TEST(ColorConvertExamples, Ex3Bt709Limited10Bit) {
    TestImage img = single_pixel(BPGR_CS_YCBCR_BT709, 10, true, 512, 300, 700);
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB48)), (V{55170, 29983, 4743}));
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB24)), (V{215, 117, 18}));
}

TEST(ColorConvertExamples, Ex4YCgCoFull) {
    TestImage img = single_pixel(BPGR_CS_YCGCO, 8, false, 120, 100, 160);
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB24)), (V{180, 92, 116}));
}

TEST(ColorConvertExamples, Ex5Rgb12Bit) {
    TestImage img = single_pixel(BPGR_CS_RGB, 12, false, 2048, 4095, 1000);  // G, B, R
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB24)), (V{62, 128, 255}));
}

TEST(ColorConvertExamples, Ex6LimitedBt601BlueWrapsToZero) {
    TestImage img = single_pixel(BPGR_CS_YCBCR, 8, true, 255, 255, 128);
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB24)), (V{255, 229, 0}));
}

TEST(ColorConvertExamples, Ex7YCgCo16BitBlueWraps) {
    TestImage img = single_pixel(BPGR_CS_YCGCO, 8, false, 255, 0, 0);
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB48)), (V{65535, 32639, 0}));
}

// RGB colour space at 8 bits, full range, converts samples unchanged, so the
// "converted" colours of example 8 can be fed in directly.
TestImage premultiplied_pixel(uint16_t r, uint16_t g, uint16_t b, uint16_t a) {
    PictureFormat fmt = make_format(1, 1, 3, 1, BPGR_CS_RGB, 8, false);
    fmt.has_alpha = fmt.premultiplied = true;
    TestImage img = make_image(fmt);
    img.planes[0].at(0, 0) = g;
    img.planes[1].at(0, 0) = b;
    img.planes[2].at(0, 0) = r;
    img.extra.at(0, 0) = a;
    return img;
}

TEST(ColorConvertExamples, Ex8PremultipliedRgba32) {
    EXPECT_EQ(pixel(convert_image(premultiplied_pixel(100, 50, 0, 128), BPGR_OUTPUT_RGBA32)),
              (V{199, 100, 0, 128}));
    EXPECT_EQ(pixel(convert_image(premultiplied_pixel(200, 128, 3, 128), BPGR_OUTPUT_RGBA32)),
              (V{255, 255, 6, 128}));
    // RGB24 output keeps premultiplied colours as stored.
    EXPECT_EQ(pixel(convert_image(premultiplied_pixel(100, 50, 0, 128), BPGR_OUTPUT_RGB24)),
              (V{100, 50, 0}));
    // A = 0: colours become white.
    EXPECT_EQ(pixel(convert_image(premultiplied_pixel(10, 20, 30, 0), BPGR_OUTPUT_RGBA32)),
              (V{255, 255, 255, 0}));
}

TEST(ColorConvertExamples, Ex8PremultipliedRgba64) {
    // Not reachable as exact converted values from any bit depth, so the
    // un-premultiply step is checked directly.
    int32_t a[2] = {40000, 0}, r[2] = {30000, 5}, g[2] = {1000, 6}, b[2] = {65535, 7};
    unpremultiply_pixels(16, a, 2, r, g, b);
    EXPECT_EQ((V{r[0], g[0], b[0]}), (V{49151, 1638, 65535}));
    EXPECT_EQ((V{r[1], g[1], b[1]}), (V{65535, 65535, 65535}));
    int32_t a8[1] = {128}, r8[1] = {100}, g8[1] = {50}, b8[1] = {0};
    unpremultiply_pixels(8, a8, 1, r8, g8, b8);
    EXPECT_EQ((V{r8[0], g8[0], b8[0]}), (V{199, 100, 0}));
}

TEST(ColorConvertExamples, Ex9AlphaScaling10Bit) {
    PictureFormat fmt = make_format(1, 1, 3, 1, BPGR_CS_YCBCR, 10, false);
    fmt.has_alpha = true;
    TestImage img = make_image(fmt);
    img.extra.at(0, 0) = 700;
    EXPECT_EQ(convert_image(img, BPGR_OUTPUT_RGBA32).sample(0, 0, 3), 174);
    EXPECT_EQ(convert_image(img, BPGR_OUTPUT_RGBA64).sample(0, 0, 3), 44843);
    // Limited range colour does not change the alpha scale (c_one is full range).
    img.fmt.limited_range = true;
    EXPECT_EQ(convert_image(img, BPGR_OUTPUT_RGBA32).sample(0, 0, 3), 174);
}

TEST(ColorConvertExamples, Ex10WPlaneMultiply) {
    PictureFormat fmt = make_format(1, 1, 3, 1, BPGR_CS_RGB, 8, false);
    fmt.has_w_plane = true;
    TestImage img = make_image(fmt);
    img.planes[0].at(0, 0) = 90;   // G
    img.planes[1].at(0, 0) = 255;  // B
    img.planes[2].at(0, 0) = 180;  // R
    img.extra.at(0, 0) = 200;
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGB24)), (V{141, 70, 199}));
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_RGBA32)), (V{141, 70, 199, 255}));
}

TEST(ColorConvertExamples, Ex10CmykIgnoresWAndInvertsBuffer) {
    PictureFormat fmt = make_format(1, 2, 3, 1, BPGR_CS_RGB, 8, false);
    fmt.has_w_plane = true;
    TestImage img = make_image(fmt);
    for (uint32_t y = 0; y < 2; ++y) {
        img.planes[0].at(0, y) = 90;
        img.planes[1].at(0, y) = 255;
        img.planes[2].at(0, y) = 180;
        img.extra.at(0, y) = 200;
    }
    OutputImage zeroed = convert_image(img, BPGR_OUTPUT_CMYK32, 0x00);
    EXPECT_EQ(pixel(zeroed), (V{75, 165, 0, 255}));
    OutputImage filled = convert_image(img, BPGR_OUTPUT_CMYK32, 0x30);
    EXPECT_EQ(pixel(filled, 0, 1), (V{75, 165, 0, 255 - 0x30}));
    // Without a W plane K is 0; an alpha plane is ignored.
    img.fmt.has_w_plane = false;
    img.fmt.has_alpha = true;
    EXPECT_EQ(pixel(convert_image(img, BPGR_OUTPUT_CMYK32, 0x30)), (V{75, 165, 0, 0}));
    OutputImage wide = convert_image(img, BPGR_OUTPUT_CMYK64, 0x30);
    EXPECT_EQ(pixel(wide), (V{65535 - 180 * 257, 65535 - 90 * 257, 0, 0}));
}

// 4:2:2 in the RGB colour space: plane 1 is B, reproduced unchanged at 8 bits.
TEST(ColorConvertExamples, Ex11Upsampling422) {
    const uint16_t row[5] = {100, 120, 200, 50, 60};
    for (int phase = 0; phase <= 1; ++phase) {
        TestImage img = make_image(make_format(9, 1, 2, phase, BPGR_CS_RGB, 8, false));
        for (uint32_t k = 0; k < 5; ++k) img.planes[1].at(k, 0) = row[k];
        OutputImage out = convert_image(img, BPGR_OUTPUT_RGB24);
        SCOPED_TRACE(phase);
        EXPECT_EQ(component_row(out, 9, 0, 2), phase == 1
                                                   ? (V{104, 95, 100, 149, 201, 174, 86, 32, 46})
                                                   : (V{100, 93, 120, 182, 200, 133, 50, 33, 60}));
    }
}

TEST(ColorConvertExamples, Ex12Upsampling420) {
    const uint16_t rows[3][3] = {{100, 120, 140}, {60, 200, 90}, {30, 30, 250}};
    for (int phase = 0; phase <= 1; ++phase) {
        TestImage img = make_image(make_format(5, 6, 1, phase, BPGR_CS_RGB, 8, false));
        for (uint32_t r = 0; r < 3; ++r)
            for (uint32_t k = 0; k < 3; ++k) img.planes[1].at(k, r) = rows[r][k];
        OutputImage out = convert_image(img, BPGR_OUTPUT_RGB24);
        SCOPED_TRACE(phase);
        EXPECT_EQ(component_row(out, 5, 0, 2),
                  phase == 1 ? (V{105, 100, 98, 114, 142}) : (V{103, 97, 103, 128, 153}));
        EXPECT_EQ(component_row(out, 5, 1, 2),
                  phase == 1 ? (V{86, 107, 139, 148, 129}) : (V{93, 124, 148, 140, 119}));
    }
}

}  // namespace
}  // namespace bpgr::test
