// Chroma upsampling of bpg-format.md 5.3 and 5.4, bit-exact with libbpg
// 0.9.8: the 4:2:0 vertical pass and the horizontal pass (centred or
// co-sited phase) that rebuild a full-resolution chroma line, computed only
// for the columns a caller converts.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "convert_kernel_common.h"
#include "picture_format.h"

namespace bpgr::kernels {

constexpr int kPadLeft = 3;   // filter reach to the left of chroma sample k
constexpr int kPadRight = 4;  // ... and to the right (co-sited filter: k+4)

// Horizontal upsampling of one padded chroma line p (p[k + kPadLeft] is
// sample k, edges replicated) into out[0 .. 2*n2). Both run on to the next
// whole block: p holds kPadLeft + round_up_to_block(n2) + kPadRight entries
// and out twice round_up_to_block(n2); what lies past 2*n2 is never used.
// `shift`/`rnd` scale the 7/8-tap sums; for the co-sited phase the even output is the sample
// itself, rescaled by even_shift/even_rnd (0/0 for 4:2:2, 14-bd for 4:2:0). Acc is the accumulator:
// int16_t only where every sum provably fits (8-bit 4:2:2 samples: at most 81 * 255), which doubles
// the vector width.
template <typename Acc>
BPGR_INLINE void upsample_h_centred(const int16_t *__restrict p, uint32_t n2, int shift,
                                    int32_t rnd, int32_t max_in, uint16_t *__restrict out) {
    const size_t n_padded = round_up_to_block(n2);  // scratch is sized for it
    for (size_t k0 = 0; k0 < n_padded; k0 += kBlock) {
        // Even and odd phases into separate arrays, then interleave: two
        // simple loops that GCC's -O2 cost model accepts.
        int32_t even[kBlock], odd[kBlock];
        for (int j = 0; j < kBlock; ++j) {
            const int16_t *s = p + k0 + j;  // s[0..6] = samples k-3 .. k+3
            even[j] = static_cast<Acc>(2 * s[0] - 6 * s[1] + 18 * s[2] + 57 * s[3] - 10 * s[4] +
                                       4 * s[5] - s[6] + rnd) >>
                      shift;
            odd[j] = static_cast<Acc>(-s[0] + 4 * s[1] - 10 * s[2] + 57 * s[3] + 18 * s[4] -
                                      6 * s[5] + 2 * s[6] + rnd) >>
                     shift;
        }
        uint16_t *o = out + 2 * k0;
        for (int j = 0; j < kBlock; ++j) {
            o[2 * j] = static_cast<uint16_t>(clamp_i32(even[j], max_in));
            o[2 * j + 1] = static_cast<uint16_t>(clamp_i32(odd[j], max_in));
        }
    }
}

template <typename Acc>
BPGR_INLINE void upsample_h_cosited(const int16_t *__restrict p, uint32_t n2, int shift,
                                    int32_t rnd, int even_shift, int32_t even_rnd, int32_t max_in,
                                    uint16_t *__restrict out) {
    const size_t n_padded = round_up_to_block(n2);
    for (size_t k0 = 0; k0 < n_padded; k0 += kBlock) {
        int32_t even[kBlock], odd[kBlock];  // as in upsample_h_centred
        for (int j = 0; j < kBlock; ++j) {
            const int16_t *s = p + k0 + j;  // s[0..7] = samples k-3 .. k+4
            even[j] = (s[3] + even_rnd) >> even_shift;
            odd[j] = static_cast<Acc>(40 * (s[3] + s[4]) - 11 * (s[2] + s[5]) + 4 * (s[1] + s[6]) -
                                      (s[0] + s[7]) + rnd) >>
                     shift;
        }
        uint16_t *o = out + 2 * k0;
        for (int j = 0; j < kBlock; ++j) {
            o[2 * j] = static_cast<uint16_t>(clamp_i32(even[j], max_in));
            o[2 * j + 1] = static_cast<uint16_t>(clamp_i32(odd[j], max_in));
        }
    }
}

BPGR_INLINE void replicate_edges(int16_t *p, uint32_t n2) {
    for (int i = 0; i < kPadLeft; ++i) p[i] = p[kPadLeft];
    for (int i = 0; i < kPadRight; ++i) p[kPadLeft + n2 + i] = p[kPadLeft + n2 - 1];
}

// 4:2:0 vertical pass (always the centred filter): rows[j] are chroma rows
// y2-3+j (clamped), output into p[kPadLeft ..] with 14-bit scale; the result
// always fits int16 (5.4). For 8-bit samples the shift is 0 and the sum
// itself fits int16, so it is accumulated in 16 bits (kNarrow).
template <bool kOddRow, bool kNarrow>
BPGR_INLINE void upsample_v_range(const uint16_t *__restrict r0, const uint16_t *__restrict r1,
                                  const uint16_t *__restrict r2, const uint16_t *__restrict r3,
                                  const uint16_t *__restrict r4, const uint16_t *__restrict r5,
                                  const uint16_t *__restrict r6, size_t begin, size_t end,
                                  int shift, int32_t rnd, int16_t *__restrict t) {
    constexpr int t0 = kOddRow ? -1 : 2, t1 = kOddRow ? 4 : -6, t2 = kOddRow ? -10 : 18, t3 = 57,
                  t4 = kOddRow ? 18 : -10, t5 = kOddRow ? -6 : 4, t6 = kOddRow ? 2 : -1;
    for (size_t i = begin; i < end; ++i) {
        int32_t sum = t0 * r0[i] + t1 * r1[i] + t2 * r2[i] + t3 * r3[i] + t4 * r4[i] + t5 * r5[i] +
                      t6 * r6[i];
        if constexpr (kNarrow)
            t[i] = static_cast<int16_t>(sum);
        else
            t[i] = static_cast<int16_t>((sum + rnd) >> shift);
    }
}

// Chroma samples [begin, end) of the line (end <= n2).
template <bool kOddRow, bool kNarrow>
BPGR_INLINE void upsample_v(const uint16_t *const rows[7], size_t begin, size_t end, int shift,
                            int32_t rnd, int16_t *p) {
    // The plane rows end at n2: whole blocks first, then the rest.
    const size_t blocks_end = begin + ((end - begin) & ~size_t(kBlock - 1));
    upsample_v_range<kOddRow, kNarrow>(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5],
                                       rows[6], begin, blocks_end, shift, rnd, p + kPadLeft);
    upsample_v_range<kOddRow, kNarrow>(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5],
                                       rows[6], blocks_end, end, shift, rnd, p + kPadLeft);
}

