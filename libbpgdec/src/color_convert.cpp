// Output conversion, bit-exact with libbpg 0.9.8 (bpg-format.md section 5).
//
// Per output row: (1) rebuild full-resolution chroma lines (5.3, 5.4);
// (2) in chunks of kChunk pixels, apply the colour matrix into planar int32
// R/G/B arrays (5.5, with the 32-bit wrap-around of 5.8); (3) alpha, W or
// CMYK processing on those arrays (5.6, 5.7); (4) interleave into dst.
// Every stage is a plain loop over contiguous arrays with the format choices
// hoisted out (templates), so that the compiler vectorises it.
#include "color_convert.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace bpgr {

namespace {

// Every helper below is force-inlined into convert_row, so each of its
// instruction-set clones vectorises the whole pipeline at its own width.
#if defined(__GNUC__)
#define BPGR_INLINE inline __attribute__((always_inline))
#else
#define BPGR_INLINE inline
#endif
#if defined(__x86_64__) && defined(__ELF__) && !defined(BPGR_NO_TARGET_CLONES) && \
    (defined(__clang__) ? __clang_major__ >= 14 : defined(__GNUC__))
#define BPGR_ROW_CLONES \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define BPGR_ROW_CLONES
#endif

constexpr int kChunk = 512;  // pixels per matrix/pack step (stack arrays)
// Loops run over whole blocks of kBlock elements (inputs padded or copied),
// so their trip count is a known multiple of any vector width: GCC's -O2
// cost model ("very cheap") only vectorises such loops.
constexpr int kBlock = 64;

BPGR_INLINE size_t round_up_to_block(size_t n) {
    return (n + kBlock - 1) & ~size_t(kBlock - 1);
}
constexpr int kPadLeft = 3;   // filter reach to the left of chroma sample k
constexpr int kPadRight = 4;  // ... and to the right (co-sited filter: k+4)

enum MatrixKind { kMatrixYCbCr, kMatrixRgb, kMatrixYCgCo, kMatrixGray };

BPGR_INLINE int32_t clamp_i32(int32_t v, int32_t hi) {
    v = v < 0 ? 0 : v;
    return v > hi ? hi : v;
}

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

// Colour matrix of 5.5 on n pixels. The sums are evaluated modulo 2^32
// (unsigned arithmetic), then reinterpreted as int32: this is the wrap-around
// of the reference's 32-bit int expressions (5.8).
template <int kMatrix, int kShift>
BPGR_INLINE void apply_matrix(const ConversionConstants &k, const uint16_t *y_row,
                              const uint16_t *c1_row, const uint16_t *c2_row, int n, int32_t *r,
                              int32_t *g, int32_t *b) {
    const uint32_t y_one = static_cast<uint32_t>(k.y_one);
    const uint32_t y_offset = static_cast<uint32_t>(k.y_offset);
    const int32_t center = k.c_center;
    const int32_t max_out = k.max_out;
    if constexpr (kMatrix == kMatrixYCbCr) {
        const uint32_t c_r_cr = k.c_r_cr, c_g_cb = k.c_g_cb, c_g_cr = k.c_g_cr, c_b_cb = k.c_b_cb;
        for (int x = 0; x < n; ++x) {
            uint32_t u = static_cast<uint32_t>(c1_row[x] - center);
            uint32_t v = static_cast<uint32_t>(c2_row[x] - center);
            uint32_t base = y_row[x] * y_one + y_offset;
            r[x] = clamp_i32(static_cast<int32_t>(base + c_r_cr * v) >> kShift, max_out);
            g[x] =
                clamp_i32(static_cast<int32_t>(base - c_g_cb * u - c_g_cr * v) >> kShift, max_out);
            b[x] = clamp_i32(static_cast<int32_t>(base + c_b_cb * u) >> kShift, max_out);
        }
    } else if constexpr (kMatrix == kMatrixYCgCo) {
        for (int x = 0; x < n; ++x) {
            int32_t yv = y_row[x];
            int32_t u = c1_row[x] - center;  // Cg
            int32_t v = c2_row[x] - center;  // Co
            uint32_t rs = static_cast<uint32_t>(yv - u + v) * y_one + y_offset;
            uint32_t gs = static_cast<uint32_t>(yv + u) * y_one + y_offset;
            uint32_t bs = static_cast<uint32_t>(yv - u - v) * y_one + y_offset;
            r[x] = clamp_i32(static_cast<int32_t>(rs) >> kShift, max_out);
            g[x] = clamp_i32(static_cast<int32_t>(gs) >> kShift, max_out);
            b[x] = clamp_i32(static_cast<int32_t>(bs) >> kShift, max_out);
        }
    } else if constexpr (kMatrix == kMatrixRgb) {
        // plane 0 = G, plane 1 = B, plane 2 = R
        for (int x = 0; x < n; ++x) {
            r[x] = clamp_i32(static_cast<int32_t>(c2_row[x] * y_one + y_offset) >> kShift, max_out);
            g[x] = clamp_i32(static_cast<int32_t>(y_row[x] * y_one + y_offset) >> kShift, max_out);
            b[x] = clamp_i32(static_cast<int32_t>(c1_row[x] * y_one + y_offset) >> kShift, max_out);
        }
    } else {
        for (int x = 0; x < n; ++x) {
            int32_t v =
                clamp_i32(static_cast<int32_t>(y_row[x] * y_one + y_offset) >> kShift, max_out);
            r[x] = v;
            g[x] = v;
            b[x] = v;
        }
    }
}

// 5.6: alpha sample -> output precision. For 8-bit output of 8-bit pictures
// the reference copies the sample; the scale formula would give the same.
BPGR_INLINE void scale_alpha(const ConversionConstants &k, bool copy, const uint16_t *alpha_row,
                             int n, int32_t *a) {
    if (copy) {
        for (int x = 0; x < n; ++x) a[x] = alpha_row[x];
        return;
    }
    const uint32_t c_one = static_cast<uint32_t>(k.c_one), c_rnd = static_cast<uint32_t>(k.c_rnd);
    for (int x = 0; x < n; ++x)
        a[x] = static_cast<int32_t>((alpha_row[x] * c_one + c_rnd) >> k.c_shift);
}

// 5.6: un-premultiply in place at output precision (unsigned 32-bit math).
template <int kOutBits>
BPGR_INLINE void unpremultiply(const int32_t *a, int n, int32_t *r, int32_t *g, int32_t *b) {
    constexpr uint32_t kMax = (1u << kOutBits) - 1;
    constexpr int kFrac = kOutBits == 8 ? 16 : 15;
    constexpr uint32_t kRound = 1u << (kFrac - 1);
    for (int x = 0; x < n; ++x) {
        uint32_t alpha = static_cast<uint32_t>(a[x]);
        if (alpha == 0) {
            r[x] = g[x] = b[x] = static_cast<int32_t>(kMax);
            continue;
        }
        uint32_t inv = kOutBits == 8 ? ((kMax << 16) + alpha / 2 + 128) / alpha
                                     : ((kMax << 15) + alpha / 2) / alpha;
        int32_t *comps[3] = {r, g, b};
        for (int32_t *c : comps) {
            uint32_t v = static_cast<uint32_t>(c[x]);
            c[x] = static_cast<int32_t>(v >= alpha ? kMax : (v * inv + kRound) >> kFrac);
        }
    }
}

// 5.7 case 2: multiply by the raw W sample.
BPGR_INLINE void apply_w_plane(const uint16_t *w_row, int bit_depth, int n, int32_t *r, int32_t *g,
                               int32_t *b) {
    const int32_t rnd = 1 << (bit_depth - 1);
    for (int x = 0; x < n; ++x) {
        int32_t w = w_row[x];
        r[x] = (r[x] * w + rnd) >> bit_depth;
        g[x] = (g[x] * w + rnd) >> bit_depth;
        b[x] = (b[x] * w + rnd) >> bit_depth;
    }
}

template <typename OutT, int kComps>
BPGR_INLINE void interleave(const int32_t *r, const int32_t *g, const int32_t *b, const int32_t *a,
                            int n, OutT *dst) {
    for (int x = 0; x < n; ++x) {
        dst[kComps * x] = static_cast<OutT>(r[x]);
        dst[kComps * x + 1] = static_cast<OutT>(g[x]);
        dst[kComps * x + 2] = static_cast<OutT>(b[x]);
        if constexpr (kComps == 4) dst[kComps * x + 3] = static_cast<OutT>(a[x]);
    }
}

BPGR_INLINE void fill(int32_t value, int n, int32_t *a) {
    for (int x = 0; x < n; ++x) a[x] = value;
}

template <int kShift>
BPGR_INLINE void apply_matrix_kind(int kind, const ConversionConstants &k, const uint16_t *y_row,
                                   const uint16_t *c1_row, const uint16_t *c2_row, int n,
                                   int32_t *r, int32_t *g, int32_t *b) {
    switch (kind) {
        case kMatrixYCbCr:
            apply_matrix<kMatrixYCbCr, kShift>(k, y_row, c1_row, c2_row, n, r, g, b);
            break;
        case kMatrixRgb:
            apply_matrix<kMatrixRgb, kShift>(k, y_row, c1_row, c2_row, n, r, g, b);
            break;
        case kMatrixYCgCo:
            apply_matrix<kMatrixYCgCo, kShift>(k, y_row, c1_row, c2_row, n, r, g, b);
            break;
        default:
            apply_matrix<kMatrixGray, kShift>(k, y_row, c1_row, c2_row, n, r, g, b);
            break;
    }
}

}  // namespace

