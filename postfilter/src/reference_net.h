// Plain-loop WDSR-A forward pass: the test oracle for the oneDNN engine.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_REFERENCE_NET_H
#define BPGR_POSTFILTER_REFERENCE_NET_H

#include <vector>

#include "model_file.h"

namespace bpgr::pf {

// src_rgb: width*height*3 interleaved RGB on a 0..1 scale. Returns the
// network output (same layout), mean added back, not clamped. Accumulates in
// double. `qp` feeds the QP plane of 4-channel models (-1 = unknown).
std::vector<float> reference_forward(const WdsrModel &model, const std::vector<float> &src_rgb,
                                     int width, int height, int qp);

// The value of the constant QP input plane for `qp` (-1 = unknown: the
// middle of the model's QP range).
float qp_plane_value(const WdsrModel &model, int qp);

}  // namespace bpgr::pf

#endif
