#include "container_writer.h"

#include <gtest/gtest.h>

using namespace bpgr::enc;

namespace {

std::vector<uint8_t> ue7(uint32_t v) {
    std::vector<uint8_t> out;
    append_ue7(v, &out);
    return out;
}

NalUnit nal(std::vector<uint8_t> bytes) { return NalUnit{std::move(bytes)}; }

}  // namespace

TEST(Ue7, FormatDocumentExamples) {
    EXPECT_EQ(ue7(8), (std::vector<uint8_t>{0x08}));
    EXPECT_EQ(ue7(542), (std::vector<uint8_t>{0x84, 0x1E}));
    EXPECT_EQ(ue7(728855), (std::vector<uint8_t>{0xAC, 0xBE, 0x17}));
}

TEST(Ue7, ShortestFormAtGroupBoundaries) {
    EXPECT_EQ(ue7(0), (std::vector<uint8_t>{0x00}));
    EXPECT_EQ(ue7(127), (std::vector<uint8_t>{0x7F}));
    EXPECT_EQ(ue7(128), (std::vector<uint8_t>{0x81, 0x00}));
    EXPECT_EQ(ue7((1u << 14) - 1), (std::vector<uint8_t>{0xFF, 0x7F}));
    EXPECT_EQ(ue7(1u << 14).size(), 3u);
    EXPECT_EQ(ue7(1u << 28).size(), 5u);
    EXPECT_EQ(ue7(0xFFFFFFFFu), (std::vector<uint8_t>{0x8F, 0xFF, 0xFF, 0xFF, 0x7F}));
}

TEST(ContainerWriter, HeaderOfTheWorkedExample) {
    // 77x69 4:2:0 8-bit BT.601 full range, no alpha (format doc 1.13).
    ContainerHeader h;
    h.pixel_format = 1;
    h.width = 77;
    h.height = 69;
    const std::vector<uint8_t> sps = {0x92, 0x47, 0x40};
    const std::vector<uint8_t> data = {0x44, 0x01, 0xC1};
    const auto file = write_container(h, {}, nullptr, sps, data);
    const std::vector<uint8_t> expected = {0x42, 0x50, 0x47, 0xFB, 0x20, 0x00, 0x4D, 0x45,
                                           0x00, 0x03, 0x92, 0x47, 0x40, 0x44, 0x01, 0xC1};
    EXPECT_EQ(file, expected);
}

TEST(ContainerWriter, FlagsAnimationControlFirstThenMetadata) {
    ContainerHeader h;
    h.pixel_format = 4;
    h.alpha1 = true;
    h.alpha2 = true;
    h.bit_depth = 10;
    h.color_space = 3;
    h.limited_range = true;
    h.animated = true;
    h.width = 200;
    h.height = 1;
    h.loop_count = 3;
    h.frame_period_num = 1;
    h.frame_period_den = 20;
    std::vector<ExtensionRecord> meta = {{2, {0xAA, 0xBB}}};
    const std::vector<uint8_t> alpha_sps = {0x11}, color_sps = {0x22, 0x33};
    const auto file = write_container(h, meta, &alpha_sps, color_sps, {0x44});
    const std::vector<uint8_t> expected = {
        0x42, 0x50, 0x47, 0xFB,
        (4 << 5) | (1 << 4) | 2,                   // pixel_format, alpha1, depth - 8
        (3 << 4) | (1 << 3) | (1 << 2) | (1 << 1) | 1,
        0x81, 0x48,                                // width 200
        0x01,                                      // height
        0x00,                                      // picture_data_length
        9,                                         // extension_data_length
        5, 3, 3, 1, 20,                            // animation control
        2, 2, 0xAA, 0xBB,                          // ICC
        1, 0x11,                                   // alpha header
        2, 0x22, 0x33,                             // colour header
        0x44};
    EXPECT_EQ(file, expected);
}

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
