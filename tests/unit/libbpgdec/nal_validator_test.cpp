// NalValidator: what a BPG's HEVC data may carry (issue 3), one rule per test.
#include "nal_validator.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using bpgr::BpgHeader;
using bpgr::NalSpan;
using bpgr::NalValidator;

// Builds NAL units: a 2-byte header, then RBSP bits (no emulation bytes
// needed for the short payloads used here).
class NalBuilder {
public:
    NalBuilder(int type, int layer = 0, int temporal_id_plus1 = 1) {
        bytes_.push_back(static_cast<uint8_t>((type << 1) | (layer >> 5)));
        bytes_.push_back(static_cast<uint8_t>(((layer & 31) << 3) | temporal_id_plus1));
    }
    NalBuilder &bits(uint32_t value, int n) {
        for (int i = n - 1; i >= 0; --i) bit((value >> i) & 1);
        return *this;
    }
    NalBuilder &ue(uint32_t value) {
        uint64_t v = uint64_t{value} + 1;
        int len = 0;
        while ((v >> len) > 1) ++len;
        bits(0, len);
        for (int i = len; i >= 0; --i) bit((v >> i) & 1);
        return *this;
    }
    std::vector<uint8_t> done() {
        bit(1);  // rbsp_stop_one_bit
        while (count_) bit(0);
        bits(0xFF, 8);  // some slice data, so no header field reads past the end
        return bytes_;
    }

private:
    void bit(uint32_t b) {
        cur_ = static_cast<uint8_t>((cur_ << 1) | b);
        if (++count_ == 8) {
            bytes_.push_back(cur_);
            cur_ = 0;
            count_ = 0;
        }
    }
    std::vector<uint8_t> bytes_;
    uint8_t cur_ = 0;
    int count_ = 0;
};

constexpr int kTrailR = 1, kTsaN = 2, kRaslN = 8, kIdrWRadl = 19, kCra = 21, kReserved22 = 22;
constexpr int kPps = 34, kSuffixSei = 40, kReserved41 = 41, kUnspecified48 = 48;
constexpr uint32_t kB = 0, kP = 1, kI = 2;

std::vector<uint8_t> pps(int layer = 0, uint32_t pps_id = 0, uint32_t sps_id = 0, bool dependent_slices = false) {
    return NalBuilder(kPps, layer).ue(pps_id).ue(sps_id).bits(dependent_slices, 1).bits(0, 1).bits(0, 3).done();
}

// First slice segment of a picture.
std::vector<uint8_t> slice(int type, uint32_t slice_type, int layer = 0, uint32_t pps_id = 0) {
    NalBuilder b(type, layer);
    b.bits(1, 1);                              // first_slice_segment_in_pic_flag
    if (type >= 16 && type <= 23) b.bits(0, 1);  // no_output_of_prior_pics_flag
    return b.ue(pps_id).ue(slice_type).done();
}

BpgHeader header(bool animation = false, bool alpha = false) {
    BpgHeader h;
    h.pixel_format = 1;
    h.width = 64;
    h.height = 64;
    h.animation = animation;
    h.alpha1 = alpha;
    h.color_sps.log2_diff_max_min_cb = 1;  // CTB 16: a 64x64 picture has 16 CTBs
    h.alpha_sps = h.color_sps;
    return h;
}

bpgr::Status check(NalValidator &v, const std::vector<uint8_t> &nal, bool alpha = false) {
    return v.check_nal(nal.data(), NalSpan{0, nal.size()}, alpha);
}

void expect_error(const bpgr::Status &st, const std::string &needle) {
    EXPECT_EQ(st.code, bpgr::StatusCode::kInvalidData);
    EXPECT_NE(st.message.find(needle), std::string::npos) << st.message;
}

TEST(NalValidator, StillImageIntraPictureIsAccepted) {
    BpgHeader h = header();
    NalValidator v(h);
    EXPECT_TRUE(check(v, pps()).ok());
    EXPECT_TRUE(check(v, slice(kIdrWRadl, kI)).ok());
    EXPECT_TRUE(check(v, slice(kCra, kI)).ok());
    EXPECT_TRUE(check(v, NalBuilder(kSuffixSei).bits(0x84, 8).done()).ok());
}

TEST(NalValidator, LayerIdAboveOneIsRejected) {
    BpgHeader h = header(false, true);
    NalValidator v(h);
    EXPECT_TRUE(check(v, pps(1), true).ok());
    expect_error(check(v, pps(2)), "layer id 2");
    expect_error(check(v, pps(63)), "layer id 63");
}

TEST(NalValidator, LayerOneNeedsAnExtraPlane) {
    BpgHeader h = header();
    NalValidator v(h);
    expect_error(check(v, pps(1)), "no alpha plane");
}

