// The C API: identity model, tiling and thread invariance, errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "bpgr/postfilter.h"
#include "model_builder.h"
#include "postfilter_internal.h"
#include "reference_net.h"

namespace bpgr::pf {
namespace {

using test::ModelShape;

struct Handle {
    bpgr_postfilter *pf = nullptr;
    ~Handle() { bpgr_pf_destroy(pf); }
};

bpgr_pf_settings settings_for(bpgr_pf_precision p, int threads = 2) {
    bpgr_pf_settings s;
    bpgr_pf_default_settings(&s);
    s.precision = p;
    s.threads = threads;
    return s;
}

std::vector<uint16_t> run16(bpgr_postfilter *pf, const std::vector<uint16_t> &img, int w, int h, int ch,
                            int qp = 30) {
    std::vector<uint16_t> out(size_t(w) * h * 4, 0xdead);
    const bpgr_pf_status st = bpgr_pf_run(pf, img.data(), w, h, ptrdiff_t(w) * ch * 2, ch, out.data(),
                                          ptrdiff_t(w) * 4 * 2, 4, 16, qp);
    EXPECT_EQ(st, BPGR_PF_OK) << bpgr_pf_last_error(pf);
    return out;
}

// The precisions this CPU runs natively (all three on the AVX-512 BF16/VNNI
// machines this project targets; elsewhere the others are skipped).
std::vector<bpgr_pf_precision> native_precisions() {
    std::vector<bpgr_pf_precision> out = {BPGR_PF_PRECISION_FP32};
    if (precision_supported(Precision::kBf16)) out.push_back(BPGR_PF_PRECISION_BF16);
    if (precision_supported(Precision::kInt8)) out.push_back(BPGR_PF_PRECISION_INT8);
    return out;
}
const std::vector<bpgr_pf_precision> kAllPrecisions = native_precisions();

TEST(PostfilterApi, BuiltinNames) {
    const char *const *names = bpgr_pf_builtin_names();
    std::vector<std::string> got;
    for (; *names; ++names) got.push_back(*names);
    EXPECT_NE(std::find(got.begin(), got.end(), "default"), got.end());
    EXPECT_NE(std::find(got.begin(), got.end(), "paper"), got.end());
}

TEST(PostfilterApi, IdentityModelReproducesInput) {
    const int w = 45, h = 31;
    const std::vector<uint16_t> img = test::random_image16(w, h, 4, 21);
    for (bpgr_pf_precision p : kAllPrecisions) {
        Handle hd;
        bpgr_pf_settings s = settings_for(p);
        ASSERT_EQ(bpgr_pf_create_builtin("paper", &s, &hd.pf), BPGR_PF_OK) << bpgr_pf_last_error(hd.pf);
        EXPECT_EQ(loaded_model(hd.pf).n_blocks, 16u);
        const std::vector<uint16_t> out = run16(hd.pf, img, w, h, 4);
        std::vector<uint8_t> out8(size_t(w) * h * 3);
        ASSERT_EQ(bpgr_pf_run(hd.pf, img.data(), w, h, w * 8, 4, out8.data(), w * 3, 3, 8, -1), BPGR_PF_OK);
        for (size_t i = 0; i < size_t(w) * h; ++i) {
            for (int c = 0; c < 3; ++c) {
                ASSERT_EQ(out[i * 4 + c], img[i * 4 + c]) << bpgr_pf_precision_name(p) << " pixel " << i;
                ASSERT_EQ(out8[i * 3 + c], (img[i * 4 + c] * 255 + 32767) / 65535) << "8-bit pixel " << i;
            }
            ASSERT_EQ(out[i * 4 + 3], 0xdead);  // alpha is the caller's
        }
        for (const PrimitiveInfo &info : primitive_infos(hd.pf))
            EXPECT_NE(info.impl.rfind("ref", 0), 0u) << info.layer << ": " << info.impl;
    }
}

// A random model whose output stays mostly inside 0..1 so that 16-bit
// outputs compare meaningfully.
std::vector<uint8_t> random_model_file(uint32_t seed, ModelShape shape = ModelShape{}) {
    return test::serialize_model(test::random_model(shape, seed));
}

TEST(PostfilterApi, Fp32MatchesReferenceAt16Bits) {
    const int w = 29, h = 41;
    const WdsrModel model = test::random_model(ModelShape{}, 22);
    const std::vector<uint8_t> file = test::serialize_model(model);
    const std::vector<uint16_t> img = test::random_image16(w, h, 3, 23);
    Handle hd;
    bpgr_pf_settings s = settings_for(BPGR_PF_PRECISION_FP32);
    ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &hd.pf), BPGR_PF_OK);
    const std::vector<uint16_t> out = run16(hd.pf, img, w, h, 3, 25);
    const std::vector<float> want = reference_forward(model, test::to_unit_rgb(img, 3), w, h, 25);
    for (size_t i = 0; i < size_t(w) * h; ++i)
        for (int c = 0; c < 3; ++c) {
            const float v = std::min(std::max(want[i * 3 + c], 0.0f), 1.0f) * 65535.0f;
            ASSERT_NEAR(out[i * 4 + c], v, 1e-4 * 65535 + 0.5) << "pixel " << i;
        }
}

