// The extension module bpgr._bpgr: thin classes over the public C APIs
// (bpgr/decoder.h, bpgr/libbpg.h, bpgr/encoder.h). The Python API proper,
// with its argument checking and names, is the pure-Python package around it.
#include <pybind11/pybind11.h>

#include "bpgr/decoder.h"
#include "decoder_binding.h"
#include "probe_binding.h"
#include "status_error.h"
#if BPGR_PYTHON_ENCODER
#include "encoder_binding.h"
#endif

namespace py = pybind11;

PYBIND11_MODULE(_bpgr, m) {
    m.doc() = "bpgr: BPG decoding, restoration and encoding (extension module of the bpgr package)";
    bpgr::python::register_status_error_translator();
    bpgr::python::register_probe(m);
    bpgr::python::register_decoder(m);
#if BPGR_PYTHON_ENCODER
    bpgr::python::register_encoder(m);
    m.attr("has_encoder") = true;
#else
    m.attr("has_encoder") = false;
#endif
    m.attr("has_restore") = bool(BPGR_PYTHON_RESTORE);
    m.attr("library_version") = bpgr_version();
    m.def("status_string", [](int status) { return bpgr_status_string(static_cast<bpgr_status>(status)); });
}
