#include "hevc_data_builder.h"

#include <gtest/gtest.h>

using namespace bpgr::enc;

namespace {

NalUnit nal(std::vector<uint8_t> bytes) { return NalUnit{std::move(bytes)}; }

}  // namespace

TEST(HevcData, InterleavesAlphaFirstWithLayerIdOne) {
    // PPS, slice (first_slice_segment_in_pic_flag set) per stream.
    std::vector<NalUnit> color = {nal({0, 0, 0, 1, 0x44, 0x01, 0xC0}),
                                  nal({0, 0, 1, 0x26, 0x01, 0xAF, 0x01})};
    std::vector<NalUnit> alpha = {nal({0, 0, 0, 1, 0x44, 0x01, 0xC1}),
                                  nal({0, 0, 1, 0x26, 0x01, 0xAF, 0x02})};
    const auto data = build_hevc_data(color, &alpha, {1});
    const std::vector<uint8_t> expected = {
        0x44, 0x09, 0xC1,                 // alpha PPS, first start code removed, layer 1
        0, 0, 0, 1, 0x44, 0x01, 0xC0,     // colour PPS
        0, 0, 1, 0x26, 0x09, 0xAF, 0x02,  // alpha slice, layer 1
        0, 0, 1, 0x26, 0x01, 0xAF, 0x01}; // colour slice
    EXPECT_EQ(data, expected);
}

TEST(HevcData, DurationSeiBeforeTheFirstSliceOfLongFrames) {
    std::vector<NalUnit> color = {
        nal({0, 0, 0, 1, 0x44, 0x01, 0xC0}),        // PPS
        nal({0, 0, 1, 0x28, 0x01, 0xAF, 0x01}),     // frame 0 (CRA)
        nal({0, 0, 1, 0x50, 0x01, 0x01}),           // suffix SEI (hash) stays in frame 0
        nal({0, 0, 1, 0x02, 0x01, 0x80, 0x02}),     // frame 1
        nal({0, 0, 1, 0x02, 0x01, 0x80, 0x03})};    // frame 2
    const auto data = build_hevc_data(color, nullptr, {1, 300, 2});
    const std::vector<uint8_t> expected = {
        0x44, 0x01, 0xC0,
        0, 0, 1, 0x28, 0x01, 0xAF, 0x01,
        0, 0, 1, 0x50, 0x01, 0x01,
        0, 0, 1, 0x4E, 0x01, 0xFF, 0x02, 0x02, 0x01, 0x2C, 0x80,  // 300 ticks
        0, 0, 1, 0x02, 0x01, 0x80, 0x02,
        0, 0, 1, 0x4E, 0x01, 0xFF, 0x02, 0x02, 0x00, 0x02, 0x80,  // 2 ticks
        0, 0, 1, 0x02, 0x01, 0x80, 0x03};
    EXPECT_EQ(data, expected);
}
