#include "input_image.h"

#include <cstring>

namespace bpgr::cli {

bpgr_input_image InputImage::view() const {
    bpgr_input_image v;
    std::memset(&v, 0, sizeof v);
    v.width = width;
    v.height = height;
    v.layout = layout;
    v.sample_bits = sample_bits;
    v.pixels = pixels.data();
    v.stride = ptrdiff_t(stride);
    v.plane_format = plane_format;
    v.plane_color_space = plane_color_space;
    for (int i = 0; i < 4; i++) {
        v.planes[i] = planes[i].empty() ? nullptr : planes[i].data();
        v.plane_strides[i] = ptrdiff_t(plane_strides[i]);
    }
    v.extra_plane_is_w = extra_plane_is_w;
    return v;
}

bool is_png(const std::string &bytes) {
    static const unsigned char kSig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    return bytes.size() >= 8 && std::memcmp(bytes.data(), kSig, 8) == 0;
}

bool is_jpeg(const std::string &bytes) {
    return bytes.size() >= 3 && uint8_t(bytes[0]) == 0xFF && uint8_t(bytes[1]) == 0xD8 &&
           uint8_t(bytes[2]) == 0xFF;
}

bool read_input_image(const std::string &bytes, bool keep_metadata, InputImage *image,
                      std::string *error) {
    if (is_png(bytes)) return read_png(bytes, keep_metadata, image, error);
    if (is_jpeg(bytes)) return read_jpeg(bytes, keep_metadata, image, error);
    *error = "not a PNG or JPEG file";
    return false;
}

bool input_size_allowed(uint32_t width, uint32_t height, const char *format, std::string *error) {
    if (width == 0 || height == 0 || width > kMaxInputSide || height > kMaxInputSide ||
        uint64_t{width} * height > kMaxInputPixels) {
        *error = std::string(format) + ": picture size " + std::to_string(width) + "x" + std::to_string(height) +
                 " is outside the supported range (at most " + std::to_string(kMaxInputSide) + " per side and " +
                 std::to_string(kMaxInputPixels) + " pixels)";
        return false;
    }
    return true;
}

}  // namespace bpgr::cli
