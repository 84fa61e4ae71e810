// The container header: the writer's bytes for known headers, and every
// header field and extension record the writer (the encoder's side) puts in
// a file read back identically by the reader (the decoder's side).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bpgr/format.h"
#include "container_header.h"
#include "example_sps.h"

namespace {

using Bytes = std::vector<uint8_t>;
using bpgr::BpgHeader;
using bpgr::CompactSps;
using bpgr::ParseDepth;

CompactSps pcm_range_sps() {
    CompactSps s = example_sps();
    s.log2_min_cb_minus3 = 1;
    s.log2_diff_max_min_cb = 1;
    s.log2_diff_max_min_tb = 2;
    s.max_transform_hierarchy_depth_intra = 1;
    s.pcm = true;
    s.pcm_bit_depth_luma_minus1 = 9;
    s.pcm_bit_depth_chroma_minus1 = 3;
    s.log2_diff_max_min_pcm_cb = 1;
    s.extension_present = true;
    s.range_extension = true;
    s.range_flags[1] = s.range_flags[2] = true;
    return s;
}

TEST(ContainerWriter, HeaderOfTheWorkedExample) {
    // 77x69 4:2:0 8-bit BT.601 full range, no alpha (format doc 1.13).
    BpgHeader h;
    h.pixel_format = 1;
    h.width = 77;
    h.height = 69;
    h.color_sps = example_sps();
    EXPECT_EQ(bpgr::write_container_header(h, nullptr),
              (Bytes{0x42, 0x50, 0x47, 0xFB, 0x20, 0x00, 0x4D, 0x45, 0x00, 0x03, 0x92, 0x47, 0x40}));
}

TEST(ContainerWriter, FlagsAnimationControlFirstThenMetadata) {
    BpgHeader h;
    h.pixel_format = 4;
    h.alpha1 = true;
    h.alpha2 = true;
    h.bit_depth = 10;
    h.color_space = 3;
    h.limited_range = true;
    h.animation = true;
    h.width = 200;
    h.height = 1;
    h.loop_count = 3;
    h.frame_period_num = 1;
    h.frame_period_den = 20;
    const Bytes payloads = {0xAA, 0xBB};
    h.extensions = {{BPGR_EXT_ICC_PROFILE, 0, 2}};
    h.alpha_sps = example_sps();
    h.color_sps = example_sps();
    const Bytes expected = {
        0x42, 0x50, 0x47, 0xFB,
        (4 << 5) | (1 << 4) | 2,                   // pixel_format, alpha1, depth - 8
        (3 << 4) | (1 << 3) | (1 << 2) | (1 << 1) | 1,
        0x81, 0x48,                                // width 200
        0x01,                                      // height
        0x00,                                      // picture_data_length
        9,                                         // extension_data_length
        5, 3, 3, 1, 20,                            // animation control
        2, 2, 0xAA, 0xBB,                          // ICC
        3, 0x92, 0x47, 0x40,                       // alpha header
        3, 0x92, 0x47, 0x40};                      // colour header
    EXPECT_EQ(bpgr::write_container_header(h, payloads.data()), expected);
}

struct Written {
    BpgHeader header;
    Bytes payloads;
};

void expect_read_back(const Written &w, const std::string &what) {
    const BpgHeader &h = w.header;
    Bytes file = bpgr::write_container_header(h, w.payloads.data());
    const size_t header_size = file.size();
    file.resize(file.size() + (h.picture_data_length ? h.picture_data_length : 3), 0x5A);  // "HEVC data"

    BpgHeader r;
    bpgr::Status st = bpgr::read_container(file.data(), file.size(), ParseDepth::kHeaders, true, nullptr, r);
    ASSERT_TRUE(st.ok()) << what << ": " << st.message;
    EXPECT_EQ(r.pixel_format, h.pixel_format) << what;
    EXPECT_EQ(r.alpha1, h.alpha1) << what;
    EXPECT_EQ(r.alpha2, h.alpha2) << what;
    EXPECT_EQ(r.bit_depth, h.bit_depth) << what;
    EXPECT_EQ(r.color_space, h.color_space) << what;
    EXPECT_EQ(r.has_extensions, h.animation || !h.extensions.empty()) << what;
    EXPECT_EQ(r.limited_range, h.limited_range) << what;
    EXPECT_EQ(r.animation, h.animation) << what;
    EXPECT_EQ(r.width, h.width) << what;
    EXPECT_EQ(r.height, h.height) << what;
    EXPECT_EQ(r.picture_data_length, h.picture_data_length) << what;
    if (h.animation) {
        EXPECT_EQ(r.loop_count, h.loop_count) << what;
        EXPECT_EQ(r.frame_period_num, h.frame_period_num) << what;
        EXPECT_EQ(r.frame_period_den, h.frame_period_den) << what;
    }
    // The reader lists the animation control record the writer put first.
    const size_t first = h.animation ? 1 : 0;
    ASSERT_EQ(r.extensions.size(), first + h.extensions.size()) << what;
    if (h.animation) {
        EXPECT_EQ(r.extensions[0].tag, uint32_t(BPGR_EXT_ANIMATION_CONTROL)) << what;
    }
    for (size_t i = 0; i < h.extensions.size(); ++i) {
        const bpgr::ExtensionRecord &in = h.extensions[i], &out = r.extensions[first + i];
        EXPECT_EQ(out.tag, in.tag) << what << " record " << i;
        ASSERT_EQ(out.size, in.size) << what << " record " << i;
        EXPECT_EQ(Bytes(file.begin() + long(out.offset), file.begin() + long(out.offset + out.size)),
                  Bytes(w.payloads.begin() + long(in.offset), w.payloads.begin() + long(in.offset + in.size)))
            << what << " record " << i;
    }
    if (h.has_extra_plane()) {
        EXPECT_TRUE(r.alpha_sps == h.alpha_sps) << what;
    }
    EXPECT_TRUE(r.color_sps == h.color_sps) << what;
    EXPECT_EQ(r.hevc_data_offset, header_size) << what;
}

TEST(ContainerRoundTrip, EveryHeaderFieldCombination) {
    // Extra plane: none, alpha, premultiplied alpha, W (CMYK).
    const bool kExtra[4][2] = {{false, false}, {true, false}, {true, true}, {false, true}};
    int count = 0;
    for (uint8_t format = 0; format <= 5; ++format) {
    for (int extra = 0; extra < 4; ++extra) {
    for (uint8_t depth = 8; depth <= 14; ++depth) {
    for (uint8_t cs = 0; cs <= (format == 0 ? 0 : 4); ++cs) {
    for (int flags = 0; flags < 4; ++flags) {
        if (format == 0 && extra == 3) continue;  // gray has no W plane
        Written w;
        BpgHeader &h = w.header;
        h.pixel_format = format;
        h.alpha1 = kExtra[extra][0];
        h.alpha2 = kExtra[extra][1];
        h.bit_depth = depth;
        h.color_space = cs;
        h.limited_range = flags & 1;
        h.animation = flags & 2;
        h.width = 1u + format * 1000u + depth;
        h.height = 1u + cs * 300u + uint32_t(extra);
        h.loop_count = uint16_t(depth * 100);
        h.frame_period_num = uint16_t(1 + cs);
        h.frame_period_den = uint16_t(25 + format);
        h.color_sps = (depth & 1) ? pcm_range_sps() : example_sps();
        h.alpha_sps = (depth & 1) ? example_sps() : pcm_range_sps();
        expect_read_back(w, "format " + std::to_string(format) + " extra " + std::to_string(extra) + " depth " +
                                std::to_string(depth) + " cs " + std::to_string(cs) + " flags " +
                                std::to_string(flags));
        ++count;
    }
    }
    }
    }
    }
    EXPECT_EQ(count, (1 * 3 + 5 * 4 * 5) * 7 * 4);
}

TEST(ContainerRoundTrip, ExtensionRecordsAndSizes) {
    Written w;
    BpgHeader &h = w.header;
    h.pixel_format = 3;
    h.color_sps = example_sps();
    // EXIF, ICC, XMP, thumbnail, an unknown tag, an empty payload, a 300-byte
    // payload (two-byte length) and the largest tag a ue7 holds.
    const uint32_t tags[] = {BPGR_EXT_EXIF, BPGR_EXT_ICC_PROFILE, BPGR_EXT_XMP, BPGR_EXT_THUMBNAIL,
                             300,           7,                    9,            0xFFFFFFFFu};
    const size_t sizes[] = {14, 560, 3, 58, 5, 0, 300, 1};
    for (size_t i = 0; i < 8; ++i) {
        h.extensions.push_back({tags[i], w.payloads.size(), sizes[i]});
        for (size_t j = 0; j < sizes[i]; ++j) w.payloads.push_back(uint8_t(i * 31 + j));
    }
    for (uint32_t side : {1u, 127u, 128u, 16383u, 16384u, 65535u, 100000u}) {
        h.width = side;
        h.height = 2000000u / side + 1;
        for (uint32_t length : {0u, 1u, 200u}) {
            h.picture_data_length = length;
            for (bool animation : {false, true}) {
                h.animation = animation;
                h.loop_count = 0;
                h.frame_period_num = 65535;
                h.frame_period_den = 1;
                expect_read_back(w, "side " + std::to_string(side) + " length " + std::to_string(length) +
                                        (animation ? " animated" : ""));
            }
        }
    }
}

TEST(ContainerRoundTrip, AnimationControlRecordIsWrittenOnce) {
    Written w;
    BpgHeader &h = w.header;
    h.pixel_format = 1;
    h.width = h.height = 16;
    h.color_sps = example_sps();
    h.animation = true;
    h.frame_period_num = 1;
    h.frame_period_den = 10;
    // A header as read (the control record listed) writes it once, from the fields.
    w.payloads = {0x00, 0x01, 0x02};
    h.extensions = {{BPGR_EXT_ANIMATION_CONTROL, 0, 3}};
    Bytes file = bpgr::write_container_header(h, w.payloads.data());
    file.push_back(0);
    BpgHeader r;
    ASSERT_TRUE(bpgr::read_container(file.data(), file.size(), ParseDepth::kHeaders, true, nullptr, r).ok());
    ASSERT_EQ(r.extensions.size(), 1u);
    EXPECT_EQ(r.frame_period_den, 10);
}

}  // namespace
