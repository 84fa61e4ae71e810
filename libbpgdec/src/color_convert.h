// Colour conversion: decoded sample planes -> output pixels, bit-exact with
// libbpg 0.9.8's bpg_decoder_get_line() (bpg-format.md section 5).
//
// One ColorConverter per (picture format, output format). init() computes the
// integer constants once; convert_rows() is const and keeps its scratch on
// the stack / in per-call buffers, so several threads may convert disjoint
// row ranges of the same picture with one converter at the same time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "bpgr/decoder.h"

namespace bpgr {

// One decoded plane, cropped to its real size (no padding is ever read).
struct PlaneView {
    const uint16_t *data;
    ptrdiff_t stride;  // in samples
    uint32_t width, height;
};

struct PictureFormat {
    uint32_t width, height;  // picture size (luma)
    int chroma_format;       // normalised: 0 gray, 1 4:2:0, 2 4:2:2, 3 4:4:4
    int chroma_phase;        // 1 = centred (pixel formats 1/2), 0 = co-sited (4/5)
    int color_space;         // bpgr_color_space, 0..4; ignored for gray
    int bit_depth;           // 8..14, luma = chroma = extra plane
    bool limited_range;
    bool has_alpha, premultiplied, has_w_plane;  // extra plane semantics (section 1.4)
};

// Integer constants of section 5.2 (Appendix A lists every case).
// The four matrix coefficients are 0 unless the colour space is YCbCr.
struct ConversionConstants {
    int out_bits;  // 8 or 16
    int c_shift;   // 30 - out_bits
    int32_t max_out;
    int32_t max_in;
    int32_t c_one;  // full-range scale, also the alpha scale
    int32_t y_one;
    int32_t y_offset;
    int32_t c_rnd;
    int32_t c_center;
    int32_t c_r_cr, c_g_cb, c_g_cr, c_b_cb;
};

// Computes the section 5.2 constants (IEEE double, lrint ties-to-even).
// color_space only matters for the YCbCr coefficients (0, 3, 4).
ConversionConstants compute_conversion_constants(int bit_depth, bool limited_range, int color_space,
                                                 bool out_16bit);

// Un-premultiplies n pixels in place (5.6): r/g/b/a hold output-precision
// values (out_bits 8 or 16). Used by convert_rows; exposed for unit tests.
void unpremultiply_pixels(int out_bits, const int32_t *a, int n, int32_t *r, int32_t *g,
                          int32_t *b);

class ColorConverter {
public:
    // Validates the combination and computes the constants. Returns false for
    // an output format outside 0..5, a bit depth outside 8..14, an unknown
    // chroma format / phase / colour space, alpha and W plane together, or a
    // zero-sized picture. The converter is unusable until init() succeeds.
    bool init(const PictureFormat &fmt, bpgr_output_format out);

    // Converts output rows [y0, y1) (clipped to the picture height).
    // planes[0..2] = Y/Cb/Cr (Y/Cg/Co, or G/B/R); gray uses planes[0] only.
    // Chroma planes are exactly ceil-sized: 4:2:0 ceil(W/2) x ceil(H/2),
    // 4:2:2 ceil(W/2) x H, 4:4:4 W x H. `extra` is the alpha/W plane (W x H),
    // or has data == nullptr when the picture has none.
    // dst points at output row y0 (the first one converted); dst_stride is in bytes. 16-bit
    // formats are written as native-endian uint16 (dst must be 2-aligned).
    // CMYK output of a W-plane picture inverts component 3 in place from what
    // dst already held there (libbpg quirk, section 5.7).
    void convert_rows(const PlaneView planes[3], const PlaneView &extra, uint32_t y0, uint32_t y1,
                      uint8_t *dst, ptrdiff_t dst_stride) const;
    // Columns [x0, x1) of rows [y0, y1) (both clipped to the picture); dst
    // points at output pixel x0 of row y0. Each pixel equals the one
    // convert_rows writes (for the CMYK quirk: given what dst held there).
    void convert_rect(const PlaneView planes[3], const PlaneView &extra, uint32_t x0, uint32_t x1,
                      uint32_t y0, uint32_t y1, uint8_t *dst, ptrdiff_t dst_stride) const;

    const ConversionConstants &constants() const { return k_; }
    bpgr_output_format output_format() const { return out_; }
    // Bytes per output pixel (3, 4, 6 or 8).
    int bytes_per_pixel() const { return components_ * (k_.out_bits / 8); }

private:
    PictureFormat fmt_{};
    bpgr_output_format out_ = BPGR_OUTPUT_RGB24;
    ConversionConstants k_{};
    int components_ = 0;  // 3 or 4
    bool ready_ = false;
};

}  // namespace bpgr
