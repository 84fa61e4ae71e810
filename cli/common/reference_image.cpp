#include "reference_image.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>

#include "png_reader.h"

namespace bpgr::cli {

bool read_reference_png(const std::string &path, RgbImage &image, std::string &error) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        error = "Could not open " + path;
        return false;
    }
    std::string bytes;
    try {
        bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    } catch (const std::bad_alloc &) {
        error = "out of memory reading " + path;
        return false;
    }
    if (file.bad()) {
        error = "Could not read " + path;
        return false;
    }
    PngReadOptions options;
    options.samples = PngSamples::kRgb8;
    PngImage png;
    std::string reason;
    if (!read_png_image(bytes, options, &png, &reason)) {
        error = path + ": not a valid PNG file";
        return false;
    }
    if (png.channels != 3 || png.sample_bits != 8 || png.stride != size_t{png.width} * 3) {
        error = path + ": unexpected PNG layout";
        return false;
    }
    image.width = png.width;
    image.height = png.height;
    image.pixels = std::move(png.pixels);
    return true;
}
double rgb_psnr(const RgbImage &reference, const uint8_t *test, ptrdiff_t stride) {
    uint64_t sum = 0;
    const size_t row = size_t{reference.width} * 3;
    for (uint32_t y = 0; y < reference.height; ++y) {
        const uint8_t *a = reference.pixels.data() + y * row;
        const uint8_t *b = test + static_cast<ptrdiff_t>(y) * stride;
        for (size_t i = 0; i < row; ++i) {
            int d = int{a[i]} - int{b[i]};
            sum += static_cast<uint64_t>(d * d);
        }
    }
    if (sum == 0) return std::numeric_limits<double>::infinity();
    double mse = static_cast<double>(sum) / (static_cast<double>(row) * reference.height);
    return 10.0 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace bpgr::cli
