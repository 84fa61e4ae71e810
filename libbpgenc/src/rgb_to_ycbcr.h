// Forward colour conversion of interleaved RGB(A)/gray samples into BPG
// planes, with the reference encoder's integer constants (format doc 8.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "picture.h"

namespace bpgr::enc {

struct ForwardConstants {
    int c_shift = 0;
    int64_t matrix[9] = {};  // Y, Cb, Cr rows (R, G, B columns)
    int64_t c_0_25 = 0, c_0_5 = 0;  // YCgCo
    int64_t c_one = 0;       // full-range scale (alpha, JPEG planes)
    int64_t y_one = 0;       // luma / RGB / gray scale
    int64_t c_rnd = 0;
    int64_t y_offset = 0;
    int center = 0;
    int out_max = 0;
};

// in_bits: source sample depth (8 or 16); color_space: BPG header value.
ForwardConstants make_forward_constants(int in_bits, int out_bit_depth, int color_space,
                                        bool limited_range);

struct InterleavedSource {
    uint32_t width = 0, height = 0;
    int channels = 3;            // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
    int sample_bits = 8;         // 8 or 16
    const void *pixels = nullptr;
    ptrdiff_t stride = 0;        // bytes
    bool premultiply = false;    // multiply colour by alpha first (libpng's rounding)
};

// Fills picture->color (4:4:4 or gray) and picture->extra (alpha) from the
// source. picture->color_space / bit_depth / limited_range must be set; gray
// sources force color_space 0 and pixel_format 0.
void convert_interleaved(const InterleavedSource &src, Picture *picture);

// Rescales one 8-bit plane to picture depth with c_one (full range).
void rescale_8bit_plane(const uint8_t *src, ptrdiff_t stride, uint32_t width, uint32_t height,
                        int out_bit_depth, Plane *dst);

}  // namespace bpgr::enc
