// BitWriter <-> BitReader and RBSP escaping <-> unescaping.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bit_reader.h"
#include "bit_writer.h"
#include "rbsp.h"

namespace {

using Bytes = std::vector<uint8_t>;

TEST(BitWriter, ExpGolombCodes) {
    // 1 | 010 | 011 | 00100 | 00101 -> ue 0, 1, 2, 3, 4 (se -2 reads 00101).
    bpgr::BitWriter w;
    for (uint32_t v : {0u, 1u, 2u, 3u, 4u}) w.put_ue(v);
    EXPECT_EQ(w.bytes(), (Bytes{0xA6, 0x42, 0x80}));
}

TEST(BitWriter, TrailingBitsAlign) {
    bpgr::BitWriter w;
    w.put_bits(0x5, 3);
    w.put_trailing_bits();
    EXPECT_EQ(w.bytes(), (Bytes{0xB0}));
    w.put_trailing_bits();  // already aligned: a whole byte 0x80
    EXPECT_EQ(w.bytes(), (Bytes{0xB0, 0x80}));
}

TEST(BitWriter, PartialByteIsZeroPadded) {
    bpgr::BitWriter w;
    w.put_flag(true);
    w.put_bits(0x3, 2);
    EXPECT_EQ(w.bytes(), (Bytes{0xE0}));
}

TEST(BitIo, RandomFieldsReadBackIdentically) {
    std::mt19937 rng(20241125);
    for (int round = 0; round < 200; ++round) {
        struct Field {
            int kind;  // 0 bits, 1 ue, 2 flag
            int n;
            uint32_t value;
        };
        std::vector<Field> fields;
        bpgr::BitWriter w;
        for (int i = 0; i < 50; ++i) {
            Field f{int(rng() % 3), int(rng() % 32) + 1, 0};
            if (f.kind == 0) {
                f.value = f.n == 32 ? uint32_t(rng()) : uint32_t(rng()) & ((1u << f.n) - 1);
                w.put_bits(f.value, f.n);
            } else if (f.kind == 1) {
                f.value = uint32_t(rng()) >> (rng() % 32);
                if (f.value == 0xFFFFFFFFu) f.value--;  // ue(v) reads up to 2^32 - 2
                w.put_ue(f.value);
            } else {
                f.value = rng() & 1;
                w.put_flag(f.value != 0);
            }
            fields.push_back(f);
        }
        const Bytes &bytes = w.bytes();
        bpgr::BitReader r(bytes.data(), bytes.size());
        for (const Field &f : fields) {
            const uint32_t got = f.kind == 0 ? r.read_bits(f.n) : f.kind == 1 ? r.read_ue() : r.read_flag();
            ASSERT_EQ(got, f.value) << "round " << round;
        }
        EXPECT_FALSE(r.overrun());
        EXPECT_LT(r.bits_left(), 8u);
    }
}

TEST(BitReader, SignedExpGolomb) {
    // se(v): 0, 1, -1, 2, -2 are ue 0, 1, 2, 3, 4.
    bpgr::BitWriter w;
    for (uint32_t v : {0u, 1u, 2u, 3u, 4u}) w.put_ue(v);
    bpgr::BitReader r(w.bytes().data(), w.bytes().size());
    for (int32_t v : {0, 1, -1, 2, -2}) EXPECT_EQ(r.read_se(), v);
}

TEST(Rbsp, Unescape) {
    Bytes escaped = {0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0x03};
    Bytes expected = {0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03};
    EXPECT_EQ(bpgr::unescape_rbsp(escaped.data(), escaped.size()), expected);
}

TEST(Rbsp, EscapeInsertsBeforeEveryByteUpToThree) {
    EXPECT_EQ(bpgr::escape_rbsp(Bytes{0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x04}),
              (Bytes{0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x04}));
}

TEST(Rbsp, RandomPayloadsRoundTripWithoutStartCodes) {
    std::mt19937 rng(7);
    for (int round = 0; round < 500; ++round) {
        Bytes rbsp(rng() % 64);
        for (uint8_t &b : rbsp) b = uint8_t(rng() % 5);  // many zeros and small values
        const Bytes nal = bpgr::escape_rbsp(rbsp);
        for (size_t i = 0; i + 2 < nal.size(); ++i) {
            ASSERT_FALSE(nal[i] == 0 && nal[i + 1] == 0 && nal[i + 2] <= 2) << "start code in escaped data";
        }
        EXPECT_EQ(bpgr::unescape_rbsp(nal.data(), nal.size()), rbsp);
    }
}

}  // namespace
