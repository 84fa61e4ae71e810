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
    using BlockBuilder::BlockBuilder;

    BlockTypes types() const override { return {dt::bf16, dt::bf16, dt::bf16}; }

    void build_shared(BuildLog &log, const BlockGeometry &g) override {
        quantize_ = make_quantize_layer(log, g.width, g.band_src_rows, g.cols, dt::bf16, {}, engine_);
    }

    BlockLayers build_block(uint32_t b, BuildLog &log, const BlockGeometry &g) const override {
        BlockLayers out = build_unscaled_block(b, log, g);
        out.quantize = quantize_;
        return out;
    }

private:
    dnnl::reorder quantize_;
};

}  // namespace

std::unique_ptr<BlockBuilder> make_bf16_block_builder(const WdsrModel &model, const dnnl::engine &engine) {
    return std::make_unique<Bf16BlockBuilder>(model, engine);
}

}  // namespace bpgr::pf
