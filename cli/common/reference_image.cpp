#include "reference_image.h"

#include <png.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

namespace bpgr::cli {

namespace {

struct FileCloser {
    void operator()(std::FILE *f) const { std::fclose(f); }
};

}  // namespace

bool read_reference_png(const std::string &path, RgbImage &image, std::string &error) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        error = "Could not open " + path;
        return false;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        error = "out of memory reading " + path;
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        error = path + ": not a valid PNG file";
        return false;
    }
    png_init_io(png, file.get());
    png_read_info(png, info);
    png_set_expand(png);
    png_set_scale_16(png);
    png_set_strip_alpha(png);
    png_set_gray_to_rgb(png);
    png_read_update_info(png, info);
    image.width = png_get_image_width(png, info);
    image.height = png_get_image_height(png, info);
    const size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != size_t{image.width} * 3) {
        png_destroy_read_struct(&png, &info, nullptr);
        error = path + ": unexpected PNG layout";
        return false;
    }
    image.pixels.resize(row_bytes * image.height);
    for (uint32_t y = 0; y < image.height; ++y) png_read_row(png, image.pixels.data() + y * row_bytes, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);
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
