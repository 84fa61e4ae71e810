// SPDX-License-Identifier: LGPL-3.0-or-later
#include "block_builder.h"

namespace bpgr::pf {

BlockConvSpecs block_conv_specs(const BlockGeometry &g, const BlockTypes &types) {
    using dt = dnnl::memory::data_type;
    BlockConvSpecs s;
    s.conv1 = conv_spec("block.conv1", g.width, g.expanded, g.kernel, g.band, g.cols, types.hq, types.weights,
                        types.a);
    s.conv1.relu = true;
    s.conv2 = conv_spec("block.conv2", g.expanded, g.width, g.kernel, g.band, g.cols, types.a, types.weights,
                        dt::f32);
    s.conv2.sum = true;
    return s;
}

void make_block_convs(BuildLog &log, const BlockGeometry &g, const WdsrBlock &blk, float res_scale,
                      const BlockConvSpecs &specs, const std::vector<float> &ws1, const std::vector<float> &ws2,
                      const std::vector<float> &bias1, const std::vector<float> &bias2, const dnnl::engine &engine,
                      BlockLayers &out) {
    out.conv1 = make_conv_layer(log, specs.conv1, blk.conv1, 1.0f, ws1, bias1, engine);
    if (g.pad > 0) {
        ConvSpec first = specs.conv1;
        first.layer = "block.conv1_first";
        first.dst_rows = g.pad;
        out.conv1_first = make_conv_layer(log, first, blk.conv1, 1.0f, ws1, bias1, engine);
    }
    out.conv2 = make_conv_layer(log, specs.conv2, blk.conv2, res_scale, ws2, bias2, engine);
}

BlockLayers BlockBuilder::build_unscaled_block(uint32_t b, BuildLog &log, const BlockGeometry &g) const {
    const WdsrBlock &blk = model_.blocks[b];
    BlockLayers out;
    make_block_convs(log, g, blk, model_.res_scale, block_conv_specs(g, types()), {}, {}, blk.conv1.bias,
                     scaled_bias(blk.conv2.bias, model_.res_scale), engine_, out);
    return out;
}

std::vector<float> scaled_bias(const std::vector<float> &bias, float scale) {
    std::vector<float> scaled = bias;
    for (float &v : scaled) v *= scale;
    return scaled;
}

}  // namespace bpgr::pf
