// Read-only view of a Python buffer (bytes, bytearray, memoryview, numpy
// array) as contiguous bytes. Holding the view keeps the buffer exported, so
// a bytearray cannot be resized while the GIL is released.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>

namespace bpgr::python {

class ByteView {
public:
    explicit ByteView(const pybind11::buffer &buffer);
    ~ByteView();
    ByteView(const ByteView &) = delete;
    ByteView &operator=(const ByteView &) = delete;

    const uint8_t *data() const { return static_cast<const uint8_t *>(view_.buf); }
    size_t size() const { return static_cast<size_t>(view_.len); }

private:
    Py_buffer view_{};
};

}  // namespace bpgr::python
