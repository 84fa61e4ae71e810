#include "sps_compactor.h"

#include <gtest/gtest.h>

#include "bit_writer.h"
#include "rbsp.h"

using namespace bpgr::enc;

namespace {

// SPS as x265 3.5 writes it for an 80x72 4:2:0 8-bit still picture (-m 8):
// VUI with timing information.
const std::vector<uint8_t> kX265Sps = {
    0x42, 0x01, 0x01, 0x03, 0x70, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00, 0x00,
    0x03, 0x00, 0x1E, 0xA0, 0x28, 0x81, 0x25, 0x96, 0xEA, 0x49, 0x1B, 0x6B, 0x80, 0x40, 0x00,
    0x00, 0x03, 0x00, 0x40, 0x00, 0x00, 0x06, 0x42};
const std::vector<uint8_t> kX265Vps = {0x40, 0x01, 0x0C, 0x01, 0xFF, 0xFF, 0x03, 0x70, 0x00,
                                       0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00, 0x00,
                                       0x03, 0x00, 0x1E, 0xBA, 0x02, 0x40};
// The decoder-side SPS of format doc 2.3 (77x69, no VUI), and its variant
// with a conformance window: both must compact to 92 47 40.
const std::vector<uint8_t> kDocSps = {0x42, 0x01, 0x01, 0x04, 0x08, 0x00, 0x00, 0x03, 0x00, 0x90,
                                      0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0xFF, 0xA0, 0x28,
                                      0x81, 0x25, 0x96, 0xB9, 0x24, 0x6D, 0xAC, 0x80};
const std::vector<uint8_t> kDocSpsWindow = {
    0x42, 0x01, 0x01, 0x04, 0x08, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00, 0x00,
    0x03, 0x00, 0xFF, 0xA0, 0x28, 0x81, 0x27, 0x55, 0x96, 0xB9, 0x24, 0x6D, 0xAC, 0x80};
const std::vector<uint8_t> kCompact = {0x92, 0x47, 0x40};

struct SpsFields {
    uint32_t log2_max_poc_lsb_minus4 = 4;
    uint32_t depth_inter = 2, depth_intra = 2;
    bool scaling_list = false, amp = true, pcm = false;
    uint32_t short_term_rps = 0;
    bool long_term = false, temporal_mvp = true;
    bool vui = false, vui_signal_type = false, vui_hrd = false;
    bool extension = false, range_extension = false;
    uint32_t extension_4bits = 0;
    bool range_flags[9] = {};
};

// A monochrome 64x64 SPS built field by field.
std::vector<uint8_t> make_sps(const SpsFields &f) {
    bpgr::BitWriter bw;
    bw.put_bits(0x4201, 16);  // NAL header
    bw.put_bits(0, 4);
    bw.put_bits(0, 3);
    bw.put_bits(1, 1);
    for (int i = 0; i < 3; i++) bw.put_bits(0, 32);  // profile_tier_level (zeros)
    bw.put_ue(0);          // sps id
    bw.put_ue(0);          // monochrome
    bw.put_ue(64);
    bw.put_ue(64);
    bw.put_flag(false);    // conformance window
    bw.put_ue(0);
    bw.put_ue(0);
    bw.put_ue(f.log2_max_poc_lsb_minus4);
    bw.put_flag(true);
    bw.put_ue(1);
    bw.put_ue(0);
    bw.put_ue(0);
    bw.put_ue(0);  // min cb 8
    bw.put_ue(3);  // max cb 64
    bw.put_ue(0);
    bw.put_ue(3);
    bw.put_ue(f.depth_inter);
    bw.put_ue(f.depth_intra);
    bw.put_flag(f.scaling_list);
    bw.put_flag(f.amp);
    bw.put_flag(true);  // SAO
    bw.put_flag(f.pcm);
    if (f.pcm) {
        bw.put_bits(7, 4);
        bw.put_bits(7, 4);
        bw.put_ue(0);
        bw.put_ue(1);
        bw.put_flag(true);
    }
    bw.put_ue(f.short_term_rps);
    bw.put_flag(f.long_term);
    bw.put_flag(f.temporal_mvp);
    bw.put_flag(true);  // strong intra smoothing
    bw.put_flag(f.vui);
    if (f.vui) {
        bw.put_flag(false);  // aspect ratio
        bw.put_flag(false);  // overscan
        bw.put_flag(f.vui_signal_type);
        if (f.vui_signal_type) bw.put_bits(0x50, 5);
        bw.put_flag(false);  // chroma loc
        bw.put_bits(0, 3);
        bw.put_flag(false);  // default display window
        bw.put_flag(true);   // timing
        bw.put_bits(1, 32);
        bw.put_bits(25, 32);
        bw.put_flag(false);
        bw.put_flag(f.vui_hrd);
        bw.put_flag(false);  // bitstream restriction
    }
    bw.put_flag(f.extension);
    if (f.extension) {
        bw.put_flag(f.range_extension);
        bw.put_bits(0, 3);
        bw.put_bits(f.extension_4bits, 4);
        if (f.range_extension)
            for (bool b : f.range_flags) bw.put_flag(b);
    }
    bw.put_flag(true);  // rbsp_stop_one_bit
    // Escape: no 00 00 0x sequences can be avoided here, so do it properly.
    return bpgr::escape_rbsp(bw.bytes());
}

bool parses(const SpsFields &f, std::string *error) {
    const auto sps = make_sps(f);
    CompactSps out;
    const bpgr::Status st = parse_sps(sps.data(), sps.size(), &out);
    *error = st.message;
    return st.ok();
}

}  // namespace

