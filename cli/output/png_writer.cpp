#include "png_writer.h"

#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstring>
#include <thread>
#include <vector>

#include "idat_compressor.h"

namespace bpgr::cli {

namespace {

// Larger IDAT chunks than libpng's 8 KiB default: fewer chunk CRCs and calls.
constexpr size_t kZlibBufferBytes = 256 * 1024;
constexpr png_byte kIdatName[5] = "IDAT";
constexpr png_byte kIendName[5] = "IEND";

// The image data, when compressed beforehand (idat_compressor.h).
struct PrecompressedIdat {
    const uint8_t *data = nullptr;
    size_t size = 0;
};

struct PngErrorState {
    char message[256];
};

extern "C" void png_error_to_state(png_structp png, png_const_charp message) {
    auto *state = static_cast<PngErrorState *>(png_get_error_ptr(png));
    std::snprintf(state->message, sizeof state->message, "%s", message);
    png_longjmp(png, 1);
}

// An ICC profile that libpng finds unsuitable is dropped, not fatal: say so.
extern "C" void png_warning_to_stderr(png_structp, png_const_charp message) {
    std::fprintf(stderr, "warning: PNG: %s\n", message);
}

// Only plain data lives in this function's frame, so longjmp out of libpng
// skips no destructor. Returns false with state->message set on failure.
bool write_png(std::FILE *stream, const FrameView &frame, const ImageMetadata &metadata,
               const PngSettings &settings, const PrecompressedIdat &idat, PngErrorState *state) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, state, png_error_to_state,
                                              png_warning_to_stderr);
    if (!png) {
        std::snprintf(state->message, sizeof state->message, "out of memory");
        return false;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        std::snprintf(state->message, sizeof state->message, "out of memory");
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_init_io(png, stream);
    png_set_benign_errors(png, 1);
    png_set_compression_level(png, settings.compression_level);
    png_set_compression_strategy(png, settings.strategy);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, settings.filter);
    png_set_compression_buffer_size(png, kZlibBufferBytes);

    const int color_type = frame.channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB;
    png_set_IHDR(png, info, frame.width, frame.height, 8 * frame.bytes_per_sample, color_type,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    if (metadata.icc_profile && metadata.icc_profile_size > 0) {
        png_set_iCCP(png, info, "ICC profile", PNG_COMPRESSION_TYPE_BASE,
                     metadata.icc_profile, png_uint_32(metadata.icc_profile_size));
    }
    png_write_info(png, info);
    if (idat.data) {
        for (size_t offset = 0; offset < idat.size; offset += kZlibBufferBytes)
            png_write_chunk(png, kIdatName, idat.data + offset,
                            std::min(kZlibBufferBytes, idat.size - offset));
        png_write_chunk(png, kIendName, nullptr, 0);
        png_destroy_write_struct(&png, &info);
        return true;
    }
    const uint16_t endian_probe = 1;
    if (frame.bytes_per_sample == 2 && *reinterpret_cast<const uint8_t *>(&endian_probe) == 1)
        png_set_swap(png);  // PNG stores 16-bit samples big-endian
    for (uint32_t y = 0; y < frame.height; ++y)
        png_write_row(png, frame.pixels + ptrdiff_t(y) * frame.stride);
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

}  // namespace

bool PngWriter::write_frame(const FrameView &frame, std::string &error) {
    if ((frame.channels != 3 && frame.channels != 4) ||
        (frame.bytes_per_sample != 1 && frame.bytes_per_sample != 2)) {
        error = "PNG output needs RGB or RGBA pixels of 8 or 16 bits";
        return false;
    }
    if (wrote_frame_) {
        error = "a PNG file holds a single frame";
        return false;
    }
    wrote_frame_ = true;
    std::vector<uint8_t> compressed;
    PrecompressedIdat idat;
    const int threads = settings_.threads > 0 ? settings_.threads
                                              : int(std::max(1u, std::thread::hardware_concurrency()));
    if (threads > 1 && frame.row_bytes() * frame.height >= PngSettings::kParallelMinBytes &&
        (settings_.filter == PngSettings::kFilterUp || settings_.filter == PngSettings::kFilterNone)) {
        IdatSettings idat_settings;
        idat_settings.compression_level = settings_.compression_level;
        idat_settings.strategy = settings_.strategy;
        idat_settings.up_filter = settings_.filter == PngSettings::kFilterUp;
        idat_settings.threads = threads;
        if (!compress_idat(frame, idat_settings, compressed, error)) return false;
        idat.data = compressed.data();
        idat.size = compressed.size();
    }
    PngErrorState state{};
    if (!write_png(stream_, frame, metadata_, settings_, idat, &state)) {
        error = std::string("PNG write error: ") + state.message;
        return false;
    }
    return true;
}

bool PngWriter::finish(std::string &error) {
    if (!wrote_frame_) {
        error = "no frame was written";
        return false;
    }
    return true;
}

}  // namespace bpgr::cli
