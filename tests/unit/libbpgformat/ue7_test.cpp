// append_ue7 (writer) against ByteReader::read_ue7 (reader).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "byte_reader.h"
#include "byte_writer.h"

namespace {

std::vector<uint8_t> ue7(uint32_t v) {
    std::vector<uint8_t> out;
    bpgr::append_ue7(v, &out);
    return out;
}

TEST(Ue7Writer, FormatDocumentExamples) {
    EXPECT_EQ(ue7(8), (std::vector<uint8_t>{0x08}));
    EXPECT_EQ(ue7(542), (std::vector<uint8_t>{0x84, 0x1E}));
    EXPECT_EQ(ue7(728855), (std::vector<uint8_t>{0xAC, 0xBE, 0x17}));
}

TEST(Ue7Writer, ShortestFormAtGroupBoundaries) {
    EXPECT_EQ(ue7(0), (std::vector<uint8_t>{0x00}));
    EXPECT_EQ(ue7(127), (std::vector<uint8_t>{0x7F}));
    EXPECT_EQ(ue7(128), (std::vector<uint8_t>{0x81, 0x00}));
    EXPECT_EQ(ue7((1u << 14) - 1), (std::vector<uint8_t>{0xFF, 0x7F}));
    EXPECT_EQ(ue7(1u << 14).size(), 3u);
    EXPECT_EQ(ue7(1u << 28).size(), 5u);
    EXPECT_EQ(ue7(0xFFFFFFFFu), (std::vector<uint8_t>{0x8F, 0xFF, 0xFF, 0xFF, 0x7F}));
}

TEST(Ue7, EveryWrittenValueReadsBack) {
    std::vector<uint32_t> values;
    for (int bit = 0; bit < 32; ++bit) {
        const uint32_t p = 1u << bit;
        values.insert(values.end(), {p - 1, p, p + 1});
    }
    values.push_back(0xFFFFFFFFu);
    for (uint32_t v : values) {
        const std::vector<uint8_t> bytes = ue7(v);
        bpgr::ByteReader r(bytes.data(), bytes.size());
        uint32_t got = 0;
        const bool limited_ok = v <= (1u << 30) - 1;
        ASSERT_EQ(r.read_ue7(got, !limited_ok), bpgr::ByteReader::Ue7Result::kOk) << v;
        EXPECT_EQ(got, v);
        EXPECT_EQ(r.remaining(), 0u) << v;
        if (!limited_ok) {
            bpgr::ByteReader strict(bytes.data(), bytes.size());
            EXPECT_EQ(strict.read_ue7(got), bpgr::ByteReader::Ue7Result::kTooLarge) << v;
        }
    }
}

}  // namespace
