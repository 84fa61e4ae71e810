// Parses and validates a `.bpgrm` model file (postfilter/models/FORMAT.md).
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_MODEL_FILE_H
#define BPGR_POSTFILTER_MODEL_FILE_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bpgr_common/status.h"

namespace bpgr::pf {

constexpr char kModelMagic[8] = {'B', 'P', 'G', 'R', 'W', 'D', 'S', 'R'};
constexpr uint32_t kModelFormatVersion = 1;
constexpr uint32_t kMinHeaderBytes = 96;
constexpr uint32_t kMaxBlocks = 64;
constexpr uint32_t kMaxWidth = 512;
constexpr uint32_t kMaxExpandedWidth = 2048;
constexpr uint32_t kMaxKernel = 15;
constexpr size_t kModelNameBytes = 32;

// Header `flags` bits 0-1: the precision the exporter measured as the fastest
// within tolerance of fp32 (what `auto` picks). Bit 2: int8 was also measured
// within tolerance with oneDNN's non-VNNI kernels (weights halved to 7 bits),
// so `auto` may pick int8 on CPUs without VNNI. Other bits must be zero.
constexpr uint32_t kFlagsPrecisionMask = 0x3;
constexpr uint32_t kFlagInt8WithoutVnni = 0x4;
constexpr uint32_t kFlagsKnownMask = kFlagsPrecisionMask | kFlagInt8WithoutVnni;
enum class RecommendedPrecision : uint32_t { kUnspecified = 0, kFp32 = 1, kBf16 = 2, kInt8 = 3 };

struct ConvWeights {
    uint32_t out_channels = 0;
    uint32_t in_channels = 0;
    uint32_t kernel = 0;
    std::vector<float> weights;  // OIHW
    std::vector<float> bias;     // [out_channels]
};

struct WdsrBlock {
    ConvWeights conv1;  // width -> expanded_width, followed by ReLU
    ConvWeights conv2;  // expanded_width -> width, scaled by res_scale, added to h
};

struct WdsrModel {
    uint32_t n_blocks = 0;
    uint32_t width = 0;
    uint32_t expanded_width = 0;
    uint32_t kernel = 0;
    uint32_t skip_kernel = 0;
    uint32_t in_channels = 0;  // 3 = RGB, 4 = RGB + constant QP plane
    uint32_t qp_min = 0;
    uint32_t qp_max = 0;
    uint32_t color_domain = 0;
    uint32_t flags = 0;
    float mean[3] = {0, 0, 0};
    float res_scale = 1.0f;
    float qp_center = 0.0f;
    float qp_scale = 1.0f;
    std::string name;

    ConvWeights head;
    std::vector<WdsrBlock> blocks;
    ConvWeights tail;
    ConvWeights skip;

    // Max |input| of each conv layer (head, conv1/conv2 per block, tail, skip),
    // empty when the file carries no int8 calibration.
    std::vector<float> calibration;
    uint64_t content_hash = 0;

    bool int8_without_vnni_ok() const { return (flags & kFlagInt8WithoutVnni) != 0; }
    RecommendedPrecision recommended_precision() const {
        return static_cast<RecommendedPrecision>(flags & kFlagsPrecisionMask);
    }
    // Rows (and columns) of context one output pixel depends on, per side.
    uint32_t receptive_radius() const;
    size_t conv_layer_count() const { return 2 * size_t(n_blocks) + 3; }
    // Multiply-adds per output pixel of the whole network.
    double macs_per_pixel() const;
};

uint64_t fnv1a64(const uint8_t *data, size_t size);
float half_to_float(uint16_t h);

// Parses `data`. Errors (each with a sentence naming the problem):
// kTruncated, kWrongFormat (not a model file, or a format version this
// build does not read), kInvalidData (hash, header or tensor). Never reads
// outside [data, data + size).
Status parse_model(const uint8_t *data, size_t size, WdsrModel *model);

}  // namespace bpgr::pf

#endif
