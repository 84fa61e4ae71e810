// The frame-duration SEI: written bytes, and written -> read.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "frame_duration_sei.h"
#include "hevc_nal.h"

namespace {

TEST(FrameDurationSei, Bytes) {
    // Prefix SEI header, payload type 257 (FF 02), size 2, 300 ticks, trailing bits.
    EXPECT_EQ(bpgr::write_frame_duration_sei(300),
              (std::vector<uint8_t>{0x4E, 0x01, 0xFF, 0x02, 0x02, 0x01, 0x2C, 0x80}));
}

TEST(FrameDurationSei, EveryTickCountReadsBack) {
    for (uint32_t ticks = 1; ticks <= 0xFFFF; ++ticks) {
        const std::vector<uint8_t> nal = bpgr::write_frame_duration_sei(uint16_t(ticks));
        ASSERT_EQ(bpgr::nal_type(nal.data()), bpgr::kNalPrefixSei);
        uint32_t got = 0;
        ASSERT_TRUE(bpgr::read_frame_duration_sei(nal.data(), nal.size(), got)) << ticks;
        ASSERT_EQ(got, ticks);
    }
}

TEST(FrameDurationSei, OtherMessagesAreSkipped) {
    // Payload type 5 (user data, 3 bytes), then 257 with 2 ticks.
    const std::vector<uint8_t> nal = {0x4E, 0x01, 0x05, 0x03, 0xAA, 0xBB, 0xCC, 0xFF, 0x02, 0x02, 0x00, 0x02, 0x80};
    uint32_t got = 0;
    ASSERT_TRUE(bpgr::read_frame_duration_sei(nal.data(), nal.size(), got));
    EXPECT_EQ(got, 2u);
    const std::vector<uint8_t> no_duration = {0x4E, 0x01, 0x05, 0x01, 0xAA, 0x80};
    EXPECT_FALSE(bpgr::read_frame_duration_sei(no_duration.data(), no_duration.size(), got));
}

}  // namespace
