// Model file parsing: round trips, and every kind of damage rejected cleanly.
#include <gtest/gtest.h>

#include <random>

#include "model_builder.h"
#include "model_file.h"

namespace bpgr::pf {
namespace {

using test::ModelShape;

constexpr size_t kHeaderStart = 16;  // magic, version, header_bytes
constexpr size_t kFlagsOffset = kHeaderStart + 36;

std::vector<uint8_t> small_model_file(bool f16 = false) {
    return test::serialize_model(test::random_model(ModelShape{}, 11), f16);
}

std::string parse_error(const std::vector<uint8_t> &file) {
    WdsrModel m;
    const Status st = parse_model(file.data(), file.size(), &m);
    EXPECT_FALSE(st.ok());
    EXPECT_FALSE(st.message.empty());
    return st.message;
}

void put_u32_at(std::vector<uint8_t> &f, size_t off, uint32_t v) {
    for (int i = 0; i < 4; ++i) f[off + i] = uint8_t(v >> (8 * i));
}

TEST(ModelFile, RoundTripsF32) {
    const WdsrModel want = test::random_model(ModelShape{}, 11);
    const std::vector<uint8_t> file = test::serialize_model(want);
    WdsrModel got;
    const Status st = parse_model(file.data(), file.size(), &got);
    ASSERT_TRUE(st.ok()) << st.message;
    EXPECT_EQ(got.n_blocks, want.n_blocks);
    EXPECT_EQ(got.expanded_width, want.expanded_width);
    EXPECT_EQ(got.name, "random");
    EXPECT_EQ(got.blocks[1].conv2.weights, want.blocks[1].conv2.weights);
    EXPECT_EQ(got.skip.bias, want.skip.bias);
    EXPECT_FLOAT_EQ(got.res_scale, want.res_scale);
    EXPECT_TRUE(got.calibration.empty());
    EXPECT_EQ(got.receptive_radius(), 6u);  // (2 + 2 * 2) * 1
}

TEST(ModelFile, RoundTripsF16WithinHalfPrecision) {
    const WdsrModel want = test::random_model(ModelShape{}, 12);
    const std::vector<uint8_t> file = test::serialize_model(want, true);
    WdsrModel got;
    const Status st = parse_model(file.data(), file.size(), &got);
    ASSERT_TRUE(st.ok()) << st.message;
    for (size_t i = 0; i < want.head.weights.size(); ++i)
        EXPECT_NEAR(got.head.weights[i], want.head.weights[i], std::fabs(want.head.weights[i]) / 1024 + 1e-7);
}

TEST(ModelFile, HalfToFloat) {
    EXPECT_EQ(half_to_float(0x3c00), 1.0f);
    EXPECT_EQ(half_to_float(0xc000), -2.0f);
    EXPECT_EQ(half_to_float(0x7bff), 65504.0f);
    EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.0f, -24));
    EXPECT_EQ(half_to_float(0x03ff), std::ldexp(1023.0f, -24));
    EXPECT_EQ(half_to_float(0x8000), -0.0f);
    EXPECT_TRUE(std::isinf(half_to_float(0x7c00)));
}

TEST(ModelFile, CalibrationRoundTrips) {
    WdsrModel m = test::random_model(ModelShape{}, 13);
    m.calibration.assign(m.conv_layer_count(), 1.5f);
    const std::vector<uint8_t> file = test::serialize_model(m);
    WdsrModel got;
    const Status st = parse_model(file.data(), file.size(), &got);
    ASSERT_TRUE(st.ok()) << st.message;
    EXPECT_EQ(got.calibration, m.calibration);
}

TEST(ModelFile, PaperArchitectureCost) {
    WdsrModel m = test::random_model(test::paper_shape(), 1);
    EXPECT_EQ(m.receptive_radius(), 34u);
    EXPECT_NEAR(m.macs_per_pixel(), 1.18e6, 0.01e6);
}

TEST(ModelFile, RejectsBadMagic) {
    std::vector<uint8_t> f = small_model_file();
    f[0] = 'X';
    test::fix_hash(f);
    EXPECT_NE(parse_error(f).find("magic"), std::string::npos);
}

TEST(ModelFile, RejectsWrongVersion) {
    std::vector<uint8_t> f = small_model_file();
    put_u32_at(f, 8, 2);
    test::fix_hash(f);
    EXPECT_NE(parse_error(f).find("version 2"), std::string::npos);
}

TEST(ModelFile, RejectsBadHash) {
    std::vector<uint8_t> f = small_model_file();
    f[f.size() / 2] ^= 0x40;
    EXPECT_NE(parse_error(f).find("hash"), std::string::npos);
}

TEST(ModelFile, RejectsEveryTruncation) {
    const std::vector<uint8_t> full = small_model_file(true);
    for (size_t len = 0; len < full.size(); ++len) {
        std::vector<uint8_t> f(full.begin(), full.begin() + len);
        // With the hash recomputed, the structure itself must catch it.
        if (len >= 8) {
            f.resize(len + 8);
            test::fix_hash(f);
            f.resize(len);
            test::fix_hash(f);
        }
        WdsrModel m;
        const Status st = parse_model(f.data(), f.size(), &m);
        ASSERT_FALSE(st.ok()) << "length " << len;
        ASSERT_FALSE(st.message.empty());
    }
}