TEST(SpsCompactor, RealX265SpsWithVui) {
    bpgr::Status st = check_vps(kX265Vps.data(), kX265Vps.size());
    EXPECT_TRUE(st.ok()) << st.message;
    CompactSps sps;
    st = parse_sps(kX265Sps.data(), kX265Sps.size(), &sps);
    ASSERT_TRUE(st.ok()) << st.message;
    EXPECT_EQ(write_compact_sps(sps), kCompact);
}

TEST(SpsCompactor, FormatDocumentSpsWithAndWithoutWindow) {
    CompactSps sps;
    bpgr::Status st = parse_sps(kDocSps.data(), kDocSps.size(), &sps);
    ASSERT_TRUE(st.ok()) << st.message;
    EXPECT_EQ(write_compact_sps(sps), kCompact);
    st = parse_sps(kDocSpsWindow.data(), kDocSpsWindow.size(), &sps);
    ASSERT_TRUE(st.ok()) << st.message;
    EXPECT_EQ(write_compact_sps(sps), kCompact);
}

TEST(SpsCompactor, BuiltSpsRoundTripsItsFields) {
    SpsFields f;
    f.pcm = true;
    f.extension = true;
    f.range_extension = true;
    f.range_flags[0] = f.range_flags[5] = f.range_flags[7] = true;
    f.vui = true;
    const auto nal = make_sps(f);
    CompactSps sps;
    const bpgr::Status st = parse_sps(nal.data(), nal.size(), &sps);
    ASSERT_TRUE(st.ok()) << st.message;
    EXPECT_EQ(sps.log2_diff_max_min_cb, 3u);
    EXPECT_TRUE(sps.pcm);
    EXPECT_EQ(sps.pcm_bit_depth_luma_minus1, 7u);
    EXPECT_EQ(sps.log2_diff_max_min_pcm_cb, 1u);
    EXPECT_TRUE(sps.pcm_loop_filter_disabled);
    EXPECT_TRUE(sps.range_flags[0] && sps.range_flags[5] && sps.range_flags[7]);
    EXPECT_FALSE(sps.range_flags[1]);
    // Compact bits: 1 | 00100 | 1 | 00100 | 011 | sao 1 | pcm 1 | 0111 0111 | 1 | 010 | 1 |
    // strong 1 | ext 1 | range 1 | 0000000 | 100001010 | zero padding
    const std::vector<uint8_t> expected = {0x92, 0x47, 0xBB, 0xD7, 0x80, 0x85, 0x00};
    EXPECT_EQ(write_compact_sps(sps), expected);
}

TEST(SpsCompactor, RefusesWhatTheContainerCannotDescribe) {
    std::string error;
    SpsFields ok;
    EXPECT_TRUE(parses(ok, &error)) << error;
    auto refused = [&](SpsFields f) { return !parses(f, &error); };
    SpsFields f;
    f = ok; f.log2_max_poc_lsb_minus4 = 3; EXPECT_TRUE(refused(f));
    f = ok; f.depth_inter = 1; EXPECT_TRUE(refused(f));
    f = ok; f.scaling_list = true; EXPECT_TRUE(refused(f));
    f = ok; f.amp = false; EXPECT_TRUE(refused(f));
    f = ok; f.short_term_rps = 1; EXPECT_TRUE(refused(f));
    f = ok; f.long_term = true; EXPECT_TRUE(refused(f));
    f = ok; f.temporal_mvp = false; EXPECT_TRUE(refused(f));
    f = ok; f.vui = true; f.vui_signal_type = true; EXPECT_TRUE(refused(f));
    f = ok; f.vui = true; f.vui_hrd = true; EXPECT_TRUE(refused(f));
    f = ok; f.extension = true; f.extension_4bits = 1; EXPECT_TRUE(refused(f));
    for (int forbidden : {3, 4, 6, 8}) {
        f = ok;
        f.extension = f.range_extension = true;
        f.range_flags[forbidden] = true;
        EXPECT_TRUE(refused(f)) << "range flag " << forbidden;
    }
    const std::vector<uint8_t> truncated(kX265Sps.begin(), kX265Sps.begin() + 20);
    CompactSps sps;
    EXPECT_EQ(parse_sps(truncated.data(), truncated.size(), &sps).code, bpgr::StatusCode::kEncodeFailed);
    EXPECT_EQ(check_vps(kX265Sps.data(), kX265Sps.size()).code, bpgr::StatusCode::kEncodeFailed);  // not a VPS
}
