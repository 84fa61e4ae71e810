#include "access_unit_splitter.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

using Bytes = std::vector<uint8_t>;

void add_nal(Bytes &b, std::initializer_list<uint8_t> nal, bool first = false) {
    if (!first) b.insert(b.end(), {0x00, 0x00, 0x01});
    b.insert(b.end(), nal);
}

// Alpha PPS, colour PPS, alpha slice, colour slice; then a second frame
// with a duration SEI (7 ticks) before its colour slice.
Bytes two_stream_animation() {
    Bytes b;
    add_nal(b, {0x44, 0x09, 0xC1, 0x71, 0x81}, true);  // PPS, layer 1
    add_nal(b, {0x44, 0x01, 0xC1, 0x71, 0x81});        // PPS, layer 0
    add_nal(b, {0x28, 0x09, 0xAF, 0x11});              // IDR_N_LP, first slice, layer 1
    add_nal(b, {0x28, 0x01, 0xAF, 0x22});              // IDR_N_LP, first slice, layer 0
    add_nal(b, {0x02, 0x09, 0x80, 0x33});              // TRAIL_R, layer 1
    add_nal(b, {0x4E, 0x01, 0xFF, 0x02, 0x02, 0x00, 0x07, 0x80});  // SEI 257 = 7
    add_nal(b, {0x02, 0x01, 0x80, 0x44});              // TRAIL_R, layer 0
    return b;
}

TEST(AccessUnits, RoutesLayersAndSplitsFrames) {
    Bytes b = two_stream_animation();
    size_t pos = 0;
    bool first = true;
    bpgr::AccessUnit unit;
    ASSERT_TRUE(bpgr::split_access_unit(b.data(), b.size(), pos, first, true, unit).ok());
    EXPECT_FALSE(first);
    EXPECT_EQ(unit.alpha.size(), 2u);
    EXPECT_EQ(unit.color.size(), 2u);
    EXPECT_EQ(unit.duration_ticks, 1u);
    EXPECT_EQ(b[unit.color[1].offset], 0x28);

    ASSERT_TRUE(bpgr::split_access_unit(b.data(), b.size(), pos, first, true, unit).ok());
    EXPECT_EQ(pos, b.size());
    EXPECT_EQ(unit.alpha.size(), 1u);
    EXPECT_EQ(unit.color.size(), 2u);
    EXPECT_EQ(unit.duration_ticks, 7u);
}

TEST(AccessUnits, SingleStreamTreatsLayerOneAsColour) {
    Bytes b = two_stream_animation();
    size_t pos = 0;
    bool first = true;
    bpgr::AccessUnit unit;
    ASSERT_TRUE(bpgr::split_access_unit(b.data(), b.size(), pos, first, false, unit).ok());
    EXPECT_TRUE(unit.alpha.empty());
    // Both PPS and the layer-1 slice; the next first-slice starts frame 2.
    EXPECT_EQ(unit.color.size(), 3u);
}

TEST(AccessUnits, ZeroDurationIsKept) {
    Bytes b;
    add_nal(b, {0x44, 0x01, 0xC1, 0x71, 0x81}, true);
    add_nal(b, {0x4E, 0x01, 0xFF, 0x02, 0x02, 0x00, 0x00, 0x80});
    add_nal(b, {0x28, 0x01, 0xAF, 0x22});
    size_t pos = 0;
    bool first = true;
    bpgr::AccessUnit unit;
    ASSERT_TRUE(bpgr::split_access_unit(b.data(), b.size(), pos, first, false, unit).ok());
    EXPECT_EQ(unit.duration_ticks, 0u);
}

TEST(AccessUnits, CorruptStartCodeMergesNals) {
    Bytes b = two_stream_animation();
    b[6] = 0x02;  // corrupt the second start code (00 00 02)
    size_t pos = 0;
    bool first = true;
    bpgr::AccessUnit unit;
    // The first NAL now runs on until the next real start code; no failure
    // until a NAL without start code is met, which this layout avoids.
    bpgr::Status st = bpgr::split_access_unit(b.data(), b.size(), pos, first, true, unit);
    EXPECT_TRUE(st.ok()) << st.message;
    EXPECT_EQ(unit.alpha.size() + unit.color.size(), 3u);
}

}  // namespace
