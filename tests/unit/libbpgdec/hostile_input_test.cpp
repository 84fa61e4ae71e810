// Issue 3's rules on real files: each hostile edit of a fixture fails with a
// status code and a message naming the problem, before libde265 sees it.
#include "bpgr/decoder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "access_unit_splitter.h"
#include "byte_reader.h"
#include "container_reader.h"
#include "hevc_decode_libde265.h"

namespace {

using Bytes = std::vector<uint8_t>;

Bytes read_fixture(const std::string &name) {
    std::ifstream f(name, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

struct Result {
    bpgr_status code;
    std::string message;
};

Result open_with(const Bytes &file, const bpgr_decoder_settings &s) {
    bpgr_decoder *dec = nullptr;
    EXPECT_EQ(bpgr_decoder_create(&s, &dec), BPGR_OK);
    Result r{bpgr_decoder_open(dec, file.data(), file.size()), bpgr_decoder_last_error(dec)};
    bpgr_decoder_destroy(dec);
    return r;
}

Result open(const Bytes &file) {
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    s.threads = 1;
    return open_with(file, s);
}

void expect_failure(const Result &r, bpgr_status code, const std::string &needle) {
    EXPECT_EQ(r.code, code) << r.message;
    EXPECT_NE(r.message.find(needle), std::string::npos) << r.message;
}

// size-1x1-420-b8.bpg: header (6) | width 01 | height 01 | length 00 |
// compact header 03 92 47 40 | PPS 44 01 .. (byte 13) | 00 00 01 | IDR slice (byte 23).
constexpr size_t kWidthAt = 6, kDataLengthAt = 8, kPpsAt = 13, kSliceAt = 23;

Bytes tiny() {
    Bytes b = read_fixture("size-1x1-420-b8.bpg");
    EXPECT_EQ(b.size(), 39u);
    return b;
}

TEST(HostileInput, TheUneditedFileDecodes) { EXPECT_EQ(open(tiny()).code, BPGR_OK); }

TEST(HostileInput, Ue7LongerThanFiveBytes) {
    Bytes b = tiny();
    b.erase(b.begin() + kWidthAt);
    const uint8_t six_bytes[] = {0x81, 0x80, 0x80, 0x80, 0x80, 0x01};
    b.insert(b.begin() + kWidthAt, std::begin(six_bytes), std::end(six_bytes));
    expect_failure(open(b), BPGR_ERR_INVALID_DATA, "picture width at byte 6: ue7 longer than 5 bytes");
}

Bytes with_extension(const Bytes &ext_block) {
    Bytes b = tiny();
    b[5] |= 0x08;  // extension_present_flag
    Bytes block{static_cast<uint8_t>(ext_block.size())};
    block.insert(block.end(), ext_block.begin(), ext_block.end());
    b.insert(b.begin() + kDataLengthAt + 1, block.begin(), block.end());
    return b;
}

TEST(HostileInput, Ue7OverflowingThirtyTwoBits) {
    // The extension tag has no 2^30 limit: 2^32 - 1 is fine, 2^32 is not.
    Bytes ok = with_extension({0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x00});
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    bpgr_decoder *dec = nullptr;
    ASSERT_EQ(bpgr_decoder_create(&s, &dec), BPGR_OK);
    ASSERT_EQ(bpgr_decoder_open(dec, ok.data(), ok.size()), BPGR_OK) << bpgr_decoder_last_error(dec);
    uint32_t tag = 0;
    const uint8_t *data = nullptr;
    size_t size = 1;
    ASSERT_EQ(bpgr_decoder_get_extension(dec, 0, &tag, &data, &size), BPGR_OK);
    EXPECT_EQ(tag, 0xFFFFFFFFu);
    EXPECT_EQ(size, 0u);
    bpgr_decoder_destroy(dec);

    Bytes overflow = with_extension({0x90, 0x80, 0x80, 0x80, 0x00, 0x00});
    expect_failure(open(overflow), BPGR_ERR_INVALID_DATA, "extension tag at byte 10: ue7 value overflows 32 bits");
}

TEST(HostileInput, LayerIdTwo) {
    Bytes b = tiny();
    b[kPpsAt + 1] = 0x11;  // layer 2, temporal id plus 1 = 1
    expect_failure(open(b), BPGR_ERR_INVALID_DATA, "NAL unit at byte 13 has layer id 2");
}

TEST(HostileInput, NonIntraNalTypeInAStillImage) {
    Bytes b = tiny();
    ASSERT_EQ(b[kSliceAt], 0x26);  // IDR_W_RADL
    b[kSliceAt] = 0x02;           // TRAIL_R
    expect_failure(open(b), BPGR_ERR_INVALID_DATA, "type 1, which a BPG still image cannot carry");
}

TEST(HostileInput, StrayStartCodeWithAnUnspecifiedNal) {
    Bytes b = tiny();
    const uint8_t stray[] = {0x00, 0x00, 0x01, 0x7E, 0x01, 0xAA};  // type 63
    b.insert(b.begin() + kSliceAt - 3, std::begin(stray), std::end(stray));
    expect_failure(open(b), BPGR_ERR_INVALID_DATA, "has type 63");
}

TEST(HostileInput, AlphaStreamMissing) {
    Bytes b = read_fixture("alpha-straight-gray-b8.bpg");
    ASSERT_FALSE(b.empty());
    // Move every layer-1 (alpha) NAL to layer 0: the colour stream gets them all.
    const size_t data_at = 17;
    ASSERT_EQ(b[data_at + 1], 0x09);
    b[data_at + 1] = 0x01;
    for (size_t i = data_at; i + 4 < b.size(); ++i) {
        if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && b[i + 4] == 0x09) b[i + 4] = 0x01;
    }
    expect_failure(open(b), BPGR_ERR_HEVC_DECODE, "alpha stream missing");
}

TEST(HostileInput, EveryLimitHasACodeAndAMessage) {
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    s.threads = 1;
    Bytes photo = read_fixture("photo-320x240-420-q28.bpg");
    ASSERT_FALSE(photo.empty());
    s.limits.max_file_bytes = photo.size() - 1;
    expect_failure(open_with(photo, s), BPGR_ERR_LIMIT_EXCEEDED, "limit");
    bpgr_default_limits(&s.limits);
    s.limits.max_dimension = 319;
    expect_failure(open_with(photo, s), BPGR_ERR_LIMIT_EXCEEDED, "dimension limit");
    bpgr_default_limits(&s.limits);
    s.limits.max_memory_bytes = 1 << 20;
    expect_failure(open_with(photo, s), BPGR_ERR_LIMIT_EXCEEDED, "needs about");

    Bytes icc = read_fixture("ext-png-iccp.bpg");
    ASSERT_FALSE(icc.empty());
    bpgr_default_limits(&s.limits);
    s.limits.max_extension_bytes = 16;
    expect_failure(open_with(icc, s), BPGR_ERR_LIMIT_EXCEEDED, "extension data");

    Bytes anim = read_fixture("anim-tiny-jctvc.bpg");
    ASSERT_FALSE(anim.empty());
    bpgr_default_limits(&s.limits);
    s.limits.max_frames = 2;
    bpgr_decoder *dec = nullptr;
    ASSERT_EQ(bpgr_decoder_create(&s, &dec), BPGR_OK);
    ASSERT_EQ(bpgr_decoder_open(dec, anim.data(), anim.size()), BPGR_OK);
    EXPECT_EQ(bpgr_decoder_next_frame(dec), BPGR_OK);
    EXPECT_EQ(bpgr_decoder_next_frame(dec), BPGR_ERR_LIMIT_EXCEEDED);
    EXPECT_NE(std::string(bpgr_decoder_last_error(dec)).find("more than 2 frames"), std::string::npos);
    bpgr_decoder_destroy(dec);
}

// The decoded planes must have exactly the size of the synthesized SPS: a
// decoder told to expect another coded size refuses the picture.
TEST(HostileInput, DecodedPlaneSizeMustEqualTheSps) {
    Bytes b = read_fixture("size-33x7-420-b8.bpg");
    ASSERT_FALSE(b.empty());
    bpgr::BpgHeader h;
    ASSERT_TRUE(bpgr::parse_container(b.data(), b.size(), bpgr::ParseDepth::kHeaders, false, nullptr, h).ok());
    const uint32_t min_cb = h.color_sps.min_cb_size();
    const uint32_t coded_w = (h.width + min_cb - 1) / min_cb * min_cb;
    const uint32_t coded_h = (h.height + min_cb - 1) / min_cb * min_cb;
    for (uint32_t extra : {0u, min_cb}) {
        bpgr::StreamGeometry g{h.chroma_format_idc(), h.width, h.height, h.bit_depth, coded_w + extra, coded_h};
        bpgr::HevcStreamDecoder dec;
        ASSERT_TRUE(dec.init(bpgr::make_vps(),
                             bpgr::make_sps(h.color_sps, h.chroma_format_idc(), h.width, h.height, h.bit_depth), g, 1)
                        .ok());
        size_t pos = h.hevc_data_offset;
        bool first = true;
        bpgr::AccessUnit unit;
        ASSERT_TRUE(bpgr::split_access_unit(b.data(), b.size(), pos, first, false, unit).ok());
        bpgr::Plane16 planes[3];
        bpgr::Status st = dec.decode_picture(b.data(), unit.color, false, true, planes);
        if (extra == 0) {
            EXPECT_TRUE(st.ok()) << st.message;
        } else {
            EXPECT_EQ(st.code, bpgr::StatusCode::kDecodeFailed);
            EXPECT_NE(st.message.find("decoded plane 0"), std::string::npos) << st.message;
        }
    }
}

TEST(HostileInput, Ue7ByteRules) {
    using R = bpgr::ByteReader::Ue7Result;
    auto read = [](Bytes b, uint32_t &v) {
        bpgr::ByteReader r(b.data(), b.size());
        return r.read_ue7(v, true);
    };
    uint32_t v = 0;
    EXPECT_EQ(read({0x8F, 0xFF, 0xFF, 0xFF, 0x7F}, v), R::kOk);
    EXPECT_EQ(v, 0xFFFFFFFFu);
    EXPECT_EQ(read({0x90, 0x80, 0x80, 0x80, 0x00}, v), R::kOverflow);
    EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, v), R::kOverflow);
    EXPECT_EQ(read({0x81, 0x80, 0x80, 0x80, 0x80, 0x00}, v), R::kTooLong);
    // The reference accepts a 0x80 group after the first byte: so do we.
    EXPECT_EQ(read({0x81, 0x80, 0x00}, v), R::kOk);
    EXPECT_EQ(v, 1u << 14);
}

TEST(HostileInput, InternalErrorHasAName) {
    EXPECT_STREQ(bpgr_status_string(BPGR_ERR_INTERNAL), "internal error");
}

}  // namespace