void unpremultiply_pixels(int out_bits, const int32_t *a, int n, int32_t *r, int32_t *g,
                          int32_t *b) {
    if (out_bits == 8)
        unpremultiply<8>(a, n, r, g, b);
    else
        unpremultiply<16>(a, n, r, g, b);
}

namespace {

int matrix_kind(const PictureFormat &fmt) {
    if (fmt.chroma_format == 0) return kMatrixGray;
    if (fmt.color_space == BPGR_CS_RGB) return kMatrixRgb;
    if (fmt.color_space == BPGR_CS_YCGCO) return kMatrixYCgCo;
    return kMatrixYCbCr;
}

}  // namespace

ConversionConstants compute_conversion_constants(int bit_depth, bool limited_range, int color_space,
                                                 bool out_16bit) {
    ConversionConstants k{};
    k.out_bits = out_16bit ? 16 : 8;
    k.c_shift = 30 - k.out_bits;
    k.max_out = (1 << k.out_bits) - 1;
    k.max_in = (1 << bit_depth) - 1;
    // Evaluated in double, left to right, as the reference does (5.2).
    const double scaled_max = static_cast<double>(k.max_out) * static_cast<double>(1 << k.c_shift);
    const double mult = scaled_max / k.max_in;
    double mult_y = mult, mult_c = mult;
    if (limited_range) {
        mult_y = scaled_max / (219 << (bit_depth - 8));
        mult_c = scaled_max / (224 << (bit_depth - 8));
    }
    double kr = 0, kb = 0;
    switch (color_space) {
        case BPGR_CS_YCBCR:
            kr = 0.299;
            kb = 0.114;
            break;
        case BPGR_CS_YCBCR_BT709:
            kr = 0.2126;
            kb = 0.0722;
            break;
        case BPGR_CS_YCBCR_BT2020:
            kr = 0.2627;
            kb = 0.0593;
            break;
        default:
            break;
    }
    if (kr != 0) {
        k.c_r_cr = static_cast<int32_t>(std::lrint(2 * (1 - kr) * mult_c));
        k.c_g_cb = static_cast<int32_t>(std::lrint(2 * kb * (1 - kb) / (1 - kb - kr) * mult_c));
        k.c_g_cr = static_cast<int32_t>(std::lrint(2 * kr * (1 - kr) / (1 - kb - kr) * mult_c));
        k.c_b_cb = static_cast<int32_t>(std::lrint(2 * (1 - kb) * mult_c));
    }
    k.c_one = static_cast<int32_t>(std::lrint(mult));
    k.c_rnd = 1 << (k.c_shift - 1);
    k.c_center = 1 << (bit_depth - 1);
    if (limited_range) {
        k.y_one = static_cast<int32_t>(std::lrint(mult_y));
        k.y_offset = k.c_rnd - (16 << (bit_depth - 8)) * k.y_one;
    } else {
        k.y_one = k.c_one;
        k.y_offset = k.c_rnd;
    }
    return k;
}