TEST(PostfilterApi, TiledEqualsWholeImage) {
    const int w = 53, h = 47;
    const std::vector<uint8_t> file = random_model_file(24);
    const std::vector<uint16_t> img = test::random_image16(w, h, 3, 25);
    for (bpgr_pf_precision p : kAllPrecisions) {
        Handle whole, tiled, strips;
        bpgr_pf_settings s = settings_for(p, 1);
        ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &whole.pf), BPGR_PF_OK);
        s.threads = 2;
        s.tile_rows = 5;
        ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &strips.pf), BPGR_PF_OK);
        s.tile_cols = 9;
        ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &tiled.pf), BPGR_PF_OK);
        EXPECT_EQ(tile_plan_for(whole.pf, w, h).tiles.size(), 1u);
        EXPECT_GE(tile_plan_for(strips.pf, w, h).tiles.size(), 5u);
        EXPECT_GE(tile_plan_for(tiled.pf, w, h).tiles.size(), 25u);
        const std::vector<uint16_t> a = run16(whole.pf, img, w, h, 3);
        EXPECT_EQ(a, run16(strips.pf, img, w, h, 3)) << bpgr_pf_precision_name(p);
        EXPECT_EQ(a, run16(tiled.pf, img, w, h, 3)) << bpgr_pf_precision_name(p);
    }
}

TEST(PostfilterApi, ThreadCountDoesNotChangeResult) {
    const std::vector<uint8_t> file = random_model_file(26);
    // 70x38: two strips on two workers; 20x14: one window, two oneDNN threads.
    for (auto [w, h] : {std::pair{70, 38}, {20, 14}}) {
        const std::vector<uint16_t> img = test::random_image16(w, h, 3, 27);
        for (bpgr_pf_precision p : kAllPrecisions) {
            Handle one, two, three;
            bpgr_pf_settings s = settings_for(p, 1);
            ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &one.pf), BPGR_PF_OK);
            s.threads = 2;
            ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &two.pf), BPGR_PF_OK);
            s.threads = 3;
            ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &three.pf), BPGR_PF_OK);
            EXPECT_EQ(tile_plan_for(two.pf, w, h).tiles.size(), h > 20 ? 2u : 1u);
            const std::vector<uint16_t> a = run16(one.pf, img, w, h, 3);
            EXPECT_EQ(a, run16(two.pf, img, w, h, 3)) << bpgr_pf_precision_name(p) << " " << w << "x" << h;
            EXPECT_EQ(a, run16(three.pf, img, w, h, 3)) << bpgr_pf_precision_name(p) << " " << w << "x" << h;
        }
    }
}

