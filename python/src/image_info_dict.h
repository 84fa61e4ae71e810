// bpgr_image_info and the extension records as the plain dict that
// bpgr/info.py turns into bpgr.Info. Keys: width, height, pixel_format,
// color_space, bit_depth, has_alpha, premultiplied_alpha, has_w_plane,
// limited_range, has_animation, loop_count, frame_period_num,
// frame_period_den, extensions (list of (tag, bytes)).
#pragma once

#include <pybind11/pybind11.h>

#include "bpgr/decoder.h"

namespace bpgr::python {

// `extensions` must be a list of (int tag, bytes data) tuples.
pybind11::dict image_info_dict(const bpgr_image_info &info, pybind11::list extensions);

}  // namespace bpgr::python
