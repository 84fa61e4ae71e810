// The oneDNN network against the plain-loop reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "calibration.h"
#include "model_builder.h"
#include "pixel_io.h"
#include "postfilter_internal.h"
#include "reference_net.h"
#include "wdsr_network.h"

namespace bpgr::pf {
namespace {

using test::ModelShape;

// Documented tolerances (max abs, 0..1 scale) against the fp32 reference on
// random weights and noise images: see postfilter/README.md.
constexpr float kFp32Tolerance = 1e-4f;
constexpr float kBf16Tolerance = 5e-3f;
constexpr float kInt8Tolerance = 2e-2f;

// Whole image as one window; returns RGB on 0..1 (mean added, not clamped).
std::vector<float> run_network(WdsrNetwork &net, const WdsrModel &model, const std::vector<uint16_t> &img,
                               int width, int height, int channels, int qp) {
    EXPECT_TRUE(net.prepare({height, width}));
    const SrcImage src{img.data(), width, height, ptrdiff_t(width) * channels * 2, channels};
    const Tile whole{0, 0, width, height, 0, 0};
    load_window(net, 0, model, src, whole, qp_plane_value(model, qp));
    net.run(0, {});
    std::vector<float> out(size_t(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                out[(size_t(y) * width + x) * 3 + c] = net.dst_row(0, y)[x * 3 + c] + model.mean[c];
    return out;
}

float max_abs_diff(const std::vector<float> &a, const std::vector<float> &b) {
    float m = 0.0f;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

void expect_no_reference_impls(const WdsrNetwork &net) {
    ASSERT_FALSE(net.primitive_infos().empty());
    for (const PrimitiveInfo &info : net.primitive_infos())
        EXPECT_NE(info.impl.rfind("ref", 0), 0u) << info.layer << " fell back to " << info.impl;
}

struct Size {
    int width, height;
};

std::vector<float> calibrated_ranges(const WdsrModel &model) { return calibrate_on_synthetic_image(model, -1); }

#define SKIP_UNLESS_SUPPORTED(p)                                                       \
    if (!precision_supported(p)) GTEST_SKIP() << precision_name(p) << " not native on this CPU"

float check_against_reference(const ModelShape &shape, Precision precision, const std::vector<Size> &sizes,
                              uint32_t seed, int channels = 3) {
    const WdsrModel model = test::random_model(shape, seed);
    const std::vector<float> ranges = precision == Precision::kInt8 ? calibrated_ranges(model) : std::vector<float>{};
    WdsrNetwork net(model, precision, ranges);
    float worst = 0.0f;
    for (const Size &s : sizes) {
        const std::vector<uint16_t> img = test::random_image16(s.width, s.height, channels, seed + s.width);
        const int qp = 33;
        const std::vector<float> got = run_network(net, model, img, s.width, s.height, channels, qp);
        const std::vector<float> want = reference_forward(model, test::to_unit_rgb(img, channels), s.width, s.height, qp);
        const float diff = max_abs_diff(got, want);
        worst = std::max(worst, diff);
        std::printf("  %s %dx%d: max abs diff %.3g\n", precision_name(precision), s.width, s.height, diff);
        expect_no_reference_impls(net);
    }
    return worst;
}

const std::vector<Size> kOddSizes = {{1, 1}, {37, 23}, {9, 71}, {40, 5}, {2, 33}, {13, 64}};

TEST(WdsrNetwork, Fp32MatchesReferenceOnOddSizes) {
    const float diff = check_against_reference(ModelShape{}, Precision::kFp32, kOddSizes, 1);
    EXPECT_LE(diff, kFp32Tolerance);
}

TEST(WdsrNetwork, Fp32MatchesReferenceWithQpPlaneAndBigKernels) {
    ModelShape shape;
    shape.in_channels = 4;
    shape.kernel = 5;
    shape.skip_kernel = 3;
    shape.blocks = 1;
    shape.width = 16;
    shape.expanded = 40;
    const float diff = check_against_reference(shape, Precision::kFp32, {{17, 29}, {3, 3}}, 2, 4);
    EXPECT_LE(diff, kFp32Tolerance);
}

TEST(WdsrNetwork, Fp32PaperSizeMatchesReference) {
    const float diff = check_against_reference(test::paper_shape(), Precision::kFp32, {{11, 37}}, 3);
    EXPECT_LE(diff, kFp32Tolerance);
}

TEST(WdsrNetwork, Bf16WithinTolerance) {
    SKIP_UNLESS_SUPPORTED(Precision::kBf16);
    const float diff = check_against_reference(ModelShape{}, Precision::kBf16, kOddSizes, 4);
    RecordProperty("max_abs_diff", std::to_string(diff));
    EXPECT_LE(diff, kBf16Tolerance);
    EXPECT_GT(diff, 0.0f);  // it really ran in reduced precision
}

TEST(WdsrNetwork, Int8WithinTolerance) {
    SKIP_UNLESS_SUPPORTED(Precision::kInt8);
    const float diff = check_against_reference(ModelShape{}, Precision::kInt8, kOddSizes, 5);
    RecordProperty("max_abs_diff", std::to_string(diff));
    EXPECT_LE(diff, kInt8Tolerance);
    EXPECT_GT(diff, 0.0f);
}

TEST(WdsrNetwork, PaperSizeBf16AndInt8WithinTolerance) {
    SKIP_UNLESS_SUPPORTED(Precision::kBf16);
    SKIP_UNLESS_SUPPORTED(Precision::kInt8);
    EXPECT_LE(check_against_reference(test::paper_shape(), Precision::kBf16, {{23, 19}}, 6), kBf16Tolerance);
    EXPECT_LE(check_against_reference(test::paper_shape(), Precision::kInt8, {{23, 19}}, 6), kInt8Tolerance);
}

// The hand-written AMX blocks against oneDNN's int8 blocks: same scales, same
// integer arithmetic, same fp32 steps, so only the order of fp32 sums in the
// head/tail differs (measured: at most 3e-7).
float amx_vs_onednn(const ModelShape &shape, const std::vector<Size> &sizes, uint32_t seed) {
    const WdsrModel model = test::random_model(shape, seed);
    const std::vector<float> ranges = calibrated_ranges(model);
    WdsrNetwork amx(model, Precision::kInt8, ranges);
    WdsrNetwork onednn(model, Precision::kInt8, ranges, /*own_kernels=*/false);
    float worst = 0.0f;
    for (const Size &s : sizes) {
        const std::vector<uint16_t> img = test::random_image16(s.width, s.height, 3, seed + s.width);
        const std::vector<float> a = run_network(amx, model, img, s.width, s.height, 3, 33);
        const std::vector<float> b = run_network(onednn, model, img, s.width, s.height, 3, 33);
        bool ran_amx = false;
        for (const PrimitiveInfo &info : amx.primitive_infos()) ran_amx |= info.impl.find("bpgr:amx_int8") != std::string::npos;
        EXPECT_TRUE(ran_amx) << s.width << "x" << s.height;
        for (const PrimitiveInfo &info : onednn.primitive_infos()) EXPECT_EQ(info.impl.find("bpgr:"), std::string::npos);
        const float diff = max_abs_diff(a, b);
        std::printf("  amx vs onednn int8 %dx%d: max abs diff %.3g\n", s.width, s.height, diff);
        worst = std::max(worst, diff);
    }
    return worst;
}

TEST(WdsrNetwork, AmxBlocksMatchOneDnnInt8) {
    if (!AmxBlocks::available()) GTEST_SKIP() << "no AMX int8 on this CPU (or capped by DNNL_MAX_CPU_ISA)";
    ModelShape wide64;
    wide64.width = 32;
    wide64.expanded = 64;
    wide64.blocks = 3;
    const std::vector<Size> sizes = {{1, 1}, {33, 7}, {70, 41}, {64, 3}, {97, 2}, {2, 66}};
    EXPECT_LE(amx_vs_onednn(wide64, sizes, 11), 1e-5f);
    EXPECT_LE(amx_vs_onednn(test::paper_shape(), {{45, 21}, {32, 32}}, 12), 1e-5f);
    // Zero-padded on the tiles: the default model's shape (24 -> 96, QP
    // plane input) and the small test net (8 -> 24).
    ModelShape default_like;
    default_like.width = 24;
    default_like.expanded = 96;
    default_like.in_channels = 4;
    EXPECT_LE(amx_vs_onednn(default_like, {{37, 23}, {64, 5}}, 13), 1e-5f);
    EXPECT_LE(amx_vs_onednn(ModelShape{}, {{9, 71}, {40, 5}}, 14), 1e-5f);
}

TEST(WdsrNetwork, RecordsActivationRangesInModelOrder) {
    const WdsrModel model = test::random_model(ModelShape{}, 7);
    const std::vector<float> ranges = calibrated_ranges(model);
    ASSERT_EQ(ranges.size(), model.conv_layer_count());
    EXPECT_EQ(ranges.front(), ranges.back());  // head and skip both read x
    for (float r : ranges) EXPECT_GT(r, 0.0f);
}

TEST(WdsrNetwork, BandRowsStayWithinBounds) {
    EXPECT_EQ(WdsrNetwork::band_rows_for(1, 3, 1024), 2);
    EXPECT_EQ(WdsrNetwork::band_rows_for(1024, 3, 1024), 32);
    EXPECT_EQ(WdsrNetwork::band_rows_for(546, 3, 1024), 26);  // 21 bands, no wasted rows
    const int byte_bound = WdsrNetwork::band_rows_for(40, 3, size_t(1) << 20);  // <= 16 MiB / 1 MiB - 2
    EXPECT_LE(byte_bound, 14);
    EXPECT_EQ(40 % byte_bound, 0);
    EXPECT_GE(WdsrNetwork::band_rows_for(1000, 5, size_t(1) << 30), 4);
}

}  // namespace
}  // namespace bpgr::pf
