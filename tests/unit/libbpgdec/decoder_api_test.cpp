// The public C API: call order, arguments, limits, frames, metadata, QP.
#include "bpgr/decoder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<uint8_t>;

Bytes read_fixture(const std::string &name) {
    std::ifstream f(name, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

struct Decoder {
    bpgr_decoder *dec = nullptr;
    explicit Decoder(const bpgr_decoder_settings *s = nullptr) {
        EXPECT_EQ(bpgr_decoder_create(s, &dec), BPGR_OK);
    }
    ~Decoder() { bpgr_decoder_destroy(dec); }
};

TEST(DecoderApi, StillImage) {
    Bytes file = read_fixture("photo-320x240-420-q28.bpg");
    ASSERT_FALSE(file.empty());
    Decoder d;
    ASSERT_EQ(bpgr_decoder_open(d.dec, file.data(), file.size()), BPGR_OK) << bpgr_decoder_last_error(d.dec);
    bpgr_image_info info;
    ASSERT_EQ(bpgr_decoder_get_info(d.dec, &info), BPGR_OK);
    EXPECT_EQ(info.width, 320u);
    EXPECT_EQ(info.height, 240u);
    EXPECT_EQ(info.pixel_format, BPGR_FORMAT_420);
    std::vector<uint8_t> rgb(320 * 240 * 3);
    EXPECT_EQ(bpgr_decoder_read_frame(d.dec, BPGR_OUTPUT_RGB24, rgb.data(), 320 * 3), BPGR_OK);
    EXPECT_EQ(bpgr_decoder_read_frame(d.dec, BPGR_OUTPUT_RGB24, rgb.data(), 320 * 3 - 1), BPGR_ERR_BUFFER_TOO_SMALL);
    EXPECT_STRNE(bpgr_decoder_last_error(d.dec), "");
    const void *owned = nullptr;
    ptrdiff_t stride = 0;
    ASSERT_EQ(bpgr_decoder_read_frame_owned(d.dec, BPGR_OUTPUT_RGB24, &owned, &stride), BPGR_OK);
    EXPECT_EQ(stride, 320 * 3);
    EXPECT_EQ(0, memcmp(owned, rgb.data(), rgb.size()));
    EXPECT_EQ(bpgr_decoder_next_frame(d.dec), BPGR_END_OF_STREAM);
    uint32_t num = 9, den = 9;
    EXPECT_EQ(bpgr_decoder_frame_duration(d.dec, &num, &den), BPGR_OK);
    EXPECT_EQ(num, 0u);
    EXPECT_EQ(den, 1u);
    const uint16_t *samples;
    uint32_t w, h;
    ptrdiff_t plane_stride;
    ASSERT_EQ(bpgr_decoder_get_plane(d.dec, 1, &samples, &w, &h, &plane_stride), BPGR_OK);
    EXPECT_EQ(w, 160u);
    EXPECT_EQ(h, 120u);
    EXPECT_EQ(bpgr_decoder_get_plane(d.dec, 3, &samples, &w, &h, &plane_stride), BPGR_ERR_INVALID_ARGUMENT);
}

TEST(DecoderApi, CallOrderAndArguments) {
    Decoder d;
    bpgr_image_info info;
    EXPECT_EQ(bpgr_decoder_get_info(d.dec, &info), BPGR_ERR_INVALID_ARGUMENT);
    uint8_t px[3];
    EXPECT_EQ(bpgr_decoder_read_frame(d.dec, BPGR_OUTPUT_RGB24, px, 3), BPGR_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(bpgr_decoder_open(nullptr, px, 3), BPGR_ERR_INVALID_ARGUMENT);
    const uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_EQ(bpgr_decoder_open(d.dec, junk, sizeof junk), BPGR_ERR_NOT_BPG);
    EXPECT_STRNE(bpgr_decoder_last_error(d.dec), "");
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    s.version = 99;
    bpgr_decoder *bad = nullptr;
    EXPECT_EQ(bpgr_decoder_create(&s, &bad), BPGR_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(bad, nullptr);
}

TEST(DecoderApi, TruncatedPayloadIsAnError) {
    Bytes file = read_fixture("photo-320x240-420-q28.bpg");
    ASSERT_GT(file.size(), 40u);
    file.resize(20);
    Decoder d;
    bpgr_status st = bpgr_decoder_open(d.dec, file.data(), file.size());
    EXPECT_LT(st, 0);
    EXPECT_STRNE(bpgr_decoder_last_error(d.dec), "");
}

TEST(DecoderApi, LimitsAreEnforced) {
    Bytes file = read_fixture("photo-320x240-420-q28.bpg");
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    s.limits.max_pixels = 320 * 240 - 1;
    Decoder d(&s);
    EXPECT_EQ(bpgr_decoder_open(d.dec, file.data(), file.size()), BPGR_ERR_LIMIT_EXCEEDED);
    EXPECT_NE(std::string(bpgr_decoder_last_error(d.dec)).find("320x240"), std::string::npos);
}

TEST(DecoderApi, AnimationFramesAndDurations) {
    Bytes file = read_fixture("anim-delays-loop3.bpg");
    Decoder d;
    ASSERT_EQ(bpgr_decoder_open(d.dec, file.data(), file.size()), BPGR_OK);
    bpgr_image_info info;
    bpgr_decoder_get_info(d.dec, &info);
    EXPECT_EQ(info.loop_count, 3);
    const uint32_t expected_num[] = {2, 4, 1, 8, 3};
    uint32_t frames = 0;
    do {
        uint32_t num, den;
        ASSERT_EQ(bpgr_decoder_frame_duration(d.dec, &num, &den), BPGR_OK);
        ASSERT_LT(frames, 5u);
        EXPECT_EQ(num, expected_num[frames]);
        EXPECT_EQ(den, 20u);
        EXPECT_EQ(bpgr_decoder_frame_index(d.dec), frames);
        ++frames;
    } while (bpgr_decoder_next_frame(d.dec) == BPGR_OK);
    EXPECT_EQ(frames, 5u);
}

TEST(DecoderApi, ExtensionsAreExposed) {
    Bytes file = read_fixture("ext-crafted-thumb-unknown.bpg");
    Decoder d;
    ASSERT_EQ(bpgr_decoder_open(d.dec, file.data(), file.size()), BPGR_OK);
    uint32_t tag;
    const uint8_t *data;
    size_t size;
    ASSERT_EQ(bpgr_decoder_get_extension(d.dec, 1, &tag, &data, &size), BPGR_OK);
    EXPECT_EQ(tag, 300u);
    EXPECT_EQ(size, 5u);
    EXPECT_EQ(bpgr_decoder_get_extension(d.dec, 3, &tag, &data, &size), BPGR_ERR_INVALID_ARGUMENT);
}

TEST(DecoderApi, SliceQpOfJctvcStreams) {
    // The JCTVC encoder codes I slices at exactly the requested QP.
    const std::pair<const char *, int> cases[] = {{"photo-320x240-444-jctvc.bpg", 30},
                                                  {"qp51-jctvc-m8-420.bpg", 51}};
    for (const auto &c : cases) {
        Bytes file = read_fixture(c.first);
        Decoder d;
        ASSERT_EQ(bpgr_decoder_open(d.dec, file.data(), file.size()), BPGR_OK) << c.first;
        EXPECT_EQ(bpgr_decoder_frame_qp(d.dec), c.second) << c.first;
    }
}

TEST(DecoderApi, RebuiltHevcStreamStartsWithParameterSets) {
    Bytes file = read_fixture("alpha-straight-420-b10.bpg");
    uint8_t *out = nullptr;
    size_t size = 0;
    ASSERT_EQ(bpgr_rebuild_hevc_stream(file.data(), file.size(), 1, &out, &size, nullptr, 0), BPGR_OK);
    ASSERT_GT(size, 8u);
    EXPECT_EQ(out[4], 0x40);  // VPS
    bpgr_free(out);
    Bytes gray = read_fixture("grid-b8-gray.bpg");
    char msg[128];
    EXPECT_EQ(bpgr_rebuild_hevc_stream(gray.data(), gray.size(), 1, &out, &size, msg, sizeof msg),
              BPGR_ERR_INVALID_ARGUMENT);
}

}  // namespace

// bpgr_decoder_reset: one handle decodes several files in turn (a batch loads
// the restoration model once); each result equals a fresh handle's.
TEST(DecoderApi, ResetOpensAnotherImage) {
    const char *names[] = {"photo-320x240-420-q28.bpg", "alpha-straight-444-b8.bpg", "junk",
                           "anim-delays-loop3.bpg", "grid-b10-422-ycgco.bpg"};
    Decoder reused;
    Bytes junk = {'B', 'P', 'G', 0xfb, 0, 0, 0};
    Bytes first = read_fixture(names[0]);
    ASSERT_EQ(bpgr_decoder_open(reused.dec, first.data(), first.size()), BPGR_OK);
    EXPECT_EQ(bpgr_decoder_open(reused.dec, first.data(), first.size()), BPGR_ERR_INVALID_ARGUMENT);
    for (const char *name : names) {
        bpgr_decoder_reset(reused.dec);
        const bool is_junk = std::string(name) == "junk";
        Bytes file = is_junk ? junk : read_fixture(name);
        ASSERT_FALSE(file.empty()) << name;
        const bpgr_status opened = bpgr_decoder_open(reused.dec, file.data(), file.size());
        if (is_junk) {
            EXPECT_LT(opened, 0);
            continue;
        }
        ASSERT_EQ(opened, BPGR_OK) << name << ": " << bpgr_decoder_last_error(reused.dec);
        Decoder fresh;
        ASSERT_EQ(bpgr_decoder_open(fresh.dec, file.data(), file.size()), BPGR_OK) << name;
        bpgr_image_info a, b;
        ASSERT_EQ(bpgr_decoder_get_info(reused.dec, &a), BPGR_OK);
        ASSERT_EQ(bpgr_decoder_get_info(fresh.dec, &b), BPGR_OK);
        EXPECT_EQ(0, memcmp(&a, &b, sizeof a)) << name;
        for (;;) {
            const void *pa = nullptr, *pb = nullptr;
            ptrdiff_t sa = 0, sb = 0;
            ASSERT_EQ(bpgr_decoder_read_frame_owned(reused.dec, BPGR_OUTPUT_RGBA64, &pa, &sa), BPGR_OK);
            ASSERT_EQ(bpgr_decoder_read_frame_owned(fresh.dec, BPGR_OUTPUT_RGBA64, &pb, &sb), BPGR_OK);
            ASSERT_EQ(sa, sb);
            EXPECT_EQ(0, memcmp(pa, pb, size_t(sa) * a.height)) << name;
            const bpgr_status na = bpgr_decoder_next_frame(reused.dec);
            ASSERT_EQ(na, bpgr_decoder_next_frame(fresh.dec)) << name;
            if (na != BPGR_OK) break;
        }
    }
    bpgr_decoder_reset(nullptr);  // no-op
}
