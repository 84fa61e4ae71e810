// Encoder -> decoder round trips through the public APIs: every option
// combination decodes with the right header facts and picture, lossless is
// exact, alpha / animation / metadata survive, odd sizes down to 1x1.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <tuple>

#include "roundtrip_support.h"

using namespace roundtrip;

namespace {

bpgr_encoder_settings fast_settings(int qp = 12) {
    bpgr_encoder_settings s;
    bpgr_encoder_default_settings(&s);
    s.qp = qp;
    s.compress_level = 2;
    s.threads = 1;
    return s;
}

const char *format_name(int f) {
    static const char *names[] = {"gray", "420", "422", "444", "420v", "422v"};
    return names[f];
}

}  // namespace

// format x color space x bit depth, alpha (none / straight / premultiplied)
// and range cycling with the index so every pairing is covered.
using MatrixParam = std::tuple<int, int, int>;
class OptionMatrix : public ::testing::TestWithParam<MatrixParam> {};

TEST_P(OptionMatrix, EncodesAndDecodes) {
    const auto [format, color_space, bit_depth] = GetParam();
    const int index = format * 100 + color_space * 10 + bit_depth;
    const int alpha_mode = index % 3;
    const bool limited = (index / 3) % 2 == 1;
    const TestImage img = make_image(37, 29, alpha_mode ? 4 : 3, 8, index);
    bpgr_encoder_settings s = fast_settings();
    s.chroma_format = bpgr_pixel_format(format);
    s.color_space = bpgr_color_space(color_space);
    s.bit_depth = bit_depth;
    s.limited_range = limited;
    s.premultiply_alpha = alpha_mode == 2;
    const bpgr_input_image view = img.view();
    const Encoded e = encode(s, {&view});
    ASSERT_EQ(e.status, BPGR_OK) << e.error;
    const Decoded d = decode(e.bytes);
    ASSERT_EQ(d.status, BPGR_OK) << d.error;
    const int expect_format = color_space == BPGR_CS_RGB ? BPGR_FORMAT_444 : format;
    EXPECT_EQ(d.info.pixel_format, expect_format);
    EXPECT_EQ(d.info.color_space, color_space);
    EXPECT_EQ(d.info.bit_depth, bit_depth);
    EXPECT_EQ(d.info.limited_range, limited);
    EXPECT_EQ(d.info.has_alpha, alpha_mode != 0);
    EXPECT_EQ(d.info.premultiplied_alpha, alpha_mode == 2);
    EXPECT_EQ(d.info.width, 37u);
    EXPECT_EQ(d.info.height, 29u);
    ASSERT_EQ(d.frames.size(), 1u);
    const double min_psnr = expect_format == BPGR_FORMAT_444 ? 36 : 30;
    EXPECT_GT(rgb_psnr(img, d.frames[0], alpha_mode == 2 ? 128 : 0), alpha_mode == 2 ? 28 : min_psnr);
    if (alpha_mode) {
        EXPECT_GT(alpha_psnr(img, d.frames[0]), 38);
    }
}

INSTANTIATE_TEST_SUITE_P(
    All, OptionMatrix,
    ::testing::Combine(::testing::Values(1, 2, 3, 4, 5), ::testing::Values(0, 1, 2, 3, 4),
                       ::testing::Values(8, 10, 12)),
    [](const ::testing::TestParamInfo<MatrixParam> &p) {
        return std::string(format_name(std::get<0>(p.param))) + "_cs" +
               std::to_string(std::get<1>(p.param)) + "_b" + std::to_string(std::get<2>(p.param));
    });

TEST(Gray, EightAndSixteenBitInputWithAndWithoutAlpha) {
    for (int channels : {1, 2})
        for (int bits : {8, 16})
            for (int bd : {8, 12}) {
                const TestImage img = make_image(21, 13, channels, bits, channels + bits);
                bpgr_encoder_settings s = fast_settings();
                s.bit_depth = bd;
                s.color_space = BPGR_CS_YCBCR_BT709;  // ignored for gray
                const bpgr_input_image view = img.view();
                const Encoded e = encode(s, {&view});
                ASSERT_EQ(e.status, BPGR_OK) << e.error;
                const Decoded d = decode(e.bytes);
                ASSERT_EQ(d.status, BPGR_OK) << d.error;
                EXPECT_EQ(d.info.pixel_format, BPGR_FORMAT_GRAY);
                EXPECT_EQ(d.info.color_space, BPGR_CS_YCBCR);
                EXPECT_EQ(d.info.has_alpha, channels == 2);
                EXPECT_GT(rgb_psnr(img, d.frames[0]), 38) << channels << " " << bits << " " << bd;
            }
}

