#include "hevc_stream_builder.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

using bpgr::CompactSps;
using Bytes = std::vector<uint8_t>;

// Compact header 92 47 40 of the 77x69 example (bpg-format.md 1.13).
CompactSps example_sps() {
    CompactSps s;
    s.log2_min_cb_minus3 = 0;
    s.log2_diff_max_min_cb = 3;
    s.log2_min_tb_minus2 = 0;
    s.log2_diff_max_min_tb = 3;
    s.max_transform_hierarchy_depth_intra = 2;
    s.sao = true;
    s.strong_intra_smoothing = true;
    return s;
}

TEST(ParameterSets, VpsCheckVector) {
    Bytes expected = {0x40, 0x01, 0x0C, 0x01, 0xFF, 0xFF, 0x04, 0x08, 0x00, 0x00, 0x03, 0x00,
                      0x90, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0xFF, 0xAC, 0x09};
    EXPECT_EQ(bpgr::make_vps(), expected);
}

TEST(ParameterSets, SpsCheckVector420) {
    Bytes expected = {0x42, 0x01, 0x01, 0x04, 0x08, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00,
                      0x00, 0x03, 0x00, 0xFF, 0xA0, 0x28, 0x81, 0x25, 0x96, 0xB9, 0x24, 0x6D, 0xAC, 0x80};
    EXPECT_EQ(bpgr::make_sps(example_sps(), 1, 77, 69, 8), expected);
}

TEST(ParameterSets, SpsCheckVectorMonochrome) {
    Bytes expected = {0x42, 0x01, 0x01, 0x04, 0x08, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03,
                      0x00, 0x00, 0x03, 0x00, 0xFF, 0xC0, 0x92, 0x04, 0x96, 0x5A, 0xE4, 0x91, 0xB6, 0xB2};
    EXPECT_EQ(bpgr::make_sps(example_sps(), 0, 65, 67, 8), expected);
}

TEST(NalSplit, FirstNalHasNoStartCode) {
    Bytes data = {0x44, 0x01, 0xC1, 0x71, 0x81, 0x12, 0x00, 0x00, 0x01, 0x28, 0x01, 0xAA, 0xBB,
                  0x00, 0x00, 0x00, 0x01, 0x28, 0x01, 0xCC};
    size_t pos = 0;
    bpgr::NalSpan nal;
    ASSERT_TRUE(bpgr::read_next_nal(data.data(), data.size(), pos, true, nal).ok());
    EXPECT_EQ(nal.offset, 0u);
    EXPECT_EQ(nal.size, 6u);
    ASSERT_TRUE(bpgr::read_next_nal(data.data(), data.size(), pos, false, nal).ok());
    EXPECT_EQ(nal.offset, 9u);
    EXPECT_EQ(nal.size, 4u);
    ASSERT_TRUE(bpgr::read_next_nal(data.data(), data.size(), pos, false, nal).ok());
    EXPECT_EQ(nal.offset, 17u);
    EXPECT_EQ(nal.size, 3u);
    EXPECT_EQ(pos, data.size());
}

TEST(NalSplit, Errors) {
    Bytes short_first = {0x44, 0x01, 0xC1, 0x71};
    size_t pos = 0;
    bpgr::NalSpan nal;
    EXPECT_EQ(bpgr::read_next_nal(short_first.data(), short_first.size(), pos, true, nal).code,
              bpgr::StatusCode::kTruncated);
    Bytes no_start_code = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    pos = 0;
    EXPECT_EQ(bpgr::read_next_nal(no_start_code.data(), no_start_code.size(), pos, false, nal).code,
              bpgr::StatusCode::kInvalidData);
    Bytes tiny = {0x00, 0x00, 0x01, 0x28, 0x01};
    pos = 0;
    EXPECT_EQ(bpgr::read_next_nal(tiny.data(), tiny.size(), pos, false, nal).code, bpgr::StatusCode::kTruncated);
}

}  // namespace
