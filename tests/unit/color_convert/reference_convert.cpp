#include "reference_convert.h"

#include <algorithm>
#include <stdexcept>

#include "appendix_a.h"

namespace bpgr::test {

namespace {

const int kEven[7] = {2, -6, 18, 57, -10, 4, -1};
const int kOdd[7] = {-1, 4, -10, 57, 18, -6, 2};

int64_t clampi(int64_t v, int64_t lo, int64_t hi) {
    return std::min(std::max(v, lo), hi);
}

int32_t wrap32(int64_t v) {
    return static_cast<int32_t>(static_cast<uint32_t>(v));
}

// Horizontal 4:2:2 / 4:2:0 step on a half-width line given by s(i) (any i;
// the callee clamps), at output position x.
template <typename Sample>
int64_t horizontal(Sample s, uint32_t x, int phase, int shift, int even_shift, int64_t max_in) {
    const int64_t k = x / 2;
    const int64_t rnd = int64_t(1) << (shift - 1);
    if (phase == 1) {
        const int *taps = (x % 2 == 0) ? kEven : kOdd;
        int64_t sum = 0;
        for (int j = 0; j < 7; ++j) sum += taps[j] * s(k - 3 + j);
        return clampi((sum + rnd) >> shift, 0, max_in);
    }
    if (x % 2 == 0) {
        const int64_t r0 = (int64_t(1) << even_shift) >> 1;
        return clampi((s(k) + r0) >> even_shift, 0, max_in);
    }
    int64_t sum = 40 * (s(k) + s(k + 1)) - 11 * (s(k - 1) + s(k + 2)) + 4 * (s(k - 2) + s(k + 3)) -
                  (s(k - 3) + s(k + 4));
    return clampi((sum + rnd) >> shift, 0, max_in);
}

}  // namespace

int32_t reference_chroma(const TestImage &img, int plane_index, uint32_t x, uint32_t y) {
    const PictureFormat &f = img.fmt;
    const TestPlane &plane = img.planes[plane_index];
    const int bd = f.bit_depth;
    const int64_t max_in = (1 << bd) - 1;
    const int64_t n2 = (f.width + 1) / 2;
    if (f.chroma_format == 3) return plane.at(x, y);
    if (f.chroma_format == 2) {
        auto s = [&](int64_t i) -> int64_t { return plane.at(uint32_t(clampi(i, 0, n2 - 1)), y); };
        return int32_t(horizontal(s, x, f.chroma_phase, 6, 0, max_in));
    }
    // 4:2:0: vertical centred pass into t, then horizontal.
    const int64_t ch = (f.height + 1) / 2;
    const int64_t y2 = y >> 1;
    const int *vtaps = (y % 2 == 0) ? kEven : kOdd;
    const int vshift = bd - 8;
    const int64_t vrnd = (int64_t(1) << vshift) >> 1;
    auto t = [&](int64_t i) -> int64_t {
        uint32_t col = uint32_t(clampi(i, 0, n2 - 1));
        int64_t sum = 0;
        for (int j = 0; j < 7; ++j)
            sum += vtaps[j] * plane.at(col, uint32_t(clampi(y2 - 3 + j, 0, ch - 1)));
        return (sum + vrnd) >> vshift;
    };
    return int32_t(horizontal(t, x, f.chroma_phase, 20 - bd, 14 - bd, max_in));
}

void reference_convert(const TestImage &img, bpgr_output_format out, uint8_t *dst,
                       ptrdiff_t dst_stride) {
    const PictureFormat &f = img.fmt;
    const bool out16 =
        out == BPGR_OUTPUT_RGB48 || out == BPGR_OUTPUT_RGBA64 || out == BPGR_OUTPUT_CMYK64;
    const bool cmyk = out == BPGR_OUTPUT_CMYK32 || out == BPGR_OUTPUT_CMYK64;
    const int comps = (out == BPGR_OUTPUT_RGB24 || out == BPGR_OUTPUT_RGB48) ? 3 : 4;
    const int out_bits = out16 ? 16 : 8;
    const int c_shift = 30 - out_bits;
    const int64_t max_out = (int64_t(1) << out_bits) - 1;
    const int64_t c_rnd = int64_t(1) << (c_shift - 1);
    const int64_t c_center = int64_t(1) << (f.bit_depth - 1);
    const ScalarRow *sc = find_scalar_row(out_bits, f.limited_range, f.bit_depth);
    if (!sc) throw std::runtime_error("no Appendix A.1 row");
    const bool ycbcr = f.chroma_format != 0 && (f.color_space == 0 || f.color_space >= 3);
    const MatrixRow *mx =
        ycbcr ? find_matrix_row(out_bits, f.limited_range, f.bit_depth, f.color_space) : nullptr;
    if (ycbcr && !mx) throw std::runtime_error("no Appendix A.2 row");

    auto finish = [&](int64_t sum) { return clampi(wrap32(sum) >> c_shift, 0, max_out); };

    for (uint32_t y = 0; y < f.height; ++y) {
        for (uint32_t x = 0; x < f.width; ++x) {
            const int64_t Y = img.planes[0].at(x, y);
            int64_t c[4] = {0, 0, 0, 0};
            if (f.chroma_format == 0) {
                c[0] = c[1] = c[2] = finish(Y * sc->y_one + sc->y_offset);
            } else {
                const int64_t p1 = reference_chroma(img, 1, x, y);
                const int64_t p2 = reference_chroma(img, 2, x, y);
                const int64_t u = p1 - c_center, v = p2 - c_center;
                if (ycbcr) {
                    c[0] = finish(Y * sc->y_one + mx->c_r_cr * v + sc->y_offset);
                    c[1] = finish(Y * sc->y_one - mx->c_g_cb * u - mx->c_g_cr * v + sc->y_offset);
                    c[2] = finish(Y * sc->y_one + mx->c_b_cb * u + sc->y_offset);
                } else if (f.color_space == 1) {  // planes G, B, R
                    c[0] = finish(p2 * sc->y_one + sc->y_offset);
                    c[1] = finish(Y * sc->y_one + sc->y_offset);
                    c[2] = finish(p1 * sc->y_one + sc->y_offset);
                } else {  // YCgCo
                    c[0] = finish((Y - u + v) * sc->y_one + sc->y_offset);
                    c[1] = finish((Y + u) * sc->y_one + sc->y_offset);
                    c[2] = finish((Y - u - v) * sc->y_one + sc->y_offset);
                }
            }

            uint8_t *pixel = dst + y * dst_stride + size_t(x) * comps * (out_bits / 8);
            auto get = [&](int i) -> int64_t {
                if (out16) return reinterpret_cast<uint16_t *>(pixel)[i];
                return pixel[i];
            };
            if (cmyk) {
                if (!f.has_w_plane)
                    c[3] = max_out;
                else
                    c[3] = get(3);  // never written by the reference
                for (auto &v : c) v = max_out - v;
            } else if (f.has_w_plane) {
                const int64_t w = img.extra.at(x, y);
                for (int i = 0; i < 3; ++i)
                    c[i] = (c[i] * w + (int64_t(1) << (f.bit_depth - 1))) >> f.bit_depth;
                c[3] = max_out;
            } else if (comps == 4) {
                if (!f.has_alpha) {
                    c[3] = max_out;
                } else {
                    const int64_t a = img.extra.at(x, y);
                    c[3] = (!out16 && f.bit_depth == 8) ? a : (a * sc->c_one + c_rnd) >> c_shift;
                    if (f.premultiplied) {
                        const uint32_t A = uint32_t(c[3]);
                        for (int i = 0; i < 3; ++i) {
                            const uint32_t cv = uint32_t(c[i]);
                            if (A == 0) {
                                c[i] = max_out;
                            } else if (!out16) {
                                const uint32_t inv = ((255u << 16) + A / 2 + 128) / A;
                                c[i] = cv >= A ? 255 : (cv * inv + 32768) >> 16;
                            } else {
                                const uint32_t inv = ((65535u << 15) + A / 2) / A;
                                c[i] = cv >= A ? 65535 : (cv * inv + 16384) >> 15;
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < comps; ++i) {
                if (out16)
                    reinterpret_cast<uint16_t *>(pixel)[i] = uint16_t(c[i]);
                else
                    pixel[i] = uint8_t(c[i]);
            }
        }
    }
}

}  // namespace bpgr::test