TEST(SixteenBitRgb, KeepsPrecisionAtTwelveBits) {
    const TestImage img = make_image(40, 24, 3, 16, 5);
    bpgr_encoder_settings s = fast_settings(4);
    s.bit_depth = 12;
    s.chroma_format = BPGR_FORMAT_444;
    const bpgr_input_image view = img.view();
    const Encoded e = encode(s, {&view});
    ASSERT_EQ(e.status, BPGR_OK) << e.error;
    const Decoded d = decode(e.bytes);
    ASSERT_EQ(d.status, BPGR_OK) << d.error;
    EXPECT_GT(rgb_psnr(img, d.frames[0]), 45);
}

TEST(Lossless, RgbGrayAndAlphaAreExact) {
    const uint32_t sizes[][2] = {{1, 1}, {3, 5}, {17, 9}, {65, 33}};
    for (const auto &size : sizes)
        for (int channels : {1, 2, 3, 4}) {
            const TestImage img = make_image(size[0], size[1], channels, 8, int(size[0]) + channels);
            bpgr_encoder_settings s = fast_settings();
            s.lossless = 1;
            s.color_space = BPGR_CS_RGB;
            s.chroma_format = BPGR_FORMAT_444;
            const bpgr_input_image view = img.view();
            const Encoded e = encode(s, {&view});
            ASSERT_EQ(e.status, BPGR_OK) << e.error;
            const Decoded d = decode(e.bytes);
            ASSERT_EQ(d.status, BPGR_OK) << d.error;
            EXPECT_TRUE(std::isinf(rgb_psnr(img, d.frames[0])))
                << size[0] << "x" << size[1] << " channels " << channels;
            if (channels % 2 == 0) {
                EXPECT_TRUE(std::isinf(alpha_psnr(img, d.frames[0])));
            }
        }
}

TEST(OddSizes, DownToOnePixel) {
    const uint32_t sizes[][2] = {{1, 1},  {1, 2},  {2, 1},   {2, 2},   {1, 17}, {17, 1},
                                 {3, 5},  {7, 7},  {15, 16}, {16, 15}, {9, 33}, {33, 7},
                                 {63, 65}, {65, 63}, {129, 8}, {8, 129}, {1, 100}, {100, 1}};
    for (const auto &size : sizes)
        for (int format : {BPGR_FORMAT_420, BPGR_FORMAT_422_VIDEO, BPGR_FORMAT_444}) {
            const TestImage img = make_image(size[0], size[1], 4, 8, format);
            bpgr_encoder_settings s = fast_settings(8);
            s.chroma_format = bpgr_pixel_format(format);
            const bpgr_input_image view = img.view();
            const Encoded e = encode(s, {&view});
            ASSERT_EQ(e.status, BPGR_OK) << size[0] << "x" << size[1] << ": " << e.error;
            const Decoded d = decode(e.bytes);
            ASSERT_EQ(d.status, BPGR_OK) << size[0] << "x" << size[1] << ": " << d.error;
            EXPECT_EQ(d.info.width, size[0]);
            EXPECT_EQ(d.info.height, size[1]);
            EXPECT_GT(alpha_psnr(img, d.frames[0]), 35) << size[0] << "x" << size[1];
            EXPECT_GT(rgb_psnr(img, d.frames[0]), 26) << size[0] << "x" << size[1];
        }
}