bool ColorConverter::init(const PictureFormat &fmt, bpgr_output_format out) {
    ready_ = false;
    const int out_value = static_cast<int>(out);
    if (out_value < BPGR_OUTPUT_RGB24 || out_value > BPGR_OUTPUT_CMYK64) return false;
    if (fmt.bit_depth < 8 || fmt.bit_depth > 14) return false;
    if (fmt.chroma_format < 0 || fmt.chroma_format > 3) return false;
    if (fmt.chroma_phase != 0 && fmt.chroma_phase != 1) return false;
    if (fmt.chroma_format != 0 &&
        (fmt.color_space < BPGR_CS_YCBCR || fmt.color_space > BPGR_CS_YCBCR_BT2020))
        return false;
    if (fmt.has_alpha && fmt.has_w_plane) return false;
    if (fmt.width == 0 || fmt.height == 0) return false;

    fmt_ = fmt;
    fmt_.premultiplied = fmt.premultiplied && fmt.has_alpha;
    out_ = out;
    const bool out_16bit =
        out == BPGR_OUTPUT_RGB48 || out == BPGR_OUTPUT_RGBA64 || out == BPGR_OUTPUT_CMYK64;
    k_ = compute_conversion_constants(fmt.bit_depth, fmt.limited_range,
                                      fmt.chroma_format == 0 ? BPGR_CS_YCBCR : fmt.color_space,
                                      out_16bit);
    components_ = (out == BPGR_OUTPUT_RGB24 || out == BPGR_OUTPUT_RGB48) ? 3 : 4;
    ready_ = true;
    return true;
}

