#include "byte_reader.h"

#include <gtest/gtest.h>

#include "bit_reader.h"

#include <vector>

namespace {

using bpgr::ByteReader;
using R = ByteReader::Ue7Result;

R read_ue7(std::vector<uint8_t> bytes, uint32_t &v, bool unlimited = false, size_t *consumed = nullptr) {
    ByteReader r(bytes.data(), bytes.size());
    R result = r.read_ue7(v, unlimited);
    if (consumed) *consumed = r.position();
    return result;
}

TEST(Ue7, DocumentedExamples) {
    uint32_t v = 0;
    size_t n = 0;
    EXPECT_EQ(read_ue7({0x08}, v, false, &n), R::kOk);
    EXPECT_EQ(v, 8u);
    EXPECT_EQ(n, 1u);
    EXPECT_EQ(read_ue7({0x84, 0x1E}, v, false, &n), R::kOk);
    EXPECT_EQ(v, 542u);
    EXPECT_EQ(n, 2u);
    EXPECT_EQ(read_ue7({0xAC, 0xBE, 0x17, 0x55}, v, false, &n), R::kOk);
    EXPECT_EQ(v, 728855u);
    EXPECT_EQ(n, 3u);
}

TEST(Ue7, Errors) {
    uint32_t v = 0;
    EXPECT_EQ(read_ue7({}, v), R::kTruncated);
    EXPECT_EQ(read_ue7({0x81}, v), R::kTruncated);
    EXPECT_EQ(read_ue7({0x80, 0x01}, v), R::kLeadingZero);
    // 2^30 is over the limit for every field but the extension tag.
    EXPECT_EQ(read_ue7({0x84, 0x80, 0x80, 0x80, 0x00}, v), R::kTooLarge);
    EXPECT_EQ(read_ue7({0x84, 0x80, 0x80, 0x80, 0x00}, v, true), R::kOk);
    EXPECT_EQ(v, 1u << 30);
    EXPECT_EQ(read_ue7({0x83, 0xFF, 0xFF, 0xFF, 0x7F}, v), R::kOk);
    EXPECT_EQ(v, (1u << 30) - 1);
}

TEST(BitReader, ExpGolomb) {
    // 1 | 010 | 011 | 00100 | 00101 -> ue 0, 1, 2, 3, se(-2)
    const uint8_t bits[] = {0xA6, 0x42, 0x80};
    bpgr::BitReader r(bits, sizeof bits);
    EXPECT_EQ(r.read_ue(), 0u);
    EXPECT_EQ(r.read_ue(), 1u);
    EXPECT_EQ(r.read_ue(), 2u);
    EXPECT_EQ(r.read_ue(), 3u);
    EXPECT_EQ(r.read_se(), -2);
    EXPECT_FALSE(r.overrun());
    r.read_bits(8);
    EXPECT_TRUE(r.overrun());
}

TEST(BitReader, UeWithoutTerminatorOverruns) {
    const uint8_t zeros[8] = {};
    bpgr::BitReader r(zeros, sizeof zeros);
    r.read_ue();
    EXPECT_TRUE(r.overrun());
}

}  // namespace