TEST(CompressionLevels, EveryLevelAndHash) {
    const TestImage img = make_image(70, 40, 3, 8, 3);
    for (int level = 1; level <= 9; level++) {
        bpgr_encoder_settings s = fast_settings(20);
        s.compress_level = level;
        s.hash = level % 2;
        const bpgr_input_image view = img.view();
        const Encoded e = encode(s, {&view});
        ASSERT_EQ(e.status, BPGR_OK) << e.error;
        const Decoded d = decode(e.bytes);
        ASSERT_EQ(d.status, BPGR_OK) << d.error;
        EXPECT_GT(rgb_psnr(img, d.frames[0]), 30) << "level " << level;
    }
}

TEST(Quality, QpOrdersSizeAndPsnr) {
    const TestImage img = make_image(96, 64, 3, 8, 9);
    const bpgr_input_image view = img.view();
    size_t previous_size = SIZE_MAX;
    double previous_psnr = 1e9;
    for (int qp : {0, 20, 35, 51}) {
        const Encoded e = encode(fast_settings(qp), {&view});
        ASSERT_EQ(e.status, BPGR_OK) << e.error;
        const Decoded d = decode(e.bytes);
        ASSERT_EQ(d.status, BPGR_OK) << d.error;
        const double psnr = rgb_psnr(img, d.frames[0]);
        EXPECT_LT(e.bytes.size(), previous_size) << "qp " << qp;
        EXPECT_LT(psnr, previous_psnr) << "qp " << qp;
        previous_size = e.bytes.size();
        previous_psnr = psnr;
    }
}

TEST(AlphaQp, OnlyChangesTheAlphaStream) {
    const TestImage img = make_image(64, 48, 4, 8, 1);
    const bpgr_input_image view = img.view();
    bpgr_encoder_settings s = fast_settings(20);
    s.alpha_qp = 0;
    const Encoded fine = encode(s, {&view});
    s.alpha_qp = 45;
    const Encoded coarse = encode(s, {&view});
    ASSERT_EQ(fine.status, BPGR_OK);
    ASSERT_EQ(coarse.status, BPGR_OK);
    const Decoded a = decode(fine.bytes), b = decode(coarse.bytes);
    ASSERT_EQ(a.status, BPGR_OK);
    ASSERT_EQ(b.status, BPGR_OK);
    EXPECT_GT(alpha_psnr(img, a.frames[0]), alpha_psnr(img, b.frames[0]) + 5);
    EXPECT_LT(coarse.bytes.size(), fine.bytes.size());
}

TEST(Animation, FramesDurationsLoopAndAlpha) {
    for (int channels : {3, 4}) {
        std::vector<TestImage> images;
        std::vector<bpgr_input_image> views;
        for (int i = 0; i < 5; i++) images.push_back(make_image(48, 32, channels, 8, 10 * i));
        for (const TestImage &img : images) views.push_back(img.view());
        bpgr_encoder_settings s = fast_settings(10);
        s.animated = 1;
        s.loop_count = 3;
        s.frame_period_num = 1;
        s.frame_period_den = 20;
        const std::vector<uint32_t> ticks = {2, 4, 1, 8, 300};
        const Encoded e = encode(s, {&views[0], &views[1], &views[2], &views[3], &views[4]}, ticks);
        ASSERT_EQ(e.status, BPGR_OK) << e.error;
        const Decoded d = decode(e.bytes);
        ASSERT_EQ(d.status, BPGR_OK) << d.error;
        EXPECT_TRUE(d.info.has_animation);
        EXPECT_EQ(d.info.loop_count, 3);
        EXPECT_EQ(d.info.frame_period_num, 1);
        EXPECT_EQ(d.info.frame_period_den, 20);
        ASSERT_EQ(d.frames.size(), 5u);
        for (size_t i = 0; i < 5; i++) {
            EXPECT_EQ(d.durations[i].first, ticks[i]) << "frame " << i;
            EXPECT_EQ(d.durations[i].second, 20u);
            EXPECT_GT(rgb_psnr(images[i], d.frames[i]), 30) << "frame " << i;
            if (channels == 4) {
                EXPECT_GT(alpha_psnr(images[i], d.frames[i]), 35);
            }
            // Each frame is its own picture, not a neighbour's.
            if (i > 0) {
                EXPECT_LT(rgb_psnr(images[i - 1], d.frames[i]), rgb_psnr(images[i], d.frames[i]) - 3);
            }
        }
    }
}

