// Small helpers shared by the colour conversion tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "color_convert.h"
#include "test_image.h"

namespace bpgr::test {

inline PictureFormat make_format(uint32_t width, uint32_t height, int chroma_format,
                                 int chroma_phase, int color_space, int bit_depth,
                                 bool limited_range) {
    PictureFormat fmt{};
    fmt.width = width;
    fmt.height = height;
    fmt.chroma_format = chroma_format;
    fmt.chroma_phase = chroma_phase;
    fmt.color_space = color_space;
    fmt.bit_depth = bit_depth;
    fmt.limited_range = limited_range;
    return fmt;
}

inline bool is_16bit(bpgr_output_format out) {
    return out == BPGR_OUTPUT_RGB48 || out == BPGR_OUTPUT_RGBA64 || out == BPGR_OUTPUT_CMYK64;
}

inline int components(bpgr_output_format out) {
    return (out == BPGR_OUTPUT_RGB24 || out == BPGR_OUTPUT_RGB48) ? 3 : 4;
}

// Output buffer: tightly packed rows (stride = width * bpp), as 16-bit or
// 8-bit samples.
struct OutputImage {
    std::vector<uint8_t> bytes;
    ptrdiff_t stride = 0;
    bpgr_output_format format = BPGR_OUTPUT_RGB24;

    int sample(uint32_t x, uint32_t y, int comp) const {
        const uint8_t *row = bytes.data() + y * stride;
        if (is_16bit(format)) {
            uint16_t v;
            std::memcpy(&v, row + (size_t(x) * components(format) + comp) * 2, 2);
            return v;
        }
        return row[size_t(x) * components(format) + comp];
    }
};

// Converts the whole picture with ColorConverter in one call; the buffer
// starts out filled with `fill_byte`. Returns an empty image if init fails.
inline OutputImage convert_image(const TestImage &img, bpgr_output_format out,
                                 uint8_t fill_byte = 0) {
    OutputImage result;
    result.format = out;
    ColorConverter conv;
    if (!conv.init(img.fmt, out)) return result;
    result.stride = ptrdiff_t(img.fmt.width) * conv.bytes_per_pixel();
    result.bytes.assign(size_t(result.stride) * img.fmt.height, fill_byte);
    PlaneView planes[3], extra;
    img.views(planes, extra);
    conv.convert_rows(planes, extra, 0, img.fmt.height, result.bytes.data(), result.stride);
    return result;
}

// A 1x1 4:4:4 picture with the given three samples (and extra sample).
inline TestImage single_pixel(int color_space, int bit_depth, bool limited, uint16_t p0,
                              uint16_t p1, uint16_t p2) {
    TestImage img = make_image(make_format(1, 1, 3, 1, color_space, bit_depth, limited));
    img.planes[0].at(0, 0) = p0;
    img.planes[1].at(0, 0) = p1;
    img.planes[2].at(0, 0) = p2;
    return img;
}

}  // namespace bpgr::test
