// _bpgr.probe(data, keep_extensions=True): header and metadata of a BPG file
// without decoding any picture.
#pragma once

#include <pybind11/pybind11.h>

namespace bpgr::python {

void register_probe(pybind11::module_ &m);

}  // namespace bpgr::python
