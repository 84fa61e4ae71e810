#include "image_info_dict.h"

namespace py = pybind11;

namespace bpgr::python {

py::dict image_info_dict(const bpgr_image_info &info, py::list extensions) {
    py::dict d;
    d["width"] = info.width;
    d["height"] = info.height;
    d["pixel_format"] = int(info.pixel_format);
    d["color_space"] = int(info.color_space);
    d["bit_depth"] = int(info.bit_depth);
    d["has_alpha"] = bool(info.has_alpha);
    d["premultiplied_alpha"] = bool(info.premultiplied_alpha);
    d["has_w_plane"] = bool(info.has_w_plane);
    d["limited_range"] = bool(info.limited_range);
    d["has_animation"] = bool(info.has_animation);
    d["loop_count"] = int(info.loop_count);
    d["frame_period_num"] = int(info.frame_period_num);
    d["frame_period_den"] = int(info.frame_period_den);
    d["extensions"] = std::move(extensions);
    return d;
}

}  // namespace bpgr::python
