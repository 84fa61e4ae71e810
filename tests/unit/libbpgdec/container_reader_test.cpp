#include "container_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<uint8_t>;
using bpgr::BpgHeader;
using bpgr::ParseDepth;

// The 77x69 4:2:0 header of bpg-format.md 1.13 followed by a fake PPS.
Bytes example_file() {
    return {0x42, 0x50, 0x47, 0xFB, 0x20, 0x00, 0x4D, 0x45, 0x00, 0x03, 0x92, 0x47, 0x40,
            0x44, 0x01, 0xC1, 0x71, 0x81, 0x12};
}

bpgr::Status parse(const Bytes &b, BpgHeader &h, ParseDepth depth = ParseDepth::kHeaders, bool keep = true,
                   const bpgr_limits *limits = nullptr) {
    return bpgr::parse_container(b.data(), b.size(), depth, keep, limits, h);
}

Bytes read_fixture(const std::string &name) {
    std::ifstream f(name, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

TEST(Container, WorkedExample) {
    BpgHeader h;
    ASSERT_TRUE(parse(example_file(), h).ok());
    EXPECT_EQ(h.pixel_format, 1);
    EXPECT_EQ(h.bit_depth, 8);
    EXPECT_EQ(h.color_space, 0);
    EXPECT_EQ(h.width, 77u);
    EXPECT_EQ(h.height, 69u);
    EXPECT_FALSE(h.has_extra_plane());
    EXPECT_EQ(h.color_sps.log2_diff_max_min_cb, 3u);
    EXPECT_EQ(h.color_sps.max_transform_hierarchy_depth_intra, 2u);
    EXPECT_TRUE(h.color_sps.sao);
    EXPECT_FALSE(h.color_sps.pcm);
    EXPECT_TRUE(h.color_sps.strong_intra_smoothing);
    EXPECT_EQ(h.hevc_data_offset, 13u);
}

struct BadHeader {
    const char *what;
    size_t offset;
    uint8_t value;
    bpgr::StatusCode code;
};

TEST(Container, RejectsInvalidFields) {
    const BadHeader cases[] = {
        {"magic", 3, 0xFC, bpgr::StatusCode::kWrongFormat},
        {"pixel format 6", 4, 0xC0, bpgr::StatusCode::kInvalidData},
        {"bit depth 15", 4, 0x27, bpgr::StatusCode::kInvalidData},
        {"color space 5", 5, 0x50, bpgr::StatusCode::kInvalidData},
        {"gray with RGB", 4, 0x00, bpgr::StatusCode::kInvalidData},  // combined with byte 5 below
        {"width 0", 6, 0x00, bpgr::StatusCode::kInvalidData},
        {"height 0", 7, 0x00, bpgr::StatusCode::kInvalidData},
        {"picture_data_length too large", 8, 0x7F, bpgr::StatusCode::kTruncated},
        {"animation without control", 5, 0x01, bpgr::StatusCode::kInvalidData},
        {"hevc header longer than file", 9, 0x7F, bpgr::StatusCode::kTruncated},
    };
    for (const BadHeader &c : cases) {
        Bytes b = example_file();
        b[c.offset] = c.value;
        if (std::string(c.what) == "gray with RGB") b[5] = 0x10;
        BpgHeader h;
        bpgr::Status st = parse(b, h);
        EXPECT_EQ(st.code, c.code) << c.what << ": " << st.message;
        EXPECT_FALSE(st.message.empty()) << c.what;
    }
}

TEST(Container, GrayWithWPlaneRejected) {
    Bytes b = example_file();
    b[4] = 0x00;  // gray
    b[5] = 0x04;  // alpha2 only: W plane
    BpgHeader h;
    EXPECT_EQ(parse(b, h).code, bpgr::StatusCode::kInvalidData);
}

TEST(Container, TruncatedEverywhere) {
    Bytes full = example_file();
    for (size_t n = 0; n < 13; ++n) {
        Bytes b(full.begin(), full.begin() + static_cast<long>(n));
        BpgHeader h;
        bpgr::Status st = parse(b, h);
        EXPECT_FALSE(st.ok()) << "length " << n;
    }
}

TEST(Container, SizeOnlyDepthStopsAfterDimensions) {
    Bytes b = example_file();
    b.resize(8);
    BpgHeader h;
    ASSERT_TRUE(parse(b, h, ParseDepth::kSize).ok());
    EXPECT_EQ(h.width, 77u);
}

TEST(Container, Limits) {
    bpgr_limits limits{};
    limits.version = BPGR_LIMITS_VERSION;
    limits.max_dimension = 64;
    BpgHeader h;
    EXPECT_EQ(parse(example_file(), h, ParseDepth::kHeaders, true, &limits).code, bpgr::StatusCode::kLimitExceeded);
    limits.max_dimension = 0;
    limits.max_pixels = 77 * 69 - 1;
    EXPECT_EQ(parse(example_file(), h, ParseDepth::kHeaders, true, &limits).code, bpgr::StatusCode::kLimitExceeded);
    limits.max_pixels = 77 * 69;
    EXPECT_TRUE(parse(example_file(), h, ParseDepth::kHeaders, true, &limits).ok());
}

TEST(Container, ExtensionsInFileOrder) {
    Bytes b = read_fixture("ext-crafted-thumb-unknown.bpg");
    ASSERT_FALSE(b.empty());
    BpgHeader h;
    ASSERT_TRUE(parse(b, h).ok());
    ASSERT_EQ(h.extensions.size(), 3u);
    EXPECT_EQ(h.extensions[0].tag, 1u);
    EXPECT_EQ(h.extensions[0].size, 14u);
    EXPECT_EQ(h.extensions[1].tag, 300u);
    EXPECT_EQ(h.extensions[1].size, 5u);
    EXPECT_EQ(h.extensions[2].tag, 4u);
    EXPECT_EQ(h.extensions[2].size, 58u);
    // The thumbnail is itself a BPG file.
    BpgHeader thumb;
    const bpgr::ExtensionRecord &t = h.extensions[2];
    ASSERT_TRUE(bpgr::parse_container(b.data() + t.offset, t.size, ParseDepth::kHeaders, false, nullptr, thumb).ok());
    EXPECT_EQ(thumb.width, 8u);
}

TEST(Container, AnimationControl) {
    Bytes b = read_fixture("anim-delays-loop3.bpg");
    ASSERT_FALSE(b.empty());
    BpgHeader h;
    ASSERT_TRUE(parse(b, h, ParseDepth::kHeaders, false).ok());
    EXPECT_TRUE(h.animation);
    EXPECT_EQ(h.loop_count, 3);
    EXPECT_EQ(h.frame_period_num, 1);
    EXPECT_EQ(h.frame_period_den, 20);
}

TEST(Container, AnimationControlOutOfRange) {
    // 1x1 gray animated file whose control record says period 0/20.
    Bytes b = {0x42, 0x50, 0x47, 0xFB, 0x00, 0x09, 0x01, 0x01, 0x00, 0x05, 0x05, 0x03, 0x03, 0x00, 0x14,
               0x03, 0x92, 0x47, 0x40, 0x44, 0x01, 0xC1, 0x71, 0x81};
    BpgHeader h;
    bpgr::Status st = parse(b, h);
    EXPECT_EQ(st.code, bpgr::StatusCode::kInvalidData) << st.message;
    b[13] = 0x01;  // period 1/20
    EXPECT_TRUE(parse(b, h).ok());
}

}  // namespace