namespace {

// Everything one output row needs; built once per convert_rows call.
struct RowJob {
    const ConversionConstants *k;
    const PictureFormat *fmt;
    const PlaneView *planes;
    const PlaneView *extra;
    uint8_t *dst;  // output pixel x_begin of row y0
    ptrdiff_t dst_stride;
    uint32_t y0;
    uint32_t x_begin, x_end;  // the output columns converted
    int matrix;
    int components;
    bool cmyk, w_plane, alpha;
    int16_t *padded;    // kPadLeft + n2 + kBlock + kPadRight (see ChromaRange)
    uint16_t *cb_line;  // 2 * (n2 + kBlock) each
    uint16_t *cr_line;
};

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

// Rebuilds the full-resolution chroma lines of row y (5.4) at columns
// [job.x_begin, job.x_end) (other columns of the lines hold no meaning);
// returns pointers to the lines (or to the plane rows for 4:4:4) in c1/c2.
// Every sample is computed from exactly the inputs a whole-line pass uses.
BPGR_INLINE void build_chroma_lines(const RowJob &job, uint32_t y, const uint16_t *&c1,
                                    const uint16_t *&c2) {
    const PictureFormat &fmt = *job.fmt;
    const PlaneView *planes = job.planes;
    if (fmt.chroma_format == 3) {
        c1 = planes[1].data + static_cast<ptrdiff_t>(y) * planes[1].stride;
        c2 = planes[2].data + static_cast<ptrdiff_t>(y) * planes[2].stride;
        return;
    }
    const int bd = fmt.bit_depth;
    const int32_t max_in = job.k->max_in;
    const uint32_t n2 = (fmt.width + 1) / 2;
    const ChromaRange range = chroma_range(job.x_begin, job.x_end, n2);
    // The filters' view: sample `range.first` first, output column 2 * first first.
    uint16_t *lines[2] = {job.cb_line + 2 * range.first, job.cr_line + 2 * range.first};
    int16_t *p = job.padded;
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
    c1 = job.cb_line;
    c2 = job.cr_line;
}

template <typename OutT>
BPGR_INLINE void convert_pixels(const RowJob &job, const uint16_t *y_row, const uint16_t *c1_row,
                                const uint16_t *c2_row, const uint16_t *extra_row, OutT *out_row) {
    constexpr int kOutBits = sizeof(OutT) * 8;
    constexpr int kShift = 30 - kOutBits;
    const ConversionConstants &k = *job.k;
    const PictureFormat &fmt = *job.fmt;
    const int32_t max_out = k.max_out;
    const bool has_extra = extra_row != nullptr;
    alignas(64) int32_t r[kChunk], g[kChunk], b[kChunk], a[kChunk];
    // Copies for a row end that is not a whole block (see kBlock).
    alignas(64) uint16_t tail_in[4][kChunk];
    alignas(64) OutT tail_out[4 * kChunk];

    for (uint32_t x0 = job.x_begin; x0 < job.x_end; x0 += kChunk) {
        const int n = static_cast<int>(std::min<uint32_t>(kChunk, job.x_end - x0));
        const int n_pad = (n + kBlock - 1) & ~(kBlock - 1);
        const uint16_t *y_in = y_row + x0, *c1_in = c1_row + x0, *c2_in = c2_row + x0;
        const uint16_t *extra_in = has_extra ? extra_row + x0 : nullptr;
        OutT *out = out_row + static_cast<size_t>(x0 - job.x_begin) * job.components;
        OutT *pack = out;
        if (n_pad != n) {
            const uint16_t *sources[4] = {y_in, c1_in, c2_in, extra_in};
            for (int i = 0; i < 4; ++i) {
                std::fill(tail_in[i], tail_in[i] + n_pad, uint16_t{0});
                if (sources[i]) std::copy(sources[i], sources[i] + n, tail_in[i]);
            }
            y_in = tail_in[0];
            c1_in = tail_in[1];
            c2_in = tail_in[2];
            extra_in = has_extra ? tail_in[3] : nullptr;
            pack = tail_out;
            const size_t used = static_cast<size_t>(n) * job.components;
            std::copy(out, out + used, tail_out);
            std::fill(tail_out + used, tail_out + static_cast<size_t>(n_pad) * job.components,
                      OutT{0});
        }
        apply_matrix_kind<kShift>(job.matrix, k, y_in, c1_in, c2_in, n_pad, r, g, b);

        if (job.cmyk) {
            for (int x = 0; x < n_pad; ++x) {
                r[x] = max_out - r[x];
                g[x] = max_out - g[x];
                b[x] = max_out - b[x];
            }
            if (fmt.has_w_plane) {
                // The reference never writes component 3 here: invert what
                // the caller's buffer holds.
                for (int x = 0; x < n_pad; ++x) a[x] = max_out - pack[4 * x + 3];
            } else {
                fill(0, n_pad, a);
            }
        } else if (job.w_plane) {
            apply_w_plane(extra_in, fmt.bit_depth, n_pad, r, g, b);
            if (job.components == 4) fill(max_out, n_pad, a);
        } else if (job.components == 4) {
            if (job.alpha) {
                scale_alpha(k, kOutBits == 8 && fmt.bit_depth == 8, extra_in, n_pad, a);
                if (fmt.premultiplied) unpremultiply<kOutBits>(a, n_pad, r, g, b);
            } else {
                fill(max_out, n_pad, a);
            }
        }

        if (job.components == 4)
            interleave<OutT, 4>(r, g, b, a, n_pad, pack);
        else
            interleave<OutT, 3>(r, g, b, a, n_pad, pack);
        if (pack != out) std::copy(pack, pack + static_cast<size_t>(n) * job.components, out);
    }
}

// A caller's buffer or stride may leave a 16-bit row at an odd address,
// where uint16 stores are undefined: convert into an aligned copy of the
// row (the CMYK quirk reads what the buffer held) and copy it back.
void convert_misaligned_row(const RowJob &job, const uint16_t *y_row, const uint16_t *c1_row,
                            const uint16_t *c2_row, const uint16_t *extra_row, uint8_t *out_row) {
    const size_t bytes = static_cast<size_t>(job.x_end - job.x_begin) * job.components * sizeof(uint16_t);
    std::vector<uint16_t> aligned(bytes / sizeof(uint16_t));
    std::memcpy(aligned.data(), out_row, bytes);
    convert_pixels<uint16_t>(job, y_row, c1_row, c2_row, extra_row, aligned.data());
    std::memcpy(out_row, aligned.data(), bytes);
}

// One output row. Compiled once per instruction set listed in
// BPGR_ROW_CLONES (everything above is inlined into it), picked at load time.
BPGR_ROW_CLONES void convert_row(const RowJob &job, uint32_t y) {
    const PlaneView &luma = job.planes[0];
    const uint16_t *y_row = luma.data + static_cast<ptrdiff_t>(y) * luma.stride;
    const uint16_t *c1_row = y_row, *c2_row = y_row;
    if (job.fmt->chroma_format != 0) build_chroma_lines(job, y, c1_row, c2_row);
    const uint16_t *extra_row =
        job.extra->data ? job.extra->data + static_cast<ptrdiff_t>(y) * job.extra->stride : nullptr;
    uint8_t *out_row = job.dst + static_cast<ptrdiff_t>(y - job.y0) * job.dst_stride;
    if (job.k->out_bits == 8)
        convert_pixels<uint8_t>(job, y_row, c1_row, c2_row, extra_row, out_row);
    else if (reinterpret_cast<uintptr_t>(out_row) % alignof(uint16_t) == 0)
        convert_pixels<uint16_t>(job, y_row, c1_row, c2_row, extra_row,
                                 reinterpret_cast<uint16_t *>(out_row));
    else
        convert_misaligned_row(job, y_row, c1_row, c2_row, extra_row, out_row);
}

}  // namespace