TEST(PostfilterApi, ReusedHandleMatchesFreshHandles) {
    // Buffers are recycled across image sizes: stale data must not leak in.
    const std::vector<uint8_t> file = random_model_file(34);
    for (bpgr_pf_precision p : kAllPrecisions) {
        Handle reused;
        bpgr_pf_settings s = settings_for(p);
        ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &reused.pf), BPGR_PF_OK);
        for (auto [w, h] : {std::pair{53, 47}, {31, 12}, {60, 25}, {53, 47}}) {
            const std::vector<uint16_t> img = test::random_image16(w, h, 3, uint32_t(w * h));
            Handle fresh;
            ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &fresh.pf), BPGR_PF_OK);
            EXPECT_EQ(run16(reused.pf, img, w, h, 3), run16(fresh.pf, img, w, h, 3))
                << bpgr_pf_precision_name(p) << " " << w << "x" << h;
        }
    }
}

TEST(PostfilterApi, RejectsDamagedModelsCleanly) {
    std::vector<uint8_t> good = random_model_file(28);
    std::vector<std::vector<uint8_t>> bad;
    bad.push_back(std::vector<uint8_t>(good.begin(), good.begin() + good.size() / 2));  // truncated
    bad.push_back(good);
    bad.back()[100] ^= 1;  // bad hash
    bad.push_back(good);
    bad.back()[8] = 9;  // wrong version
    test::fix_hash(bad.back());
    bad.push_back({});  // empty
    for (const std::vector<uint8_t> &f : bad) {
        Handle hd;
        EXPECT_EQ(bpgr_pf_create_from_memory(f.data(), f.size(), nullptr, &hd.pf), BPGR_PF_ERR_MODEL);
        ASSERT_NE(hd.pf, nullptr);
        EXPECT_GT(std::strlen(bpgr_pf_last_error(hd.pf)), 10u);
        std::vector<uint16_t> img(12, 0), out(12);
        EXPECT_EQ(bpgr_pf_run(hd.pf, img.data(), 2, 2, 12, 3, out.data(), 12, 3, 16, -1),
                  BPGR_PF_ERR_INVALID_ARGUMENT);
    }
}

