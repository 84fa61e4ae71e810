// The residual blocks' primitives, one builder per precision:
// block_builder_fp32.cpp, block_builder_bf16.cpp, block_builder_int8.cpp
// (oneDNN; the AMX int8 kernel, x86/amx_blocks, needs no primitives).
// WdsrNetwork::build picks the builder, then asks it for every block, on
// several threads at once (distinct blocks, a BuildLog each).
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_BLOCK_BUILDER_H
#define BPGR_POSTFILTER_BLOCK_BUILDER_H

#include <oneapi/dnnl/dnnl.hpp>

#include <cstdint>
#include <memory>
#include <vector>

#include "conv_layer.h"
#include "layer_descriptors.h"
#include "model_file.h"

namespace bpgr::pf {

// One residual block: conv1 (ReLU) into the wide activation, conv2 added
// into h, run band by band.
struct BlockLayers {
    ConvLayer conv1;         // a band of rows
    ConvLayer conv1_first;   // the first `pad` rows of the wide activation (when pad > 0)
    ConvLayer conv2;         // a band of rows, summed into h
    dnnl::reorder quantize;  // h f32 -> the type conv1 reads (empty in fp32)
};

// The window geometry a block's primitives are built for.
struct BlockGeometry {
    int width = 0, expanded = 0, kernel = 0;
    int pad = 0;            // kernel / 2
    int band = 0;           // rows per band
    int band_src_rows = 0;  // band + 2 * pad
    int cols = 0;
};

// Data types of a precision: h as conv1 reads it, the wide activation, the
// block weights.
struct BlockTypes {
    dnnl::memory::data_type hq, a, weights;
};

class BlockBuilder {
public:
    // `model` and `engine` must outlive the builder.
    BlockBuilder(const WdsrModel &model, const dnnl::engine &engine) : model_(model), engine_(engine) {}
    virtual ~BlockBuilder() = default;
    BlockBuilder(const BlockBuilder &) = delete;
    BlockBuilder &operator=(const BlockBuilder &) = delete;

    virtual BlockTypes types() const = 0;
    // Once, on the building thread, before any block (bf16: the quantize
    // reorder every block shares). Throws dnnl::error.
    virtual void build_shared(BuildLog &log, const BlockGeometry &g) { (void)log, (void)g; }
    // Block b's primitives; may run concurrently for distinct blocks.
    // Throws dnnl::error.
    virtual BlockLayers build_block(uint32_t b, BuildLog &log, const BlockGeometry &g) const = 0;

protected:
    // Block b's convolutions in types(), without int8 scales (fp32, bf16).
    BlockLayers build_unscaled_block(uint32_t b, BuildLog &log, const BlockGeometry &g) const;

    const WdsrModel &model_;
    const dnnl::engine &engine_;
};

// `model` and `engine` (and `act_max`) must outlive the builder.
std::unique_ptr<BlockBuilder> make_fp32_block_builder(const WdsrModel &model, const dnnl::engine &engine);
std::unique_ptr<BlockBuilder> make_bf16_block_builder(const WdsrModel &model, const dnnl::engine &engine);
// `act_max`: per conv layer max |input| (model calibration order).
std::unique_ptr<BlockBuilder> make_int8_block_builder(const WdsrModel &model, const std::vector<float> &act_max,
                                                      const dnnl::engine &engine);

// What every precision shares.
// conv1 (ReLU) and conv2 (sum) of a block in `types`, without scales.
struct BlockConvSpecs {
    ConvSpec conv1, conv2;
};
BlockConvSpecs block_conv_specs(const BlockGeometry &g, const BlockTypes &types);
// conv1, conv1_first (when pad > 0) and conv2 of block `blk` into `out`;
// conv2's weights times the model's res_scale. `ws1`/`ws2`: int8 weight
// scales (empty = none). Throws dnnl::error.
void make_block_convs(BuildLog &log, const BlockGeometry &g, const WdsrBlock &blk, float res_scale,
                      const BlockConvSpecs &specs, const std::vector<float> &ws1, const std::vector<float> &ws2,
                      const std::vector<float> &bias1, const std::vector<float> &bias2, const dnnl::engine &engine,
                      BlockLayers &out);
// The block's biases as fp32 and bf16 use them: conv2's times res_scale.
std::vector<float> scaled_bias(const std::vector<float> &bias, float scale);

}  // namespace bpgr::pf

#endif