TEST(ModelFile, RejectsTrailingBytes) {
    std::vector<uint8_t> f = small_model_file();
    f.insert(f.end() - 8, 4, 0);
    test::fix_hash(f);
    EXPECT_NE(parse_error(f).find("unexpected bytes"), std::string::npos);
}

TEST(ModelFile, RejectsBadHeaderFields) {
    struct Case {
        size_t offset;
        uint32_t value;
        const char *expect;
    };
    const Case cases[] = {
        {kHeaderStart + 0, 0, "n_blocks"},      {kHeaderStart + 0, 65, "n_blocks"},
        {kHeaderStart + 4, 0, "width"},         {kHeaderStart + 8, 4096, "expanded_width"},
        {kHeaderStart + 12, 4, "kernel"},       {kHeaderStart + 16, 0, "skip_kernel"},
        {kHeaderStart + 20, 5, "in_channels"},  {kHeaderStart + 32, 1, "color_domain"},
        {kFlagsOffset, 0x10, "flags"},          {kFlagsOffset, 0x8, "flags"},
        {12, 10, "header_bytes"},
    };
    for (const Case &c : cases) {
        std::vector<uint8_t> f = small_model_file();
        put_u32_at(f, c.offset, c.value);
        test::fix_hash(f);
        EXPECT_NE(parse_error(f).find(c.expect), std::string::npos) << c.expect << " = " << c.value;
    }
}

TEST(ModelFile, RejectsWrongTensorShapeAndDtype) {
    std::vector<uint8_t> f = small_model_file();
    const size_t head_tensor = kHeaderStart + kMinHeaderBytes;
    put_u32_at(f, head_tensor + 8, 9);  // head.weight dim 0 != width
    test::fix_hash(f);
    EXPECT_NE(parse_error(f).find("head.weight"), std::string::npos);
    f = small_model_file();
    put_u32_at(f, head_tensor, 7);  // dtype
    test::fix_hash(f);
    EXPECT_NE(parse_error(f).find("dtype"), std::string::npos);
}

TEST(ModelFile, RejectsNonFiniteWeightsAndBadCalibration) {
    WdsrModel m = test::random_model(ModelShape{}, 14);
    m.blocks[0].conv1.weights[5] = std::nanf("");
    EXPECT_NE(parse_error(test::serialize_model(m)).find("non-finite"), std::string::npos);
    m = test::random_model(ModelShape{}, 14);
    m.calibration.assign(3, 1.0f);
    EXPECT_NE(parse_error(test::serialize_model(m)).find("calibration count"), std::string::npos);
    m.calibration.assign(m.conv_layer_count(), -1.0f);
    EXPECT_NE(parse_error(test::serialize_model(m)).find("calibration value"), std::string::npos);
}

TEST(ModelFile, AcceptsLongerHeaderAndKnownFlags) {
    WdsrModel m = test::random_model(ModelShape{}, 15);
    m.flags = uint32_t(RecommendedPrecision::kInt8) | kFlagInt8WithoutVnni;
    std::vector<uint8_t> f = test::serialize_model(m);
    // Grow the header by 8 unknown bytes: readers skip them.
    put_u32_at(f, 12, kMinHeaderBytes + 8);
    f.insert(f.begin() + kHeaderStart + kMinHeaderBytes, 8, 0xab);
    test::fix_hash(f);
    WdsrModel got;
    Status st = parse_model(f.data(), f.size(), &got);
    ASSERT_TRUE(st.ok()) << st.message;
    EXPECT_EQ(got.recommended_precision(), RecommendedPrecision::kInt8);
    EXPECT_TRUE(got.int8_without_vnni_ok());
    WdsrModel plain = test::random_model(ModelShape{}, 15);
    plain.flags = uint32_t(RecommendedPrecision::kInt8);
    const std::vector<uint8_t> pf = test::serialize_model(plain);
    st = parse_model(pf.data(), pf.size(), &got);
    ASSERT_TRUE(st.ok()) << st.message;
    EXPECT_FALSE(got.int8_without_vnni_ok());
}

TEST(ModelFile, RandomDamageNeverCrashes) {
    const std::vector<uint8_t> full = small_model_file(true);
    std::mt19937 rng(99);
    int accepted = 0;
    for (int i = 0; i < 2000; ++i) {
        std::vector<uint8_t> f = full;
        const int flips = 1 + int(rng() % 4);
        for (int j = 0; j < flips; ++j) f[rng() % (f.size() - 8)] ^= uint8_t(1u << (rng() % 8));
        test::fix_hash(f);
        WdsrModel m;
        const Status st = parse_model(f.data(), f.size(), &m);
        if (st.ok()) ++accepted;  // weight bits: still a model
        else EXPECT_FALSE(st.message.empty());
    }
    EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace bpgr::pf
