// The residual blocks in bf16: h rounded to bf16 by one quantize reorder that
// every block shares (no scale), bf16 weights and wide activation, h
// accumulated in fp32.
// SPDX-License-Identifier: LGPL-3.0-or-later
#include "block_builder.h"

namespace bpgr::pf {

namespace {

using dt = dnnl::memory::data_type;

class Bf16BlockBuilder final : public BlockBuilder {
public:
    Bf16BlockBuilder(const WdsrModel &model, const dnnl::engine &engine) : model_(model), engine_(engine) {}

    BlockTypes types() const override { return {dt::bf16, dt::bf16, dt::bf16}; }

    void build_shared(BuildLog &log, const BlockGeometry &g) override {
        quantize_ = make_quantize_layer(log, g.width, g.band_src_rows, g.cols, dt::bf16, {}, engine_);
    }

    BlockLayers build_block(uint32_t b, BuildLog &log, const BlockGeometry &g) const override {
        const WdsrBlock &blk = model_.blocks[b];
        BlockLayers out;
        out.quantize = quantize_;
        make_block_convs(log, g, blk, model_.res_scale, block_conv_specs(g, types()), {}, {}, blk.conv1.bias,
                         scaled_bias(blk.conv2.bias, model_.res_scale), engine_, out);
        return out;
    }

private:
    const WdsrModel &model_;
    const dnnl::engine &engine_;
    dnnl::reorder quantize_;
};

}  // namespace

std::unique_ptr<BlockBuilder> make_bf16_block_builder(const WdsrModel &model, const dnnl::engine &engine) {
    return std::make_unique<Bf16BlockBuilder>(model, engine);
}

}  // namespace bpgr::pf
