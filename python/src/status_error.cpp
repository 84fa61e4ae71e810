#include "status_error.h"

#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace bpgr::python {

void throw_status(bpgr_status status, const std::string &message) {
    throw StatusError(status, message.empty() ? bpgr_status_string(status) : message);
}

void register_status_error_translator() {
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const StatusError &e) {
            // bpgr.errors is pure Python and never imports this module.
            py::object error = py::module_::import("bpgr.errors")
                                   .attr("from_status")(int(e.status()), e.message());
            PyErr_SetObject(reinterpret_cast<PyObject *>(Py_TYPE(error.ptr())), error.ptr());
        }
    });
}

}  // namespace bpgr::python
