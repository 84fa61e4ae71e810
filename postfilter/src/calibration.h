// int8 activation ranges measured at load time, for models exported without
// calibration data.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_CALIBRATION_H
#define BPGR_POSTFILTER_CALIBRATION_H

#include <vector>

#include "model_file.h"

namespace bpgr::pf {

// Runs the model in fp32 on a fixed synthetic image (gradients, edges,
// texture, noise) and returns max |input| per conv layer, in the order of
// the model's calibration field. Less faithful than export-time calibration
// on real images. Throws dnnl::error.
std::vector<float> calibrate_on_synthetic_image(const WdsrModel &model, int qp_for_plane);

// The synthetic calibration image: width * height * 3 samples, 0..65535.
std::vector<uint16_t> synthetic_calibration_image(int width, int height);

}  // namespace bpgr::pf

#endif
