// The CLIs' one PNG reader (cli/common/png_reader): both sample modes
// (bpgenc's as-stored input, bpgdec --psnr's 8-bit RGB), interlaced files,
// the ICC profile, the size hook and damaged input. Files are written here
// with libpng itself, so the reader is checked against what libpng stores.
#include <png.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "icc_fixture.h"
#include "png_reader.h"

namespace {

using bpgr::cli::PngImage;
using bpgr::cli::PngReadOptions;
using bpgr::cli::PngSamples;
using bpgr::cli::read_png_image;

// A PNG of `width` x `height`, libpng colour type `color_type`, `bit_depth`,
// samples from `sample(x, y, c)` (stored big-endian for 16 bits).
template <typename Sample>
std::string write_png(uint32_t width, uint32_t height, int color_type, int bit_depth, bool interlaced,
                      Sample sample, const std::string &icc = "") {
    std::string out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return "";
    }
    png_set_write_fn(
        png, &out,
        [](png_structp p, png_bytep data, png_size_t n) {
            static_cast<std::string *>(png_get_io_ptr(p))->append(reinterpret_cast<const char *>(data), n);
        },
        nullptr);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (!icc.empty())
        png_set_iCCP(png, info, "icc", PNG_COMPRESSION_TYPE_BASE,
                     reinterpret_cast<png_const_bytep>(icc.data()), png_uint_32(icc.size()));
    png_write_info(png, info);
    if (bit_depth < 8) png_set_packing(png);  // one sample a byte in `rows`
    const int channels = png_get_channels(png, info);
    const int bytes = bit_depth == 16 ? 2 : 1;
    std::vector<std::vector<uint8_t>> rows(height, std::vector<uint8_t>(size_t(width) * channels * bytes));
    std::vector<png_bytep> pointers;
    for (uint32_t y = 0; y < height; ++y) {
        for (uint32_t x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c) {
                const unsigned v = sample(x, y, c);
                uint8_t *p = rows[y].data() + (size_t(x) * channels + c) * bytes;
                if (bytes == 2) {
                    p[0] = uint8_t(v >> 8);
                    p[1] = uint8_t(v);
                } else {
                    p[0] = uint8_t(v);
                }
            }
        pointers.push_back(rows[y].data());
    }
    png_write_image(png, pointers.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

unsigned sample16(uint32_t x, uint32_t y, int c) { return (x * 7919u + y * 104729u + unsigned(c) * 40503u) & 0xffff; }
unsigned sample8(uint32_t x, uint32_t y, int c) { return sample16(x, y, c) >> 8; }

uint16_t native16(const PngImage &img, uint32_t x, uint32_t y, int c) {
    uint16_t v;
    std::memcpy(&v, img.pixels.data() + y * img.stride + (size_t(x) * img.channels + c) * 2, 2);
    return v;
}

TEST(PngReader, AsStoredKeepsSixteenBitsAndAlpha) {
    for (bool interlaced : {false, true}) {
        const std::string file = write_png(13, 9, PNG_COLOR_TYPE_RGB_ALPHA, 16, interlaced, sample16);
        ASSERT_FALSE(file.empty());
        PngImage img;
        std::string error;
        ASSERT_TRUE(read_png_image(file, {}, &img, &error)) << error;
        EXPECT_EQ(img.width, 13u);
        EXPECT_EQ(img.height, 9u);
        EXPECT_EQ(img.channels, 4);
        EXPECT_EQ(img.sample_bits, 16);
        EXPECT_EQ(img.stride, 13u * 4 * 2);
        for (uint32_t y = 0; y < 9; ++y)
            for (uint32_t x = 0; x < 13; ++x)
                for (int c = 0; c < 4; ++c)
                    ASSERT_EQ(native16(img, x, y, c), sample16(x, y, c))
                        << x << "," << y << "," << c << (interlaced ? " interlaced" : "");
    }
}

TEST(PngReader, AsStoredExpandsLowDepthGray) {
    const std::string file =
        write_png(10, 3, PNG_COLOR_TYPE_GRAY, 2, false, [](uint32_t x, uint32_t, int) { return x & 3; });
    PngImage img;
    std::string error;
    ASSERT_TRUE(read_png_image(file, {}, &img, &error)) << error;
    EXPECT_EQ(img.channels, 1);
    EXPECT_EQ(img.sample_bits, 8);
    for (uint32_t x = 0; x < 10; ++x) EXPECT_EQ(img.pixels[x], (x & 3) * 0x55) << x;
}

TEST(PngReader, Rgb8ScalesDropsAlphaAndSpreadsGray) {
    for (bool interlaced : {false, true}) {
        PngReadOptions options;
        options.samples = PngSamples::kRgb8;
        std::string error;
        PngImage rgba;
        ASSERT_TRUE(read_png_image(write_png(11, 7, PNG_COLOR_TYPE_RGB_ALPHA, 16, interlaced, sample16), options,
                                   &rgba, &error))
            << error;
        EXPECT_EQ(rgba.channels, 3);
        EXPECT_EQ(rgba.sample_bits, 8);
        ASSERT_EQ(rgba.stride, 11u * 3);
        for (uint32_t y = 0; y < 7; ++y)
            for (uint32_t x = 0; x < 11; ++x)
                for (int c = 0; c < 3; ++c) {
                    // libpng's png_set_scale_16: v * 255 / 65535, rounded.
                    const unsigned expected = (sample16(x, y, c) * 255u + 32767u) / 65535u;
                    ASSERT_EQ(rgba.pixels[y * rgba.stride + x * 3 + c], expected) << x << "," << y << "," << c;
                }
        PngImage gray;
        ASSERT_TRUE(read_png_image(write_png(5, 4, PNG_COLOR_TYPE_GRAY, 8, interlaced, sample8), options, &gray,
                                   &error))
            << error;
        EXPECT_EQ(gray.channels, 3);
        for (uint32_t y = 0; y < 4; ++y)
            for (uint32_t x = 0; x < 5; ++x)
                for (int c = 0; c < 3; ++c) ASSERT_EQ(gray.pixels[y * gray.stride + x * 3 + c], sample8(x, y, 0));
    }
}

// A fixture holding an ICC profile (the test's argument).
std::string icc_fixture_path;

TEST(PngReader, IccProfileOnlyWhenAsked) {
    const std::string icc = bpgr::test::icc_profile_from(icc_fixture_path);
    ASSERT_GT(icc.size(), 132u) << "no ICC profile in " << icc_fixture_path;
    const std::string file = write_png(4, 4, PNG_COLOR_TYPE_RGB, 8, false, sample8, icc);
    ASSERT_FALSE(file.empty());
    PngImage img;
    std::string error;
    ASSERT_TRUE(read_png_image(file, {}, &img, &error)) << error;
    EXPECT_TRUE(img.icc_profile.empty());
    PngReadOptions options;
    options.keep_icc_profile = true;
    ASSERT_TRUE(read_png_image(file, options, &img, &error)) << error;
    EXPECT_EQ(std::string(img.icc_profile.begin(), img.icc_profile.end()), icc);
}

TEST(PngReader, SizeHookRefusesBeforeDecoding) {
    const std::string file = write_png(40, 30, PNG_COLOR_TYPE_RGB, 8, false, sample8);
    PngReadOptions options;
    uint32_t seen_w = 0, seen_h = 0;
    options.size_allowed = [&](uint32_t w, uint32_t h, std::string *error) {
        seen_w = w;
        seen_h = h;
        *error = "too large";
        return false;
    };
    PngImage img;
    std::string error;
    EXPECT_FALSE(read_png_image(file, options, &img, &error));
    EXPECT_EQ(error, "too large");
    EXPECT_EQ(seen_w, 40u);
    EXPECT_EQ(seen_h, 30u);
    EXPECT_TRUE(img.pixels.empty());
    PngReadOptions narrow;
    narrow.max_side = 39;
    EXPECT_FALSE(read_png_image(file, narrow, &img, &error));
    EXPECT_EQ(error.rfind("PNG: ", 0), 0u) << error;
}

TEST(PngReader, DamagedInputIsAnErrorWithAReason) {
    const std::string file = write_png(16, 16, PNG_COLOR_TYPE_RGB, 8, false, sample8);
    PngImage img;
    std::string error;
    for (size_t cut : {size_t(0), size_t(7), size_t(40), file.size() / 2, file.size() - 13}) {
        error.clear();
        EXPECT_FALSE(read_png_image(file.substr(0, cut), {}, &img, &error)) << cut;
        EXPECT_EQ(error.rfind("PNG: ", 0), 0u) << cut << ": " << error;
        EXPECT_GT(error.size(), 5u) << cut;
    }
    std::string corrupt = file;
    corrupt[8 + 8 + 2] ^= 0x40;  // IHDR width, the CRC no longer matches
    EXPECT_FALSE(read_png_image(corrupt, {}, &img, &error));
}

}  // namespace

int main(int argc, char **argv) {
    testing::InitGoogleTest(&argc, argv);
    if (argc > 1) icc_fixture_path = argv[1];
    return RUN_ALL_TESTS();
}
