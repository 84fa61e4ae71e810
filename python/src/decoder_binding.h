// _bpgr.Decoder: one bpgr_decoder handle. open() a file, read() the current
// frame into a new numpy array, next_frame(), reset() for the next file
// (the restoration model stays loaded). The GIL is released while the
// library decodes, converts or restores. A handle serves one thread at a
// time; a second thread gets a RuntimeError instead of a data race.
#pragma once

#include <pybind11/pybind11.h>

namespace bpgr::python {

void register_decoder(pybind11::module_ &m);

}  // namespace bpgr::python
