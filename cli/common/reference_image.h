// Reads a reference PNG (the original photo) as 8-bit RGB and measures the
// PSNR of a decoded picture against it, for bpgdec --psnr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bpgr::cli {

struct RgbImage {
    uint32_t width = 0, height = 0;
    std::vector<uint8_t> pixels;  // R,G,B interleaved, no padding
};

// Any PNG (through png_reader.h): palette and gray expanded, 16-bit scaled to
// 8, alpha dropped.
bool read_reference_png(const std::string &path, RgbImage &image, std::string &error);

// RGB PSNR in dB, MSE pooled over R, G and B (8-bit peak 255); `test` is
// interleaved RGB24 with `stride` bytes per row. Infinity when identical.
double rgb_psnr(const RgbImage &reference, const uint8_t *test, ptrdiff_t stride);

}  // namespace bpgr::cli