// The chroma samples that output columns [x_begin, x_end) depend on: the
// horizontal filter of chroma sample k (full-resolution columns 2k, 2k+1)
// reads samples k-3 .. k+4, replicated past the line's ends. The filters run
// on whole blocks from `first`, so they compute (and the scratch holds) up to
// kBlock - 1 samples past `last`; those outputs are never used.
struct ChromaRange {
    uint32_t first, count;   // filtered samples: first .. first + count - 1
    uint32_t fill0, fill1;   // chroma samples read from the planes: [fill0, fill1)
};

BPGR_INLINE ChromaRange chroma_range(uint32_t x_begin, uint32_t x_end, uint32_t n2) {
    ChromaRange c;
    c.first = x_begin / 2;
    c.count = (x_end - 1) / 2 - c.first + 1;
    c.fill0 = c.first >= static_cast<uint32_t>(kPadLeft) ? c.first - kPadLeft : 0;
    c.fill1 = std::min(n2, c.first + c.count + kPadRight);
    return c;
}

// Per-call scratch of build_chroma_lines: one padded half-width line and two
// full chroma lines, each with a block to spare for a range that starts off
// a block (ChromaRange). Empty for gray and 4:4:4 pictures.
class ChromaScratch {
public:
    explicit ChromaScratch(const PictureFormat &fmt) {
        if (fmt.chroma_format != 1 && fmt.chroma_format != 2) return;
        const size_t n2_padded = round_up_to_block((fmt.width + 1) / 2) + kBlock;
        padded_.resize(kPadLeft + n2_padded + kPadRight);
        chroma_lines_.resize(4 * n2_padded);
        lines_.padded = padded_.data();
        lines_.cb = chroma_lines_.data();
        lines_.cr = lines_.cb + 2 * n2_padded;
    }
    struct Lines {
        int16_t *padded = nullptr;  // kPadLeft + n2 + kBlock + kPadRight (see ChromaRange)
        uint16_t *cb = nullptr;     // 2 * (n2 + kBlock) each
        uint16_t *cr = nullptr;
    };
    const Lines &lines() const { return lines_; }

private:
    std::vector<int16_t> padded_;
    std::vector<uint16_t> chroma_lines_;
    Lines lines_;
};
using ChromaLines = ChromaScratch::Lines;

