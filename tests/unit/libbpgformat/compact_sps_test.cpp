// The compact SPS: known bytes, writer -> reader for every field, and the
// block-size checks of the reader.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "byte_writer.h"
#include "compact_sps.h"
#include "example_sps.h"

namespace {

using Bytes = std::vector<uint8_t>;
using bpgr::CompactSps;

// Every optional part present: PCM, the range extension with some flags.
CompactSps full_sps() {
    CompactSps s = example_sps();
    s.pcm = true;
    s.pcm_bit_depth_luma_minus1 = 7;
    s.pcm_bit_depth_chroma_minus1 = 7;
    s.log2_diff_max_min_pcm_cb = 1;
    s.pcm_loop_filter_disabled = true;
    s.extension_present = true;
    s.range_extension = true;
    s.range_flags[0] = s.range_flags[5] = s.range_flags[7] = true;
    return s;
}

bpgr::Status read_back(const Bytes &bits, CompactSps &sps) {
    Bytes framed;
    bpgr::append_ue7(uint32_t(bits.size()), &framed);
    framed.insert(framed.end(), bits.begin(), bits.end());
    bpgr::ByteReader reader(framed.data(), framed.size());
    bpgr::Status st = bpgr::read_compact_sps(reader, "color", sps);
    if (st.ok()) {
        EXPECT_EQ(reader.remaining(), 0u);
    }
    return st;
}

TEST(CompactSps, FormatDocumentExample) {
    EXPECT_EQ(bpgr::write_compact_sps(example_sps()), (Bytes{0x92, 0x47, 0x40}));
}

TEST(CompactSps, AllOptionalParts) {
    // 1 | 00100 | 1 | 00100 | 011 | sao 1 | pcm 1 | 0111 0111 | 1 | 010 | 1 |
    // strong 1 | ext 1 | range 1 | 0000000 | 100001010 | zero padding
    EXPECT_EQ(bpgr::write_compact_sps(full_sps()), (Bytes{0x92, 0x47, 0xBB, 0xD7, 0x80, 0x85, 0x00}));
}

TEST(CompactSps, EveryValidCombinationReadsBackIdentically) {
    int combinations = 0;
    for (uint32_t min_cb = 0; min_cb <= 3; ++min_cb) {
    for (uint32_t diff_cb = 0; diff_cb <= 3; ++diff_cb) {
    for (uint32_t min_tb = 0; min_tb <= 3; ++min_tb) {
    for (uint32_t diff_tb = 0; diff_tb <= 3; ++diff_tb) {
        const uint32_t log2_ctb = min_cb + 3 + diff_cb, log2_min_tb = min_tb + 2, log2_max_tb = log2_min_tb + diff_tb;
        if (log2_ctb < 4 || log2_ctb > 6 || log2_min_tb >= min_cb + 3 || log2_max_tb > 5 || log2_max_tb > log2_ctb)
            continue;
        for (uint32_t depth = 0; depth <= log2_ctb - log2_min_tb; ++depth) {
        for (int variant = 0; variant < 4; ++variant) {
            CompactSps s;
            s.log2_min_cb_minus3 = min_cb;
            s.log2_diff_max_min_cb = diff_cb;
            s.log2_min_tb_minus2 = min_tb;
            s.log2_diff_max_min_tb = diff_tb;
            s.max_transform_hierarchy_depth_intra = depth;
            s.sao = variant & 1;
            s.strong_intra_smoothing = variant & 2;
            if (variant == 3 && log2_ctb >= 4) {
                s.pcm = true;
                s.pcm_bit_depth_luma_minus1 = depth + 3;
                s.pcm_bit_depth_chroma_minus1 = 15 - depth;
                s.log2_diff_max_min_pcm_cb = log2_ctb >= 4 ? 1 : 0;
                s.pcm_loop_filter_disabled = depth & 1;
            }
            if (variant >= 2) {
                s.extension_present = true;
                s.range_extension = variant == 3;
                for (int i = 0; i < 9; ++i) s.range_flags[i] = s.range_extension && ((depth + i) % 3 == 0);
            }
            CompactSps got;
            bpgr::Status st = read_back(bpgr::write_compact_sps(s), got);
            ASSERT_TRUE(st.ok()) << st.message;
            ASSERT_TRUE(got == s) << "CB 2^" << min_cb + 3 << " diff " << diff_cb << " TB 2^" << log2_min_tb
                                  << " diff " << diff_tb << " depth " << depth << " variant " << variant;
            ++combinations;
        }
        }
    }
    }
    }
    }
    EXPECT_GT(combinations, 100);
}

TEST(CompactSps, ReaderRefusesWhatNoDecoderTakes) {
    CompactSps got;
    CompactSps big_cb = example_sps();
    big_cb.log2_diff_max_min_cb = 4;  // CTB 128
    EXPECT_EQ(read_back(bpgr::write_compact_sps(big_cb), got).code, bpgr::StatusCode::kInvalidData);
    CompactSps deep = example_sps();
    deep.max_transform_hierarchy_depth_intra = 5;
    EXPECT_EQ(read_back(bpgr::write_compact_sps(deep), got).code, bpgr::StatusCode::kInvalidData);
    CompactSps pcm = full_sps();
    pcm.log2_diff_max_min_pcm_cb = 3;  // PCM 8..64
    EXPECT_EQ(read_back(bpgr::write_compact_sps(pcm), got).code, bpgr::StatusCode::kInvalidData);
    Bytes cut = bpgr::write_compact_sps(full_sps());
    cut.pop_back();
    cut.pop_back();
    EXPECT_EQ(read_back(cut, got).code, bpgr::StatusCode::kTruncated);
}

}  // namespace
