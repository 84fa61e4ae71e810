// SPDX-License-Identifier: LGPL-3.0-or-later
#include "reference_net.h"

#include <algorithm>

namespace bpgr::pf {

namespace {

using Planes = std::vector<double>;  // CHW

// "Same" convolution with zero padding, OIHW weights.
Planes conv_same(const ConvWeights &conv, const Planes &src, int width, int height) {
    const int k = int(conv.kernel), pad = k / 2;
    const size_t plane = size_t(width) * height;
    Planes dst(conv.out_channels * plane);
    for (uint32_t oc = 0; oc < conv.out_channels; ++oc) {
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                double acc = conv.bias[oc];
                for (uint32_t ic = 0; ic < conv.in_channels; ++ic) {
                    const float *w = &conv.weights[(size_t(oc) * conv.in_channels + ic) * k * k];
                    const double *s = &src[ic * plane];
                    for (int ky = 0; ky < k; ++ky) {
                        const int sy = y + ky - pad;
                        if (sy < 0 || sy >= height) continue;
                        for (int kx = 0; kx < k; ++kx) {
                            const int sx = x + kx - pad;
                            if (sx < 0 || sx >= width) continue;
                            acc += double(w[ky * k + kx]) * s[size_t(sy) * width + sx];
                        }
                    }
                }
                dst[oc * plane + size_t(y) * width + x] = acc;
            }
        }
    }
    return dst;
}

}  // namespace

float qp_plane_value(const WdsrModel &model, int qp) {
    const float q = qp < 0 ? 0.5f * float(model.qp_min + model.qp_max) : float(qp);
    return (q - model.qp_center) / model.qp_scale;
}

std::vector<float> reference_forward(const WdsrModel &model, const std::vector<float> &src_rgb,
                                     int width, int height, int qp) {
    const size_t plane = size_t(width) * height;
    Planes x(model.in_channels * plane);
    for (size_t i = 0; i < plane; ++i) {
        for (int c = 0; c < 3; ++c) x[c * plane + i] = double(src_rgb[i * 3 + c]) - model.mean[c];
        if (model.in_channels == 4) x[3 * plane + i] = qp_plane_value(model, qp);
    }
    Planes h = conv_same(model.head, x, width, height);
    for (const WdsrBlock &block : model.blocks) {
        Planes a = conv_same(block.conv1, h, width, height);
        for (double &v : a) v = std::max(v, 0.0);
        const Planes r = conv_same(block.conv2, a, width, height);
        for (size_t i = 0; i < h.size(); ++i) h[i] += double(model.res_scale) * r[i];
    }
    const Planes tail = conv_same(model.tail, h, width, height);
    const Planes skip = conv_same(model.skip, x, width, height);
    std::vector<float> dst(plane * 3);
    for (size_t i = 0; i < plane; ++i)
        for (int c = 0; c < 3; ++c)
            dst[i * 3 + c] = float(tail[c * plane + i] + skip[c * plane + i] + model.mean[c]);
    return dst;
}

}  // namespace bpgr::pf
