// The CLIs' one PNG reader (libpng, from memory): bpgenc's PNG input
// (cli/input/png_input.cpp) and bpgdec --psnr's reference picture
// (reference_image.cpp) both decode through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bpgr::cli {

struct PngImage {
    uint32_t width = 0, height = 0;
    int channels = 0;     // 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA
    int sample_bits = 8;  // 8, or 16 (native-endian uint16)
    size_t stride = 0;    // bytes per row
    std::vector<uint8_t> pixels;
    std::vector<uint8_t> icc_profile;  // the iCCP chunk's profile (keep_icc_profile), or empty
};

enum class PngSamples {
    // Palette to RGB, gray below 8 bits to 8, tRNS to alpha; 16-bit samples
    // kept (native endian).
    kAsStored,
    // 8-bit RGB whatever the file holds: palette and gray expanded, 16-bit
    // scaled to 8 (rounded), alpha dropped.
    kRgb8,
};

struct PngReadOptions {
    PngSamples samples = PngSamples::kAsStored;
    bool keep_icc_profile = false;
    // libpng's limit on width and height (larger files are errors); 0 keeps
    // libpng's default.
    uint32_t max_side = 0;
    // Called with the size before any pixel buffer is allocated: false and
    // a message refuse the picture. Empty = any size libpng accepts.
    std::function<bool(uint32_t width, uint32_t height, std::string *error)> size_allowed;
};

// Decodes the PNG file in `bytes` (interlaced or not). False + a sentence
// ("PNG: ..." with libpng's reason, or size_allowed's) on failure.
bool read_png_image(const std::string &bytes, const PngReadOptions &options, PngImage *image,
                    std::string *error);

}  // namespace bpgr::cli
