#include "reference_decode.h"

#include <fstream>
#include <iterator>

#include "bpgr/decoder.h"

namespace pixbuf_test {

bool reference_decode(const std::vector<uint8_t> &bytes, ReferenceImage &out, const char *restore_model) {
    out = ReferenceImage{};
    bpgr_decoder_settings settings;
    bpgr_decoder_default_settings(&settings);
    if (restore_model) {
        settings.restore = 1;
        settings.restore_model = restore_model;
    }
    bpgr_decoder *dec = nullptr;
    if (bpgr_decoder_create(&settings, &dec) != BPGR_OK) {
        out.error = "cannot create a decoder";
        bpgr_decoder_destroy(dec);
        return false;
    }
    bpgr_status st = bpgr_decoder_open(dec, bytes.data(), bytes.size());
    if (st == BPGR_OK) {
        bpgr_image_info info;
        bpgr_decoder_get_info(dec, &info);
        out.width = info.width;
        out.height = info.height;
        out.alpha = info.has_alpha != 0;
        for (uint32_t i = 0; i < info.extension_count; ++i) {
            uint32_t tag = 0;
            const uint8_t *data = nullptr;
            size_t size = 0;
            if (bpgr_decoder_get_extension(dec, i, &tag, &data, &size) == BPGR_OK && tag == BPGR_EXT_ICC_PROFILE &&
                out.icc_profile.empty())
                out.icc_profile.assign(data, data + size);
        }
        const bpgr_output_format format = out.alpha ? BPGR_OUTPUT_RGBA32 : BPGR_OUTPUT_RGB24;
        const size_t row = size_t{info.width} * bpgr_output_bytes_per_pixel(format);
        do {
            std::vector<uint8_t> pixels(row * info.height);
            st = bpgr_decoder_read_frame(dec, format, pixels.data(), static_cast<ptrdiff_t>(row));
            if (st != BPGR_OK) break;
            out.frames.push_back(std::move(pixels));
        } while ((st = bpgr_decoder_next_frame(dec)) == BPGR_OK);
    }
    const bool ok = st == BPGR_END_OF_STREAM;
    if (!ok) out.error = bpgr_decoder_last_error(dec);
    bpgr_decoder_destroy(dec);
    return ok;
}

bool read_file(const std::string &path, std::vector<uint8_t> &bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

}  // namespace pixbuf_test