TEST(Animation, LongerThanTheKeyframeInterval) {
    // x265 puts VPS/SPS/PPS before the CRA at frame 250.
    std::vector<TestImage> images;
    for (int i = 0; i < 8; i++) images.push_back(make_image(16, 16, 3, 8, i));
    std::vector<bpgr_input_image> views;
    for (const TestImage &img : images) views.push_back(img.view());
    std::vector<const bpgr_input_image *> frames;
    for (int i = 0; i < 260; i++) frames.push_back(&views[(i / 20) % 8]);
    bpgr_encoder_settings s = fast_settings(20);
    s.compress_level = 1;
    s.animated = 1;
    const Encoded e = encode(s, frames);
    ASSERT_EQ(e.status, BPGR_OK) << e.error;
    const Decoded d = decode(e.bytes);
    ASSERT_EQ(d.status, BPGR_OK) << d.error;
    ASSERT_EQ(d.frames.size(), 260u);
    for (int i : {0, 249, 250, 259})
        EXPECT_GT(rgb_psnr(images[(i / 20) % 8], d.frames[size_t(i)]), 30) << "frame " << i;
}

TEST(Metadata, RecordsSurviveInOrder) {
    const TestImage img = make_image(20, 20, 3, 8, 0);
    const bpgr_input_image view = img.view();
    const std::vector<std::pair<uint32_t, std::vector<uint8_t>>> ext = {
        {BPGR_EXT_EXIF, {1, 2, 3}}, {BPGR_EXT_XMP, std::vector<uint8_t>(300, 'x')},
        {BPGR_EXT_ICC_PROFILE, {9}}, {77, {}}};
    for (int animated : {0, 1}) {
        bpgr_encoder_settings s = fast_settings();
        s.animated = animated;
        const Encoded e = encode(s, {&view}, {}, ext);
        ASSERT_EQ(e.status, BPGR_OK) << e.error;
        const Decoded d = decode(e.bytes);
        ASSERT_EQ(d.status, BPGR_OK) << d.error;
        const size_t first = animated ? 1 : 0;  // animation control comes first
        ASSERT_EQ(d.extensions.size(), ext.size() + first);
        if (animated) {
            EXPECT_EQ(d.extensions[0].first, uint32_t(BPGR_EXT_ANIMATION_CONTROL));
        }
        for (size_t i = 0; i < ext.size(); i++) EXPECT_EQ(d.extensions[first + i], ext[i]);
    }
}

TEST(Planes, YCbCrRgbAndWPlanesFromJpegStyleInput) {
    const TestImage rgb = make_image(33, 17, 3, 8, 4);
    // Split into R, G, B planes and use them as "RGB + W" (CMYK) input, and
    // as 4:4:4 YCbCr planes.
    std::vector<uint8_t> planes[4];
    for (int c = 0; c < 3; c++)
        for (uint32_t y = 0; y < 17; y++)
            for (uint32_t x = 0; x < 33; x++) planes[c].push_back(uint8_t(rgb.sample(x, y, c)));
    planes[3].assign(33 * 17, 255);
    bpgr_input_image v{};
    v.width = 33;
    v.height = 17;
    v.layout = BPGR_INPUT_PLANES;
    v.plane_format = BPGR_FORMAT_444;
    v.plane_color_space = BPGR_CS_RGB;
    for (int i = 0; i < 4; i++) {
        v.planes[i] = planes[i].data();
        v.plane_strides[i] = 33;
    }
    v.extra_plane_is_w = 1;
    const Encoded e = encode(fast_settings(), {&v});
    ASSERT_EQ(e.status, BPGR_OK) << e.error;
    const Decoded d = decode(e.bytes);
    ASSERT_EQ(d.status, BPGR_OK) << d.error;
    EXPECT_TRUE(d.info.has_w_plane);
    EXPECT_FALSE(d.info.has_alpha);
    EXPECT_EQ(d.info.color_space, BPGR_CS_RGB);
    EXPECT_EQ(d.info.pixel_format, BPGR_FORMAT_444);
    EXPECT_GT(rgb_psnr(rgb, d.frames[0]), 36);  // W = 255: RGB * W / max ~ RGB

    // 4:2:0 YCbCr planes (JPEG raw data layout) stay 4:2:0 whatever -f says.
    std::vector<uint8_t> y(33 * 17, 100), cb(17 * 9, 90), cr(17 * 9, 160);
    bpgr_input_image p{};
    p.width = 33;
    p.height = 17;
    p.layout = BPGR_INPUT_PLANES;
    p.plane_format = BPGR_FORMAT_420;
    p.plane_color_space = BPGR_CS_YCBCR;
    p.planes[0] = y.data();
    p.planes[1] = cb.data();
    p.planes[2] = cr.data();
    p.plane_strides[0] = 33;
    p.plane_strides[1] = p.plane_strides[2] = 17;
    bpgr_encoder_settings s = fast_settings();
    s.chroma_format = BPGR_FORMAT_444;
    const Encoded e2 = encode(s, {&p});
    ASSERT_EQ(e2.status, BPGR_OK) << e2.error;
    const Decoded d2 = decode(e2.bytes);
    ASSERT_EQ(d2.status, BPGR_OK) << d2.error;
    EXPECT_EQ(d2.info.pixel_format, BPGR_FORMAT_420);
    // Y 100, Cb 90, Cr 160 -> R = 100 + 1.402*32 = 145, G = 100 + 0.344*38 - 0.714*32 = 90,
    // B = 100 - 1.772*38 = 33.
    const std::vector<uint8_t> &px = d2.frames[0];
    EXPECT_NEAR(px[0], 145, 2);
    EXPECT_NEAR(px[1], 90, 2);
    EXPECT_NEAR(px[2], 33, 2);
}

