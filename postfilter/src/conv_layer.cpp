// SPDX-License-Identifier: LGPL-3.0-or-later
#include "conv_layer.h"

#include <cstring>

namespace bpgr::pf {

ConvLayer make_conv_layer(BuildLog &log, const ConvSpec &spec, const ConvWeights &w, float weight_multiplier,
                          const std::vector<float> &weight_q_scales, const std::vector<float> &bias_values,
                          const dnnl::engine &engine) {
    using dnnl::memory;
    auto pd = make_conv_pd(spec, engine);
    log.note(spec.layer, pd);
    ConvLayer layer;
    layer.prim = dnnl::convolution_forward(pd);
    std::vector<float> plain(w.weights);
    for (float &v : plain) v *= weight_multiplier;
    memory user({{spec.out_channels, spec.in_channels, spec.kernel, spec.kernel}, memory::data_type::f32,
                 memory::format_tag::oihw},
                engine, plain.data());
    layer.weights = memory(pd.weights_desc(), engine);
    const auto rpd = make_weights_reorder_pd(user.get_desc(), pd.weights_desc(), weight_q_scales, engine);
    dnnl::reorder(rpd).execute(log.stream, user, layer.weights);
    layer.bias = memory(pd.bias_desc(), engine);
    std::memcpy(layer.bias.get_data_handle(), bias_values.data(), bias_values.size() * sizeof(float));
    log.stream.wait();
    return layer;
}

dnnl::reorder make_quantize_layer(BuildLog &log, int width, int rows, int cols, dnnl::memory::data_type type,
                                  const std::vector<float> &scale, const dnnl::engine &engine) {
    const auto qpd = make_quantize_pd(width, rows, cols, type, scale, engine);
    log.note("block.quantize", qpd);
    return dnnl::reorder(qpd);
}

}  // namespace bpgr::pf