TEST(PostfilterApi, FileAndArgumentErrors) {
    Handle missing, unknown;
    EXPECT_EQ(bpgr_pf_create_from_file("/nonexistent/model.bpgrm", nullptr, &missing.pf), BPGR_PF_ERR_IO);
    EXPECT_NE(std::string(bpgr_pf_last_error(missing.pf)).find("/nonexistent"), std::string::npos);
    EXPECT_EQ(bpgr_pf_create_builtin("nope", nullptr, &unknown.pf), BPGR_PF_ERR_INVALID_ARGUMENT);

    const std::vector<uint8_t> file = random_model_file(29);
    const std::string path = testing::TempDir() + "pf_api_model.bpgrm";
    FILE *f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(file.data(), 1, file.size(), f);
    std::fclose(f);
    Handle hd;
    ASSERT_EQ(bpgr_pf_create_from_file(path.c_str(), nullptr, &hd.pf), BPGR_PF_OK) << bpgr_pf_last_error(hd.pf);
    std::remove(path.c_str());
    std::vector<uint16_t> img(4 * 4 * 3, 1000), out(4 * 4 * 3);
    EXPECT_EQ(bpgr_pf_run(hd.pf, img.data(), 4, 4, 4 * 6, 3, out.data(), 4 * 6, 3, 12, -1),
              BPGR_PF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(bpgr_pf_run(hd.pf, img.data(), 4, 4, 4 * 6 - 2, 3, out.data(), 4 * 6, 3, 16, -1),
              BPGR_PF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(bpgr_pf_run(hd.pf, img.data(), 0, 4, 4 * 6, 3, out.data(), 4 * 6, 3, 16, -1),
              BPGR_PF_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(bpgr_pf_run(hd.pf, img.data(), 4, 4, 4 * 6, 3, out.data(), 4 * 6, 3, 16, -1), BPGR_PF_OK);
    bpgr_pf_settings s;
    bpgr_pf_default_settings(&s);
    s.version = 99;
    Handle badver;
    EXPECT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &badver.pf), BPGR_PF_ERR_INVALID_ARGUMENT);
}

// auto follows the model's flag where the CPU runs that precision natively,
// and otherwise steps down int8 -> bf16 -> fp32 (never an emulated precision,
// nor int8 without VNNI, where oneDNN halves the weights). The suite also runs
// under DNNL_MAX_CPU_ISA=AVX2: int8 has an AVX2 kernel there, bf16 none.
TEST(PostfilterApi, AutoFollowsTheModelFlagOnNativePrecisions) {
    WdsrModel m = test::random_model(ModelShape{}, 30);
    m.flags = uint32_t(RecommendedPrecision::kInt8);
    m.calibration.assign(m.conv_layer_count(), 2.0f);
    const std::vector<uint8_t> file = test::serialize_model(m);
    Handle hd;
    ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), nullptr, &hd.pf), BPGR_PF_OK);
    const bpgr_pf_precision expected = precision_native(Precision::kInt8)   ? BPGR_PF_PRECISION_INT8
                                       : precision_native(Precision::kBf16) ? BPGR_PF_PRECISION_BF16
                                                                            : BPGR_PF_PRECISION_FP32;
    EXPECT_EQ(bpgr_pf_effective_precision(hd.pf), expected);
    if (expected == BPGR_PF_PRECISION_INT8) {
        EXPECT_EQ(activation_ranges(hd.pf), m.calibration);  // the model's own calibration
    }
    Handle unflagged;
    const std::vector<uint8_t> plain = random_model_file(31);
    ASSERT_EQ(bpgr_pf_create_from_memory(plain.data(), plain.size(), nullptr, &unflagged.pf), BPGR_PF_OK);
    EXPECT_NE(bpgr_pf_effective_precision(unflagged.pf), BPGR_PF_PRECISION_INT8);
    // An explicit request is obeyed wherever an optimized kernel exists.
    if (precision_supported(Precision::kInt8)) {
        const bpgr_pf_settings s = settings_for(BPGR_PF_PRECISION_INT8);
        Handle explicit_int8;
        ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &explicit_int8.pf), BPGR_PF_OK);
        EXPECT_EQ(bpgr_pf_effective_precision(explicit_int8.pf), BPGR_PF_PRECISION_INT8);
    }
}

TEST(PostfilterApi, ProgressIsMonotonicAndReachesOne) {
    const std::vector<uint8_t> file = random_model_file(32);
    for (int threads : {1, 2}) {
        std::vector<double> seen;
        bpgr_pf_settings s = settings_for(BPGR_PF_PRECISION_FP32, threads);
        s.tile_rows = 8;
        s.progress = [](void *opaque, double f) { static_cast<std::vector<double> *>(opaque)->push_back(f); };
        s.progress_opaque = &seen;
        Handle hd;
        ASSERT_EQ(bpgr_pf_create_from_memory(file.data(), file.size(), &s, &hd.pf), BPGR_PF_OK);
        run16(hd.pf, test::random_image16(20, 30, 3, 33), 20, 30, 3);
        ASSERT_FALSE(seen.empty());
        // One thread: after every block and tile; more: whatever the caller's thread sees.
        if (threads == 1) {
            EXPECT_GT(seen.size(), 3u);
        }
        for (size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i], seen[i - 1]);
        EXPECT_DOUBLE_EQ(seen.back(), 1.0);
    }
}

TEST(PostfilterApi, WorkingMemoryBoundedForLargeImages) {
    Handle hd;
    bpgr_pf_settings s = settings_for(BPGR_PF_PRECISION_FP32);
    ASSERT_EQ(bpgr_pf_create_builtin("paper", &s, &hd.pf), BPGR_PF_OK);
    const TilePlan plan = tile_plan_for(hd.pf, 6000, 4000);  // 24 megapixels
    const size_t window_bytes = size_t(plan.win_cols) * plan.win_rows * (3 + 32 + 3) * sizeof(float);
    EXPECT_LE(window_bytes, size_t(256) << 20);
    EXPECT_GT(plan.tiles.size(), 1u);
}

}  // namespace
}  // namespace bpgr::pf
