#include "byte_view.h"

namespace py = pybind11;

namespace bpgr::python {

ByteView::ByteView(const py::buffer &buffer) {
    if (PyObject_GetBuffer(buffer.ptr(), &view_, PyBUF_C_CONTIGUOUS) != 0) {
        throw py::error_already_set();
    }
}

ByteView::~ByteView() { PyBuffer_Release(&view_); }

}  // namespace bpgr::python