TEST(Errors, BadArgumentsAreRefusedWithAMessage) {
    bpgr_encoder_settings s = fast_settings();
    bpgr_encoder *enc = nullptr;
    s.qp = 52;
    EXPECT_EQ(bpgr_encoder_create(&s, &enc), BPGR_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(enc, nullptr);
    s = fast_settings();
    s.version = 99;
    EXPECT_EQ(bpgr_encoder_create(&s, &enc), BPGR_ERR_INVALID_ARGUMENT);
    s = fast_settings();
    s.chroma_format = BPGR_FORMAT_GRAY;
    EXPECT_EQ(bpgr_encoder_create(&s, &enc), BPGR_ERR_INVALID_ARGUMENT);

    s = fast_settings();
    const TestImage img = make_image(8, 8, 3, 8, 0);
    bpgr_input_image v = img.view();
    ASSERT_EQ(bpgr_encoder_create(&s, &enc), BPGR_OK);
    uint8_t *out = nullptr;
    size_t size = 0;
    EXPECT_EQ(bpgr_encoder_finish(enc, &out, &size), BPGR_ERR_INVALID_ARGUMENT);  // no frame
    EXPECT_STRNE(bpgr_encoder_last_error(enc), "");
    bpgr_encoder_destroy(enc);

    ASSERT_EQ(bpgr_encoder_create(&s, &enc), BPGR_OK);
    v.width = 0;
    EXPECT_EQ(bpgr_encoder_add_frame(enc, &v, 1), BPGR_ERR_INVALID_ARGUMENT);
    v = img.view();
    v.stride = 2;
    EXPECT_EQ(bpgr_encoder_add_frame(enc, &v, 1), BPGR_ERR_INVALID_ARGUMENT);
    v = img.view();
    EXPECT_EQ(bpgr_encoder_add_frame(enc, &v, 1), BPGR_OK);
    EXPECT_EQ(bpgr_encoder_add_frame(enc, &v, 1), BPGR_ERR_INVALID_ARGUMENT);  // not animated
    EXPECT_EQ(bpgr_encoder_add_extension(enc, BPGR_EXT_ANIMATION_CONTROL, nullptr, 0),
              BPGR_ERR_INVALID_ARGUMENT);
    bpgr_encoder_destroy(enc);

    s.bit_depth = 9;  // x265 builds exist for 8, 10 and 12 bits only
    char msg[256];
    EXPECT_LT(bpgr_encode(&s, &v, &out, &size, msg, sizeof msg), 0);
    EXPECT_NE(std::string(msg).find("9-bit"), std::string::npos) << msg;
}
