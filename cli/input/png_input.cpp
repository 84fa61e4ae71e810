// PNG input for bpgr: the CLIs' PNG reader (cli/common/png_reader) with
// bpgenc's size limits, its samples handed on as they are stored (16-bit
// kept), the ICC profile kept on request.
#include "input_image.h"
#include "png_reader.h"

namespace bpgr::cli {

bool read_png(const std::string &bytes, bool keep_metadata, InputImage *image, std::string *error) {
    PngReadOptions options;
    options.samples = PngSamples::kAsStored;
    options.keep_icc_profile = keep_metadata;
    options.max_side = kMaxInputSide;
    options.size_allowed = [](uint32_t width, uint32_t height, std::string *message) {
        return input_size_allowed(width, height, "PNG", message);
    };
    PngImage png;
    if (!read_png_image(bytes, options, &png, error)) return false;
    image->width = png.width;
    image->height = png.height;
    image->sample_bits = png.sample_bits;
    switch (png.channels) {
    case 1: image->layout = BPGR_INPUT_GRAY; break;
    case 2: image->layout = BPGR_INPUT_GRAY_ALPHA; break;
    case 3: image->layout = BPGR_INPUT_RGB; break;
    default: image->layout = BPGR_INPUT_RGBA; break;
    }
    image->stride = png.stride;
    image->pixels = std::move(png.pixels);
    if (!png.icc_profile.empty())
        image->metadata.push_back(MetadataRecord{BPGR_EXT_ICC_PROFILE, std::move(png.icc_profile)});
    return true;
}

}  // namespace bpgr::cli
