// SPDX-License-Identifier: LGPL-3.0-or-later
#include "layer_descriptors.h"

namespace bpgr::pf {

namespace {
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;
using dnnl::memory;
constexpr int kPerOutputChannelConvMask = 1 << 1;  // dst dim 1
constexpr int kPerTensorMask = 0;
constexpr int kPerOutputChannelWeightsMask = 1 << 0;  // OIHW dim 0
}  // namespace

memory::desc nhwc_desc(int channels, int rows, int cols, dt type) {
    return memory::desc({1, channels, rows, cols}, type, tag::nhwc);
}

ConvSpec conv_spec(const char *layer, int in_channels, int out_channels, int kernel, int dst_rows,
                   int cols, dt src_type, dt weights_type, dt dst_type) {
    ConvSpec s;
    s.layer = layer;
    s.in_channels = in_channels;
    s.out_channels = out_channels;
    s.kernel = kernel;
    s.dst_rows = dst_rows;
    s.cols = cols;
    s.src_type = src_type;
    s.weights_type = weights_type;
    s.dst_type = dst_type;
    return s;
}

dnnl::convolution_forward::primitive_desc make_conv_pd(const ConvSpec &s, const dnnl::engine &eng) {
    const int pad = s.kernel / 2;
    const int src_rows = s.dst_rows + s.kernel - 1;
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    dnnl::post_ops ops;
    if (s.sum) ops.append_sum(1.0f);
    if (s.relu) ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    attr.set_post_ops(ops);
    if (!s.output_scales.empty()) attr.set_output_scales(kPerOutputChannelConvMask, s.output_scales);

    const memory::desc weights({s.out_channels, s.in_channels, s.kernel, s.kernel}, s.weights_type,
                               tag::any);
    const memory::desc bias({s.out_channels}, dt::f32, tag::a);
    const memory::desc src_nhwc = nhwc_desc(s.in_channels, src_rows, s.cols, s.src_type);
    const memory::desc dst_nhwc = nhwc_desc(s.out_channels, s.dst_rows, s.cols, s.dst_type);
    auto make = [&](const memory::desc &src, const memory::desc &dst) {
        dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_inference,
                                          dnnl::algorithm::convolution_direct, src, weights, bias,
                                          dst, {1, 1}, {0, pad}, {0, pad});
        return dnnl::convolution_forward::primitive_desc(d, attr, eng);
    };
    auto pd = make(memory::desc(src_nhwc.dims(), s.src_type, tag::any),
                   memory::desc(dst_nhwc.dims(), s.dst_type, tag::any));
    if (pd.src_desc() != src_nhwc || pd.dst_desc() != dst_nhwc) pd = make(src_nhwc, dst_nhwc);
    return pd;
}

dnnl::reorder::primitive_desc make_weights_reorder_pd(const memory::desc &plain_oihw, const memory::desc &chosen,
                                                      const std::vector<float> &scales, const dnnl::engine &eng) {
    dnnl::primitive_attr attr;
    if (!scales.empty()) attr.set_output_scales(kPerOutputChannelWeightsMask, scales);
    return dnnl::reorder::primitive_desc(eng, plain_oihw, eng, chosen, attr);
}

dnnl::reorder::primitive_desc make_quantize_pd(int channels, int rows, int cols, dt type,
                                               const std::vector<float> &scale, const dnnl::engine &eng) {
    dnnl::primitive_attr attr;
    if (!scale.empty()) attr.set_output_scales(kPerTensorMask, scale);
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return dnnl::reorder::primitive_desc(eng, nhwc_desc(channels, rows, cols, dt::f32), eng,
                                         nhwc_desc(channels, rows, cols, type), attr);
}

}  // namespace bpgr::pf
