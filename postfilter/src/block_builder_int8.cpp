// The residual blocks in int8 on oneDNN: h quantized to s8 per block (scale
// from the calibrated range of the block's input), s8 weights with a scale
// per output channel, the wide activation u8 after ReLU; the scales are
// int8_scales.h's, the same as the AMX kernel's (x86/amx_blocks).
// SPDX-License-Identifier: LGPL-3.0-or-later
#include "block_builder.h"

#include "int8_scales.h"

namespace bpgr::pf {

namespace {

using dt = dnnl::memory::data_type;

class Int8BlockBuilder final : public BlockBuilder {
public:
    Int8BlockBuilder(const WdsrModel &model, const std::vector<float> &act_max, const dnnl::engine &engine)
        : BlockBuilder(model, engine), act_max_(act_max) {}

    BlockTypes types() const override { return {dt::s8, dt::u8, dt::s8}; }

    BlockLayers build_block(uint32_t b, BuildLog &log, const BlockGeometry &g) const override {
        const WdsrModel &m = model_;
        const WdsrBlock &blk = m.blocks[b];
        BlockConvSpecs specs = block_conv_specs(g, types());
        std::vector<float> bias1 = blk.conv1.bias, bias2 = scaled_bias(blk.conv2.bias, m.res_scale);
        const float h_scale = safe_scale(act_max_[1 + 2 * b], kInt8SignedMax);
        const float a_scale = safe_scale(act_max_[2 + 2 * b], kInt8UnsignedMax);
        ConvWeights folded2 = blk.conv2;
        for (float &v : folded2.weights) v *= m.res_scale;
        const std::vector<float> ws1 = weight_scales(blk.conv1.weights, blk.conv1.out_channels);
        const std::vector<float> ws2 = weight_scales(folded2.weights, folded2.out_channels);
        // oneDNN 2.x: dst = output_scale * (int32 accumulator + bias), so the
        // bias lives in the accumulator's scale.
        for (int oc = 0; oc < g.expanded; ++oc) {
            bias1[oc] *= h_scale * ws1[oc];
            specs.conv1.output_scales.push_back(a_scale / (h_scale * ws1[oc]));
        }
        for (int oc = 0; oc < g.width; ++oc) {
            bias2[oc] *= a_scale * ws2[oc];
            specs.conv2.output_scales.push_back(1.0f / (a_scale * ws2[oc]));
        }
        BlockLayers out;
        out.quantize = make_quantize_layer(log, g.width, g.band_src_rows, g.cols, dt::s8, {h_scale}, engine_);
        make_block_convs(log, g, blk, m.res_scale, specs, ws1, ws2, bias1, bias2, engine_, out);
        return out;
    }

private:
    const std::vector<float> &act_max_;
};

}  // namespace

std::unique_ptr<BlockBuilder> make_int8_block_builder(const WdsrModel &model, const std::vector<float> &act_max,
                                                      const dnnl::engine &engine) {
    return std::make_unique<Int8BlockBuilder>(model, act_max, engine);
}

}  // namespace bpgr::pf
