// Fuzz target: the bpgr C API end to end. Opens the input, converts every
// frame to all six output formats, reads planes, extensions and durations.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "bpgr/decoder.h"
#include "fuzz_limits.h"

namespace {

void check_error(bpgr_status st, const bpgr_decoder *dec) {
    if (st == BPGR_ERR_INTERNAL) __builtin_trap();
    if (st < 0 && bpgr_decoder_last_error(dec)[0] == '\0') __builtin_trap();
}

void read_all_formats(bpgr_decoder *dec, const bpgr_image_info &info) {
    for (int f = BPGR_OUTPUT_RGB24; f <= BPGR_OUTPUT_CMYK64; ++f) {
        auto format = static_cast<bpgr_output_format>(f);
        const void *pixels = nullptr;
        ptrdiff_t stride = 0;
        bpgr_status st = bpgr_decoder_read_frame_owned(dec, format, &pixels, &stride);
        check_error(st, dec);
        if (st == BPGR_OK) {
            const auto *bytes = static_cast<const uint8_t *>(pixels);
            // Touch the first and the last byte so ASan checks the extent.
            volatile uint8_t sink = bytes[0] ^ bytes[static_cast<size_t>(stride) * info.height - 1];
            (void)sink;
        }
    }
    for (int plane = 0; plane < 5; ++plane) {
        const uint16_t *samples;
        uint32_t w, h;
        ptrdiff_t stride;
        if (bpgr_decoder_get_plane(dec, plane, &samples, &w, &h, &stride) == BPGR_OK && w && h) {
            volatile uint16_t sink = samples[static_cast<size_t>(stride) * (h - 1) + w - 1];
            (void)sink;
        }
    }
    uint32_t num, den;
    bpgr_decoder_frame_duration(dec, &num, &den);
    bpgr_decoder_frame_qp(dec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    bpgr_decoder_settings settings;
    bpgr_decoder_default_settings(&settings);
    settings.threads = 1;
    settings.keep_extensions = size > 0 && (data[size - 1] & 1);
    fuzz_limits(&settings.limits);
    bpgr_decoder *dec = nullptr;
    if (bpgr_decoder_create(&settings, &dec) != BPGR_OK) __builtin_trap();
    bpgr_status st = bpgr_decoder_open(dec, data, size);
    check_error(st, dec);
    if (st == BPGR_OK) {
        bpgr_image_info info;
        if (bpgr_decoder_get_info(dec, &info) != BPGR_OK || info.width == 0 || info.height == 0) __builtin_trap();
        for (uint32_t i = 0; i < info.extension_count; ++i) {
            uint32_t tag;
            const uint8_t *ext;
            size_t ext_size;
            if (bpgr_decoder_get_extension(dec, i, &tag, &ext, &ext_size) != BPGR_OK) __builtin_trap();
            if (ext_size) {
                volatile uint8_t sink = ext[0] ^ ext[ext_size - 1];
                (void)sink;
            }
        }
        do {
            read_all_formats(dec, info);
        } while ((st = bpgr_decoder_next_frame(dec)) == BPGR_OK);
        check_error(st, dec);
    }
    bpgr_decoder_destroy(dec);
    return 0;
}