TEST(NalValidator, HeaderBits) {
    BpgHeader h = header();
    NalValidator v(h);
    std::vector<uint8_t> forbidden = pps();
    forbidden[0] |= 0x80;
    expect_error(check(v, forbidden), "forbidden_zero_bit");
    expect_error(check(v, NalBuilder(kPps, 0, 2).ue(0).ue(0).bits(0, 5).done()), "temporal id");
    expect_error(check(v, NalBuilder(kPps, 0, 0).ue(0).ue(0).bits(0, 5).done()), "temporal id");
    const uint8_t one_byte[] = {0x44};
    expect_error(v.check_nal(one_byte, NalSpan{0, 1}, false), "shorter than its header");
}

TEST(NalValidator, NalTypesABpgCannotCarry) {
    BpgHeader h = header();
    NalValidator v(h);
    ASSERT_TRUE(check(v, pps()).ok());
    for (int type : {kTsaN, kRaslN, kReserved22, kReserved41, kUnspecified48, 63}) {
        expect_error(check(v, slice(type, kI)), "type " + std::to_string(type));
    }
    // A trailing (non-intra) picture is not allowed in a still image.
    expect_error(check(v, slice(kTrailR, kI)), "type 1");
}

TEST(NalValidator, OnlyPpsZeroForSpsZero) {
    BpgHeader h = header();
    NalValidator v(h);
    expect_error(check(v, pps(0, 1, 0)), "id 1");
    expect_error(check(v, pps(0, 0, 3)), "SPS 3");
    ASSERT_TRUE(check(v, pps()).ok());
    expect_error(check(v, slice(kIdrWRadl, kI, 0, 1)), "PPS 1");
    const std::vector<uint8_t> truncated = {0x44, 0x01};
    expect_error(check(v, truncated), "truncated PPS");
}

TEST(NalValidator, SliceBeforePpsIsRejected) {
    BpgHeader h = header();
    NalValidator v(h);
    expect_error(check(v, slice(kIdrWRadl, kI)), "precedes the PPS");
}

TEST(NalValidator, StreamsAreTrackedSeparately) {
    BpgHeader h = header(false, true);
    NalValidator v(h);
    ASSERT_TRUE(check(v, pps(1), true).ok());
    // The colour stream has no PPS yet.
    expect_error(check(v, slice(kIdrWRadl, kI)), "color slice");
    EXPECT_TRUE(check(v, slice(kIdrWRadl, kI, 1), true).ok());
}

TEST(NalValidator, IntraNalUnitsCarryOnlyISlices) {
    BpgHeader h = header(true);
    NalValidator v(h);
    ASSERT_TRUE(check(v, pps()).ok());
    expect_error(check(v, slice(kIdrWRadl, kP)), "slice type 1 (P)");
    expect_error(check(v, slice(kIdrWRadl, kB)), "slice type 0 (B)");
    expect_error(check(v, slice(kIdrWRadl, 7)), "slice type 7");
}

TEST(NalValidator, AnimationsAllowPAfterAnIntraPicture) {
    BpgHeader h = header(true);
    NalValidator v(h);
    ASSERT_TRUE(check(v, pps()).ok());
    expect_error(check(v, slice(kTrailR, kP)), "no intra picture precedes it");
    ASSERT_TRUE(check(v, slice(kIdrWRadl, kI)).ok());
    EXPECT_TRUE(check(v, slice(kTrailR, kP)).ok());
    EXPECT_TRUE(check(v, slice(kTrailR, kI)).ok());
    expect_error(check(v, slice(kTrailR, kB)), "(B)");
}

TEST(NalValidator, SliceSegmentAddressInsideThePicture) {
    BpgHeader h = header();
    NalValidator v(h);
    ASSERT_TRUE(check(v, pps()).ok());
    // 16 CTBs: the address has 4 bits; 15 is the last CTB.
    auto segment = [](uint32_t address) {
        return NalBuilder(kIdrWRadl).bits(0, 1).bits(0, 1).ue(0).bits(address, 4).ue(kI).done();
    };
    EXPECT_TRUE(check(v, segment(15)).ok());
    BpgHeader small = header();
    small.width = 40;  // coded 40 (min CB 8) -> 3 x 4 = 12 CTBs
    NalValidator w(small);
    ASSERT_TRUE(check(w, pps()).ok());
    expect_error(check(w, segment(12)), "CTB 12");
}

TEST(NalValidator, DependentSliceSegmentsHaveNoSliceType) {
    BpgHeader h = header();
    NalValidator v(h);
    ASSERT_TRUE(check(v, pps(0, 0, 0, true)).ok());
    // first = 0, no_output = 0, pps 0, dependent = 1, address 3, no slice type.
    std::vector<uint8_t> dep = NalBuilder(kIdrWRadl).bits(0, 1).bits(0, 1).ue(0).bits(1, 1).bits(3, 4).done();
    EXPECT_TRUE(check(v, dep).ok());
}

}  // namespace
