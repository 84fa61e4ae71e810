// Every oneDNN descriptor of the network is made here: the convolutions
// (NHWC activations, weights format_tag::any, fused ReLU / sum post-ops,
// int8 output scales, user scratchpad), the weight reorders and the
// h -> bf16/s8 quantize reorder.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_LAYER_DESCRIPTORS_H
#define BPGR_POSTFILTER_LAYER_DESCRIPTORS_H

#include <oneapi/dnnl/dnnl.hpp>

#include <vector>

namespace bpgr::pf {

// Everything that defines one convolution primitive of the network.
struct ConvSpec {
    const char *layer = "";
    int in_channels = 0, out_channels = 0, kernel = 0;
    int dst_rows = 0, cols = 0;  // src has dst_rows + kernel - 1 rows (valid in H, same in W)
    dnnl::memory::data_type src_type = dnnl::memory::data_type::f32;
    dnnl::memory::data_type weights_type = dnnl::memory::data_type::f32;
    dnnl::memory::data_type dst_type = dnnl::memory::data_type::f32;
    bool relu = false;
    bool sum = false;                  // dst += conv (residual / tail + skip)
    std::vector<float> output_scales;  // per output channel; empty = none
};

ConvSpec conv_spec(const char *layer, int in_channels, int out_channels, int kernel, int dst_rows, int cols,
                   dnnl::memory::data_type src_type, dnnl::memory::data_type weights_type,
                   dnnl::memory::data_type dst_type);

dnnl::memory::desc nhwc_desc(int channels, int rows, int cols, dnnl::memory::data_type type);

// Activations are asked for as format_tag::any; the engine needs NHWC (bands
// of rows are pointer offsets), which is also what oneDNN 2.6 picks for these
// shapes on AVX-512 (brgconv). If it picks something else, NHWC is requested
// outright. Throws dnnl::error.
dnnl::convolution_forward::primitive_desc make_conv_pd(const ConvSpec &spec, const dnnl::engine &eng);

// Plain OIHW f32 weights -> the layout a convolution chose, times per output
// channel `scales` (int8; empty = none). Throws dnnl::error.
dnnl::reorder::primitive_desc make_weights_reorder_pd(const dnnl::memory::desc &plain_oihw,
                                                      const dnnl::memory::desc &chosen,
                                                      const std::vector<float> &scales,
                                                      const dnnl::engine &eng);

// f32 NHWC rows -> `type` (bf16, or s8 times `scale`, a one-element vector;
// empty = no scale). Throws dnnl::error.
dnnl::reorder::primitive_desc make_quantize_pd(int channels, int rows, int cols, dnnl::memory::data_type type,
                                               const std::vector<float> &scale, const dnnl::engine &eng);

}  // namespace bpgr::pf

#endif