// Rebuilds the full-resolution chroma lines of row y (5.4) at columns
// [x_begin, x_end) (other columns of the lines hold no meaning); returns
// pointers to the lines (or to the plane rows for 4:4:4) in c1/c2. Every
// sample is computed from exactly the inputs a whole-line pass uses.
// `max_in` is the largest sample value ((1 << bit_depth) - 1).
BPGR_INLINE void build_chroma_lines(const PictureFormat &fmt, const PlaneView *planes,
                                    int32_t max_in, uint32_t x_begin, uint32_t x_end,
                                    const ChromaLines &scratch, uint32_t y, const uint16_t *&c1,
                                    const uint16_t *&c2) {
    if (fmt.chroma_format == 3) {
        c1 = planes[1].data + static_cast<ptrdiff_t>(y) * planes[1].stride;
        c2 = planes[2].data + static_cast<ptrdiff_t>(y) * planes[2].stride;
        return;
    }
    const int bd = fmt.bit_depth;
    const uint32_t n2 = (fmt.width + 1) / 2;
    const ChromaRange range = chroma_range(x_begin, x_end, n2);
    // The filters' view: sample `range.first` first, output column 2 * first first.
    uint16_t *lines[2] = {scratch.cb + 2 * range.first, scratch.cr + 2 * range.first};
    int16_t *p = scratch.padded;
    int16_t *const p_first = p + range.first;
    const uint32_t n = range.count;
    for (int c = 0; c < 2; ++c) {
        const PlaneView &plane = planes[1 + c];
        if (fmt.chroma_format == 2) {
            const uint16_t *src = plane.data + static_cast<ptrdiff_t>(y) * plane.stride;
            for (uint32_t i = range.fill0; i < range.fill1; ++i) p[kPadLeft + i] = static_cast<int16_t>(src[i]);
            // Reads samples 0 and n2 - 1; the copies are used only when the range reaches them.
            replicate_edges(p, n2);
            if (fmt.chroma_phase == 1) {
                if (bd == 8)
                    upsample_h_centred<int16_t>(p_first, n, 6, 32, max_in, lines[c]);
                else
                    upsample_h_centred<int32_t>(p_first, n, 6, 32, max_in, lines[c]);
            } else {
                if (bd == 8)
                    upsample_h_cosited<int16_t>(p_first, n, 6, 32, 0, 0, max_in, lines[c]);
                else
                    upsample_h_cosited<int32_t>(p_first, n, 6, 32, 0, 0, max_in, lines[c]);
            }
            continue;
        }
        const int32_t last_row = static_cast<int32_t>((fmt.height + 1) / 2) - 1;
        const int32_t y2 = static_cast<int32_t>(y >> 1);
        const uint16_t *rows[7];
        for (int j = 0; j < 7; ++j) {
            int32_t ry = std::clamp<int32_t>(y2 - 3 + j, 0, last_row);
            rows[j] = plane.data + static_cast<ptrdiff_t>(ry) * plane.stride;
        }
        const int vshift = bd - 8;
        const int32_t vrnd = (1 << vshift) >> 1;
        if (bd == 8) {
            if (y & 1)
                upsample_v<true, true>(rows, range.fill0, range.fill1, 0, 0, p);
            else
                upsample_v<false, true>(rows, range.fill0, range.fill1, 0, 0, p);
        } else {
            if (y & 1)
                upsample_v<true, false>(rows, range.fill0, range.fill1, vshift, vrnd, p);
            else
                upsample_v<false, false>(rows, range.fill0, range.fill1, vshift, vrnd, p);
        }
        replicate_edges(p, n2);
        const int hshift = 20 - bd;
        const int32_t hrnd = 1 << (hshift - 1);
        if (fmt.chroma_phase == 1) {
            upsample_h_centred<int32_t>(p_first, n, hshift, hrnd, max_in, lines[c]);
        } else {
            const int even_shift = 14 - bd;
            upsample_h_cosited<int32_t>(p_first, n, hshift, hrnd, even_shift, (1 << even_shift) >> 1,
                                        max_in, lines[c]);
        }
    }
    c1 = scratch.cb;
    c2 = scratch.cr;
}

}  // namespace bpgr::kernels