void ColorConverter::convert_rows(const PlaneView planes[3], const PlaneView &extra, uint32_t y0,
                                  uint32_t y1, uint8_t *dst, ptrdiff_t dst_stride) const {
    convert_rect(planes, extra, 0, fmt_.width, y0, y1, dst, dst_stride);
}

void ColorConverter::convert_rect(const PlaneView planes[3], const PlaneView &extra, uint32_t x0,
                                  uint32_t x1, uint32_t y0, uint32_t y1, uint8_t *dst,
                                  ptrdiff_t dst_stride) const {
    if (!ready_) return;
    y1 = std::min(y1, fmt_.height);
    x1 = std::min(x1, fmt_.width);
    if (y0 >= y1 || x0 >= x1) return;

    // Per-call scratch: one padded half-width line and two full chroma lines,
    // each with a block to spare for a range that starts off a block (ChromaRange).
    const uint32_t n2_padded = round_up_to_block((fmt_.width + 1) / 2) + kBlock;
    const bool subsampled = fmt_.chroma_format == 1 || fmt_.chroma_format == 2;
    std::vector<int16_t> padded;
    std::vector<uint16_t> chroma_lines;
    if (subsampled) {
        padded.resize(kPadLeft + n2_padded + kPadRight);
        chroma_lines.resize(4 * static_cast<size_t>(n2_padded));
    }

    RowJob job;
    job.k = &k_;
    job.fmt = &fmt_;
    job.planes = planes;
    job.extra = &extra;
    job.dst = dst;
    job.dst_stride = dst_stride;
    job.y0 = y0;
    job.x_begin = x0;
    job.x_end = x1;
    job.matrix = matrix_kind(fmt_);
    job.components = components_;
    job.cmyk = out_ == BPGR_OUTPUT_CMYK32 || out_ == BPGR_OUTPUT_CMYK64;
    job.w_plane = fmt_.has_w_plane && extra.data != nullptr;
    job.alpha = fmt_.has_alpha && extra.data != nullptr;
    job.padded = padded.data();
    job.cb_line = chroma_lines.data();
    job.cr_line = subsampled ? job.cb_line + 2 * n2_padded : nullptr;

    for (uint32_t y = y0; y < y1; ++y) convert_row(job, y);
}

}  // namespace bpgr
