// Section 5.2 constants against every row of Appendix A.
#include <gtest/gtest.h>

#include "appendix_a.h"
#include "color_convert.h"

namespace bpgr::test {
namespace {

TEST(ColorConvertConstants, TablesParsedCompletely) {
    EXPECT_EQ(appendix_a1().size(), 28u);  // 2 out precisions x 2 ranges x 7 depths
    EXPECT_EQ(appendix_a2().size(), 84u);  // ... x 3 matrices
}

TEST(ColorConvertConstants, ScalarsMatchAppendixA1ForEveryColorSpace) {
    for (const ScalarRow &row : appendix_a1()) {
        for (int cs = 0; cs <= 4; ++cs) {
            SCOPED_TRACE(testing::Message() << "out " << row.out_bits << " limited " << row.limited
                                            << " bd " << row.bit_depth << " cs " << cs);
            ConversionConstants k = compute_conversion_constants(row.bit_depth, row.limited != 0,
                                                                 cs, row.out_bits == 16);
            EXPECT_EQ(k.c_one, row.c_one);
            EXPECT_EQ(k.y_one, row.y_one);
            EXPECT_EQ(k.y_offset, row.y_offset);
            EXPECT_EQ(k.c_shift, 30 - row.out_bits);
            EXPECT_EQ(k.c_rnd, 1 << (29 - row.out_bits));
            EXPECT_EQ(k.c_center, 1 << (row.bit_depth - 1));
            EXPECT_EQ(k.max_out, (1 << row.out_bits) - 1);
        }
    }
}

TEST(ColorConvertConstants, MatrixCoefficientsMatchAppendixA2) {
    for (const MatrixRow &row : appendix_a2()) {
        const int cs = row.matrix == "BT601" ? 0 : row.matrix == "BT709" ? 3 : 4;
        SCOPED_TRACE(testing::Message() << "out " << row.out_bits << " limited " << row.limited
                                        << " bd " << row.bit_depth << " " << row.matrix);
        ConversionConstants k =
            compute_conversion_constants(row.bit_depth, row.limited != 0, cs, row.out_bits == 16);
        EXPECT_EQ(k.c_r_cr, row.c_r_cr);
        EXPECT_EQ(k.c_g_cb, row.c_g_cb);
        EXPECT_EQ(k.c_g_cr, row.c_g_cr);
        EXPECT_EQ(k.c_b_cb, row.c_b_cb);
    }
}

TEST(ColorConvertConstants, InitUsesTheSameConstants) {
    PictureFormat fmt{};
    fmt.width = fmt.height = 4;
    fmt.chroma_format = 1;
    fmt.chroma_phase = 1;
    fmt.color_space = BPGR_CS_YCBCR_BT709;
    fmt.bit_depth = 10;
    fmt.limited_range = true;
    ColorConverter conv;
    ASSERT_TRUE(conv.init(fmt, BPGR_OUTPUT_RGB48));
    // Worked example 3 of 5.9.
    EXPECT_EQ(conv.constants().y_one, 1225714);
    EXPECT_EQ(conv.constants().y_offset, -78437504);
    EXPECT_EQ(conv.constants().c_r_cr, 1887168);
    EXPECT_EQ(conv.constants().c_g_cb, 224481);
    EXPECT_EQ(conv.constants().c_g_cr, 560979);
    EXPECT_EQ(conv.constants().c_b_cb, 2223666);
    EXPECT_EQ(conv.bytes_per_pixel(), 6);
}

TEST(ColorConvertConstants, InitRejectsInvalidCombinations) {
    PictureFormat ok{};
    ok.width = ok.height = 2;
    ok.chroma_format = 3;
    ok.chroma_phase = 1;
    ok.bit_depth = 8;
    ColorConverter conv;
    EXPECT_TRUE(conv.init(ok, BPGR_OUTPUT_CMYK64));
    EXPECT_FALSE(conv.init(ok, static_cast<bpgr_output_format>(6)));
    EXPECT_FALSE(conv.init(ok, static_cast<bpgr_output_format>(-1)));
    PictureFormat bad = ok;
    bad.bit_depth = 15;
    EXPECT_FALSE(conv.init(bad, BPGR_OUTPUT_RGB24));
    bad = ok;
    bad.bit_depth = 7;
    EXPECT_FALSE(conv.init(bad, BPGR_OUTPUT_RGB24));
    bad = ok;
    bad.color_space = 5;
    EXPECT_FALSE(conv.init(bad, BPGR_OUTPUT_RGB24));
    bad = ok;
    bad.chroma_format = 4;
    EXPECT_FALSE(conv.init(bad, BPGR_OUTPUT_RGB24));
    bad = ok;
    bad.has_alpha = bad.has_w_plane = true;
    EXPECT_FALSE(conv.init(bad, BPGR_OUTPUT_RGBA32));
    bad = ok;
    bad.width = 0;
    EXPECT_FALSE(conv.init(bad, BPGR_OUTPUT_RGB24));
}

}  // namespace
}  // namespace bpgr::test
