// Helpers for the encoder -> decoder round-trip tests: synthetic images,
// encode through the public API, decode with libbpgdec, compare.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bpgr/decoder.h"
#include "bpgr/encoder.h"

namespace roundtrip {

// Interleaved 8- or 16-bit test picture with a smooth pattern (seeded).
struct TestImage {
    uint32_t width = 0, height = 0;
    int channels = 3;     // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
    int sample_bits = 8;
    std::vector<uint8_t> bytes;
    size_t stride = 0;
    uint32_t sample(uint32_t x, uint32_t y, int c) const;
    bpgr_input_image view() const;
};

TestImage make_image(uint32_t w, uint32_t h, int channels, int sample_bits, int seed);

struct Decoded {
    bpgr_status status = BPGR_ERR_INTERNAL;
    std::string error;
    bpgr_image_info info{};
    std::vector<std::vector<uint8_t>> frames;  // RGBA32 (alpha 255 if none)
    std::vector<std::pair<uint32_t, uint32_t>> durations;
    std::vector<std::pair<uint32_t, std::vector<uint8_t>>> extensions;
};

Decoded decode(const std::vector<uint8_t> &bpg);

struct Encoded {
    bpgr_status status = BPGR_ERR_INTERNAL;
    std::string error;
    std::vector<uint8_t> bytes;
};

Encoded encode(const bpgr_encoder_settings &s, const std::vector<const bpgr_input_image *> &frames,
               const std::vector<uint32_t> &ticks = {},
               const std::vector<std::pair<uint32_t, std::vector<uint8_t>>> &extensions = {});

// RGB PSNR (8-bit) between a test image (scaled to 8 bits; gray replicated)
// and a decoded RGBA32 frame, over pixels whose source alpha >= min_alpha.
double rgb_psnr(const TestImage &src, const std::vector<uint8_t> &rgba, uint32_t min_alpha = 0);
double alpha_psnr(const TestImage &src, const std::vector<uint8_t> &rgba);

}  // namespace roundtrip
