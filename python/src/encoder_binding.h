// _bpgr.Encoder (only when libbpgenc is built): one bpgr_encoder handle.
// Settings as keyword arguments named like bpgr_encoder_settings' fields,
// frames as numpy arrays (H x W gray, H x W x 1..4 gray/gray+alpha/RGB/RGBA,
// uint8 or uint16), metadata records, finish() -> bytes. The GIL is released
// while x265 encodes.
#pragma once

#include <pybind11/pybind11.h>

namespace bpgr::python {

void register_encoder(pybind11::module_ &m);

}  // namespace bpgr::python
