// Random WDSR-A models and their serialization (FORMAT.md), for tests.
#ifndef BPGR_TESTS_POSTFILTER_MODEL_BUILDER_H
#define BPGR_TESTS_POSTFILTER_MODEL_BUILDER_H

#include <cstdint>
#include <vector>

#include "model_file.h"

namespace bpgr::pf::test {

struct ModelShape {
    uint32_t blocks = 2;
    uint32_t width = 8;
    uint32_t expanded = 24;
    uint32_t kernel = 3;
    uint32_t skip_kernel = 5;
    uint32_t in_channels = 3;
    float res_scale = 0.8f;
};

// He-scaled uniform weights; the tail is scaled down so outputs stay mostly
// inside 0..1. Deterministic for a seed.
WdsrModel random_model(const ModelShape &shape, uint32_t seed);

// The paper architecture: 16 blocks, 32 wide, 128 expanded, 3x3, 5x5 skip.
ModelShape paper_shape();

// Serializes with f32 (or f16) tensors and a correct hash.
std::vector<uint8_t> serialize_model(const WdsrModel &model, bool f16 = false);

// Recomputes the trailing FNV-1a hash after a deliberate edit.
void fix_hash(std::vector<uint8_t> &file);

// Random interleaved RGB on 0..1, quantized to 16-bit steps (as the decoder
// delivers), and the same as uint16 samples.
std::vector<uint16_t> random_image16(int width, int height, int channels, uint32_t seed);
std::vector<float> to_unit_rgb(const std::vector<uint16_t> &img, int channels);

}  // namespace bpgr::pf::test

#endif
