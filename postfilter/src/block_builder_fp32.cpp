// The residual blocks in fp32: h, the wide activation and the weights as
// the model stores them.
// SPDX-License-Identifier: LGPL-3.0-or-later
#include "block_builder.h"

namespace bpgr::pf {

namespace {

using dt = dnnl::memory::data_type;

class Fp32BlockBuilder final : public BlockBuilder {
public:
    Fp32BlockBuilder(const WdsrModel &model, const dnnl::engine &engine) : model_(model), engine_(engine) {}

    BlockTypes types() const override { return {dt::f32, dt::f32, dt::f32}; }

    BlockLayers build_block(uint32_t b, BuildLog &log, const BlockGeometry &g) const override {
        const WdsrBlock &blk = model_.blocks[b];
        BlockLayers out;
        make_block_convs(log, g, blk, model_.res_scale, block_conv_specs(g, types()), {}, {}, blk.conv1.bias,
                         scaled_bias(blk.conv2.bias, model_.res_scale), engine_, out);
        return out;
    }

private:
    const WdsrModel &model_;
    const dnnl::engine &engine_;
};

}  // namespace

std::unique_ptr<BlockBuilder> make_fp32_block_builder(const WdsrModel &model, const dnnl::engine &engine) {
    return std::make_unique<Fp32BlockBuilder>(model, engine);
}

}  // namespace bpgr::pf
