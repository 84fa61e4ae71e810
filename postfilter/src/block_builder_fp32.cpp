// The residual blocks in fp32: h, the wide activation and the weights as
// the model stores them.
// SPDX-License-Identifier: LGPL-3.0-or-later
#include "block_builder.h"

namespace bpgr::pf {

namespace {

using dt = dnnl::memory::data_type;

class Fp32BlockBuilder final : public BlockBuilder {
public:
    using BlockBuilder::BlockBuilder;

    BlockTypes types() const override { return {dt::f32, dt::f32, dt::f32}; }

    BlockLayers build_block(uint32_t b, BuildLog &log, const BlockGeometry &g) const override {
        return build_unscaled_block(b, log, g);
    }
};

}  // namespace

std::unique_ptr<BlockBuilder> make_fp32_block_builder(const WdsrModel &model, const dnnl::engine &engine) {
    return std::make_unique<Fp32BlockBuilder>(model, engine);
}

}  // namespace bpgr::pf
