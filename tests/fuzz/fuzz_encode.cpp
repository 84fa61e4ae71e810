// Fuzz target: bpgenc's path from arbitrary PNG/JPEG bytes to a BPG file
// (cli/input readers + bpgr_encode), then decodes the result: whatever the
// encoder accepts must decode to a picture of the same size.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bpgr/decoder.h"
#include "bpgr/encoder.h"
#include "input_image.h"

namespace {
constexpr uint64_t kMaxFuzzPixels = 1u << 16;  // x265 is slow: small pictures only
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    std::string bytes(reinterpret_cast<const char *>(data), size);
    bpgr::cli::InputImage image;
    std::string error;
    const uint8_t selector = data[size - 1];
    if (!bpgr::cli::read_input_image(bytes, selector & 1, &image, &error)) {
        if (error.empty()) __builtin_trap();
        return 0;
    }
    if (uint64_t{image.width} * image.height > kMaxFuzzPixels) return 0;

    bpgr_encoder_settings settings;
    bpgr_encoder_default_settings(&settings);
    settings.threads = 1;
    settings.compress_level = 1;
    settings.qp = 20 + (selector >> 3) % 32;
    settings.bit_depth = 8 + ((selector >> 1) & 1) * 2;
    settings.lossless = (selector >> 2) & 1;
    bpgr_input_image view = image.view();
    uint8_t *bpg = nullptr;
    size_t bpg_size = 0;
    char msg[256] = "";
    bpgr_status st = bpgr_encode(&settings, &view, &bpg, &bpg_size, msg, sizeof msg);
    if (st == BPGR_ERR_INTERNAL || (st < 0 && msg[0] == '\0')) __builtin_trap();
    if (st != BPGR_OK) return 0;

    bpgr_decoder_settings ds;
    bpgr_decoder_default_settings(&ds);
    ds.threads = 1;
    bpgr_decoder *dec = nullptr;
    if (bpgr_decoder_create(&ds, &dec) != BPGR_OK) __builtin_trap();
    if (bpgr_decoder_open(dec, bpg, bpg_size) != BPGR_OK) __builtin_trap();  // our own output must decode
    bpgr_image_info info;
    bpgr_decoder_get_info(dec, &info);
    if (info.width != image.width || info.height != image.height) __builtin_trap();
    bpgr_decoder_destroy(dec);
    bpgr_encoder_free(bpg);
    return 0;
}
