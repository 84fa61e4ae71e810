#include "png_reader.h"

#include <png.h>

#include <csetjmp>
#include <cstring>

namespace bpgr::cli {
namespace {

struct MemoryReader {
    const std::string *bytes;
    size_t offset;
};

struct ErrorSink {
    std::string message;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
    auto *reader = static_cast<MemoryReader *>(png_get_io_ptr(png));
    if (reader->bytes->size() - reader->offset < length) png_error(png, "truncated PNG data");
    std::memcpy(out, reader->bytes->data() + reader->offset, length);
    reader->offset += length;
}

void on_error(png_structp png, png_const_charp msg) {
    static_cast<ErrorSink *>(png_get_error_ptr(png))->message = msg;
    png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

bool is_little_endian() {
    const uint16_t probe = 1;
    uint8_t first;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

void set_transforms(png_structp png, png_infop info, PngSamples samples) {
    if (samples == PngSamples::kRgb8) {
        png_set_expand(png);
        png_set_scale_16(png);
        png_set_strip_alpha(png);
        png_set_gray_to_rgb(png);
    } else {
        const int color_type = png_get_color_type(png, info);
        const int bit_depth = png_get_bit_depth(png, info);
        if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
        if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
        if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
        if (bit_depth == 16 && is_little_endian()) png_set_swap(png);
    }
    png_set_interlace_handling(png);
}

}  // namespace

bool read_png_image(const std::string &bytes, const PngReadOptions &options, PngImage *image,
                    std::string *error) {
    ErrorSink sink;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (!png) {
        *error = "libpng: cannot create a reader";
        return false;
    }
    png_infop info = png_create_info_struct(png);
    MemoryReader reader{&bytes, 0};
    std::vector<png_bytep> rows;
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
        *error = "PNG: " + (sink.message.empty() ? std::string("cannot decode") : sink.message);
        return false;
    }
    png_set_read_fn(png, &reader, read_from_memory);
    if (options.max_side != 0) png_set_user_limits(png, options.max_side, options.max_side);
    png_read_info(png, info);
    const png_uint_32 width = png_get_image_width(png, info);
    const png_uint_32 height = png_get_image_height(png, info);
    if (options.size_allowed && !options.size_allowed(width, height, error)) {
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    set_transforms(png, info, options.samples);
    png_read_update_info(png, info);

    image->width = width;
    image->height = height;
    image->channels = png_get_channels(png, info);
    image->sample_bits = png_get_bit_depth(png, info) == 16 ? 16 : 8;
    image->stride = png_get_rowbytes(png, info);
    image->pixels.assign(image->stride * height, 0);
    image->icc_profile.clear();
    rows.resize(height);
    for (png_uint_32 y = 0; y < height; y++) rows[y] = image->pixels.data() + y * image->stride;
    png_read_image(png, rows.data());
    png_read_end(png, nullptr);

    if (options.keep_icc_profile && png_get_valid(png, info, PNG_INFO_iCCP)) {
        png_charp name = nullptr;
        int compression = 0;
        png_bytep profile = nullptr;
        png_uint_32 profile_size = 0;
        if (png_get_iCCP(png, info, &name, &compression, &profile, &profile_size) && profile)
            image->icc_profile.assign(profile, profile + profile_size);
    }
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

}  // namespace bpgr::cli
