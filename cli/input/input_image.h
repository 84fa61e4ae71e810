// A decoded input picture for bpgenc (PNG or JPEG), ready to hand to the
// encoder as a bpgr_input_image.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bpgr/encoder.h"

namespace bpgr::cli {

// Inputs larger than this are refused before any pixel buffer is allocated
// (a few hundred header bytes can announce gigabytes). 2^28 pixels is also
// the decoder's default limit.
constexpr uint64_t kMaxInputPixels = uint64_t{1} << 28;
constexpr uint32_t kMaxInputSide = 65535;

// False + a sentence when width x height is outside the limits above.
bool input_size_allowed(uint32_t width, uint32_t height, const char *format, std::string *error);

struct MetadataRecord {
    uint32_t tag = 0;  // BPGR_EXT_EXIF / ICC_PROFILE / XMP
    std::vector<uint8_t> payload;
};

struct InputImage {
    uint32_t width = 0, height = 0;
    bpgr_input_layout layout = BPGR_INPUT_RGB;
    // Interleaved layouts (PNG): uint8 or native-endian uint16 samples.
    int sample_bits = 8;
    std::vector<uint8_t> pixels;
    size_t stride = 0;
    // BPGR_INPUT_PLANES (JPEG).
    bpgr_pixel_format plane_format = BPGR_FORMAT_444;
    bpgr_color_space plane_color_space = BPGR_CS_YCBCR;
    std::vector<uint8_t> planes[4];  // planes[3]: W plane (CMYK) if not empty
    size_t plane_strides[4] = {};
    bool extra_plane_is_w = false;
    // In file order.
    std::vector<MetadataRecord> metadata;

    // A view into this object (valid while it lives).
    bpgr_input_image view() const;
};

// Reads a PNG or a JPEG (chosen by signature). keep_metadata keeps EXIF, XMP
// and ICC records. False + a sentence on failure.
bool read_input_image(const std::string &bytes, bool keep_metadata, InputImage *image,
                      std::string *error);

bool is_png(const std::string &bytes);
bool is_jpeg(const std::string &bytes);
bool read_png(const std::string &bytes, bool keep_metadata, InputImage *image, std::string *error);
bool read_jpeg(const std::string &bytes, bool keep_metadata, InputImage *image,
               std::string *error);

}  // namespace bpgr::cli
