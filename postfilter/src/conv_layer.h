// One convolution of the network as built for a window shape: the oneDNN
// primitive with its weights reordered once, and what building any layer
// takes (the weight reorder, the quantize reorder, the log of implementation
// names and scratchpad sizes). Shared by WdsrNetwork and the per-precision
// block builders (block_builder.h).
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_CONV_LAYER_H
#define BPGR_POSTFILTER_CONV_LAYER_H

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "layer_descriptors.h"
#include "model_file.h"

namespace bpgr::pf {

struct PrimitiveInfo {
    std::string layer;  // e.g. "block.conv1"
    std::string impl;   // impl_info_str()
};

struct ConvLayer {
    dnnl::convolution_forward prim;
    dnnl::memory weights;
    dnnl::memory bias;
};

// What building primitives yields besides the primitives: their
// implementation names and the largest scratchpad. One per creating thread,
// with that thread's stream for the weight reorders.
struct BuildLog {
    dnnl::stream stream;
    std::vector<PrimitiveInfo> infos;
    size_t scratch_bytes = 0;

    template <typename PrimitiveDesc>
    void note(const char *layer, const PrimitiveDesc &pd) {
        infos.push_back({layer, pd.impl_info_str()});
        scratch_bytes = std::max(scratch_bytes, pd.scratchpad_desc().get_size());
    }
};

// The convolution of `spec` with the plain OIHW f32 weights of `w` times
// `weight_multiplier`, reordered (times per output channel
// `weight_q_scales`, int8; empty = none) into the layout the primitive
// chose, and `bias_values`. Throws dnnl::error.
ConvLayer make_conv_layer(BuildLog &log, const ConvSpec &spec, const ConvWeights &w, float weight_multiplier,
                          const std::vector<float> &weight_q_scales, const std::vector<float> &bias_values,
                          const dnnl::engine &engine);

// The h f32 -> `type` reorder of `rows` rows (`scale`: one element for s8,
// empty for bf16), logged as "block.quantize". Throws dnnl::error.
dnnl::reorder make_quantize_layer(BuildLog &log, int width, int rows, int cols, dnnl::memory::data_type type,
                                  const std::vector<float> &scale, const dnnl::engine &engine);

}  // namespace bpgr::pf

#endif
