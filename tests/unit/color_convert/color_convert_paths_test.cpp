// Every conversion path against the per-pixel oracle (reference_convert):
// colour space x range x bit depth x chroma format/phase x extra plane x
// output format, on random pictures with extreme samples (32-bit wrap cases)
// and odd / even / wider-than-one-chunk sizes.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "convert_helpers.h"
#include "reference_convert.h"

namespace bpgr::test {
namespace {

struct ChromaCase {
    int format, phase;
    const char *name;
};
const ChromaCase kChromaCases[] = {
    {1, 1, "420"}, {1, 0, "420_video"}, {2, 1, "422"}, {2, 0, "422_video"}, {3, 1, "444"}};

enum Extra { kNone, kAlpha, kPremultiplied, kWPlane };
const char *const kExtraNames[] = {"none", "alpha", "premultiplied", "W"};

PictureFormat with_extra(PictureFormat fmt, int extra) {
    fmt.has_alpha = extra == kAlpha || extra == kPremultiplied;
    fmt.premultiplied = extra == kPremultiplied;
    fmt.has_w_plane = extra == kWPlane;
    return fmt;
}

// Converts with ColorConverter into a buffer whose rows are wider than
// needed, prefilled with random bytes; also checks that the bytes past each
// row's pixels are untouched. Returns the number of mismatching bytes.
// row_split > 0: converts slices of that many rows; max_cols > 0: each row
// slice as rectangles (convert_rect) of 1..max_cols columns, widths drawn
// from rng.
size_t compare_with_oracle(const TestImage &img, bpgr_output_format out, std::mt19937 &rng,
                           uint32_t row_split = 0, uint32_t max_cols = 0) {
    ColorConverter conv;
    EXPECT_TRUE(conv.init(img.fmt, out));
    const ptrdiff_t row_bytes = ptrdiff_t(img.fmt.width) * conv.bytes_per_pixel();
    const ptrdiff_t stride = row_bytes + 6;
    std::vector<uint8_t> initial(size_t(stride) * img.fmt.height);
    for (auto &byte : initial) byte = uint8_t(rng());
    std::vector<uint8_t> expected = initial, actual = initial;
    reference_convert(img, out, expected.data(), stride);

    PlaneView planes[3], extra;
    img.views(planes, extra);
    if (max_cols > 0) {
        const uint32_t rows = row_split ? row_split : img.fmt.height;
        const int bpp = conv.bytes_per_pixel();
        for (uint32_t y = 0; y < img.fmt.height; y += rows)
            for (uint32_t x = 0; x < img.fmt.width;) {
                const uint32_t cols = 1 + uint32_t(rng() % max_cols);
                conv.convert_rect(planes, extra, x, x + cols, y, y + rows,
                                  actual.data() + ptrdiff_t(y) * stride + ptrdiff_t(x) * bpp, stride);
                x += cols;
            }
    } else if (row_split == 0) {
        conv.convert_rows(planes, extra, 0, img.fmt.height, actual.data(), stride);
    } else {
        for (uint32_t y = 0; y < img.fmt.height; y += row_split)
            conv.convert_rows(planes, extra, y, y + row_split, actual.data() + ptrdiff_t(y) * stride, stride);
    }
    size_t mismatches = 0;
    for (size_t i = 0; i < actual.size(); ++i) mismatches += actual[i] != expected[i];
    for (uint32_t y = 0; y < img.fmt.height; ++y)
        for (ptrdiff_t i = row_bytes; i < stride; ++i)
            EXPECT_EQ(actual[y * stride + i], initial[y * stride + i]) << "row padding written";
    return mismatches;
}

TEST(ColorConvertPaths, EveryColorPathMatchesOracle) {
    std::mt19937 rng(12345);
    const uint32_t sizes[][2] = {{1, 1}, {2, 3}, {7, 5}, {16, 8}, {33, 9}};
    for (int cs = 0; cs <= 4; ++cs)
        for (int limited = 0; limited <= 1; ++limited)
            for (int bd : {8, 9, 10, 12, 14})
                for (const ChromaCase &cc : kChromaCases)
                    for (int out = 0; out <= 5; ++out)
                        for (const auto &size : sizes) {
                            PictureFormat fmt =
                                make_format(size[0], size[1], cc.format, cc.phase, cs, bd, limited);
                            TestImage img = make_image(fmt, uint16_t((1 << bd) - 1));
                            fill_random(img, rng);
                            SCOPED_TRACE(testing::Message()
                                         << "cs " << cs << " limited " << limited << " bd " << bd
                                         << " " << cc.name << " out " << out << " size " << size[0]
                                         << "x" << size[1]);
                            ASSERT_EQ(compare_with_oracle(img, bpgr_output_format(out), rng), 0u);
                        }
}

TEST(ColorConvertPaths, GrayMatchesOracle) {
    std::mt19937 rng(777);
    for (int limited = 0; limited <= 1; ++limited)
        for (int bd = 8; bd <= 14; ++bd)
            for (int extra = kNone; extra <= kWPlane; ++extra)
                for (int out = 0; out <= 5; ++out) {
                    PictureFormat fmt = with_extra(make_format(11, 4, 0, 1, 0, bd, limited), extra);
                    TestImage img = make_image(fmt, 0);
                    fill_random(img, rng);
                    SCOPED_TRACE(testing::Message()
                                 << "limited " << limited << " bd " << bd << " extra "
                                 << kExtraNames[extra] << " out " << out);
                    ASSERT_EQ(compare_with_oracle(img, bpgr_output_format(out), rng), 0u);
                }
}

TEST(ColorConvertPaths, ExtraPlanesMatchOracle) {
    std::mt19937 rng(4242);
    for (int cs : {0, 1, 2, 4})
        for (int limited = 0; limited <= 1; ++limited)
            for (int bd : {8, 10, 13})
                for (const ChromaCase &cc : kChromaCases)
                    for (int extra = kAlpha; extra <= kWPlane; ++extra)
                        for (int out = 0; out <= 5; ++out) {
                            PictureFormat fmt = with_extra(
                                make_format(13, 6, cc.format, cc.phase, cs, bd, limited), extra);
                            TestImage img = make_image(fmt, 0);
                            fill_random(img, rng);
                            SCOPED_TRACE(testing::Message()
                                         << "cs " << cs << " limited " << limited << " bd " << bd
                                         << " " << cc.name << " extra " << kExtraNames[extra]
                                         << " out " << out);
                            ASSERT_EQ(compare_with_oracle(img, bpgr_output_format(out), rng), 0u);
                        }
}

TEST(ColorConvertPaths, WideAndSplitRowsMatchOracle) {
    // Wider than one internal chunk, odd sizes, converted in row slices.
    std::mt19937 rng(99);
    for (const ChromaCase &cc : kChromaCases)
        for (int out : {0, 1, 3, 4}) {
            PictureFormat fmt =
                with_extra(make_format(1100, 7, cc.format, cc.phase, 0, 10, true), kPremultiplied);
            TestImage img = make_image(fmt, 1023);
            fill_random(img, rng);
            SCOPED_TRACE(testing::Message() << cc.name << " out " << out);
            ASSERT_EQ(compare_with_oracle(img, bpgr_output_format(out), rng, 3), 0u);
            ASSERT_EQ(compare_with_oracle(img, bpgr_output_format(out), rng, 1), 0u);
        }
}

TEST(ColorConvertPaths, RectanglesMatchOracle) {
    // convert_rect (the restoration's source reads windows): every pixel as
    // in a whole-row conversion, whatever column it starts or ends on (odd,
    // even, inside or across a chunk), on exactly sized planes.
    std::mt19937 rng(1717);
    for (const ChromaCase &cc : kChromaCases)
        for (int bd : {8, 10})
            for (uint32_t width : {1u, 2u, 9u, 78u, 1100u})
                for (int extra = kNone; extra <= kWPlane; ++extra)
                    for (int out = 0; out <= 5; ++out)
                        for (uint32_t max_cols : {1u, 6u, 70u, 700u}) {
                            if (max_cols > 1 && max_cols / 8 > width) continue;
                            PictureFormat fmt = with_extra(
                                make_format(width, 5, cc.format, cc.phase, 0, bd, extra == kNone), extra);
                            TestImage img = make_image(fmt, uint16_t((1 << bd) - 1), 0);
                            fill_random(img, rng);
                            SCOPED_TRACE(testing::Message()
                                         << cc.name << " bd " << bd << " width " << width << " extra "
                                         << kExtraNames[extra] << " out " << out << " max_cols " << max_cols);
                            ASSERT_EQ(compare_with_oracle(img, bpgr_output_format(out), rng, 2, max_cols), 0u);
                        }
}

TEST(ColorConvertPaths, ExactlySizedPlanesMatchOracle) {
    // No stride padding: a read past any plane's end is an ASan error.
    std::mt19937 rng(2024);
    for (const ChromaCase &cc : kChromaCases)
        for (uint32_t width : {1u, 77u, 600u})
            for (int extra = kNone; extra <= kWPlane; ++extra)
                for (int out : {0, 3, 5}) {
                    PictureFormat fmt =
                        with_extra(make_format(width, 5, cc.format, cc.phase, 2, 8, false), extra);
                    TestImage img = make_image(fmt, 0, 0);
                    fill_random(img, rng);
                    SCOPED_TRACE(testing::Message() << cc.name << " width " << width << " extra "
                                                    << kExtraNames[extra] << " out " << out);
                    ASSERT_EQ(compare_with_oracle(img, bpgr_output_format(out), rng), 0u);
                }
}

TEST(ColorConvertPaths, OracleDetectsAChangedPixel) {
    // Guards the comparison itself: a picture that differs in one sample
    // must not match the oracle of the original.
    std::mt19937 rng(5);
    TestImage img = make_image(make_format(9, 9, 1, 1, 0, 8, false));
    fill_random(img, rng);
    std::vector<uint8_t> expected(9 * 9 * 3);
    reference_convert(img, BPGR_OUTPUT_RGB24, expected.data(), 27);
    img.planes[0].at(4, 4) = img.planes[0].at(4, 4) > 128 ? 10 : 250;
    OutputImage actual = convert_image(img, BPGR_OUTPUT_RGB24);
    EXPECT_NE(actual.bytes, expected);
}

TEST(ColorConvertPaths, ConcurrentRowRangesMatchSingleCall) {
    std::mt19937 rng(31);
    TestImage img = make_image(make_format(301, 64, 1, 1, 0, 8, false));
    fill_random(img, rng);
    ColorConverter conv;
    ASSERT_TRUE(conv.init(img.fmt, BPGR_OUTPUT_RGB24));
    PlaneView planes[3], extra;
    img.views(planes, extra);
    const ptrdiff_t stride = 301 * 3;
    std::vector<uint8_t> single(size_t(stride) * 64), split(size_t(stride) * 64);
    conv.convert_rows(planes, extra, 0, 64, single.data(), stride);
    std::vector<std::thread> workers;
    for (uint32_t part = 0; part < 4; ++part)
        workers.emplace_back([&, part] {
            conv.convert_rows(planes, extra, part * 16, part * 16 + 16, split.data() + ptrdiff_t(part) * 16 * stride,
                              stride);
        });
    for (auto &w : workers) w.join();
    EXPECT_EQ(single, split);
}

TEST(ColorConvertPaths, RowsOutsideThePictureAreIgnored) {
    TestImage img = make_image(make_format(4, 2, 3, 1, 0, 8, false));
    ColorConverter conv;
    ASSERT_TRUE(conv.init(img.fmt, BPGR_OUTPUT_RGB24));
    PlaneView planes[3], extra;
    img.views(planes, extra);
    std::vector<uint8_t> buf(4 * 3 * 3, 0xAB);  // one spare row
    conv.convert_rows(planes, extra, 1, 5, buf.data() + 12, 12);  // dst = row 1
    EXPECT_EQ(buf[0], 0xAB);   // row 0 not requested
    EXPECT_EQ(buf[12], 0);     // row 1: Y=0, Cb=Cr=0 -> R clamps to 0
    EXPECT_EQ(buf[13], 135);   //        G = 570252928 >> 22
    EXPECT_EQ(buf[24], 0xAB);  // row 2 does not exist
}

}  // namespace
}  // namespace bpgr::test
