// Large zero-filled buffers from mmap, with transparent huge pages requested.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_ALIGNED_BUFFER_H
#define BPGR_POSTFILTER_ALIGNED_BUFFER_H

#include <cstddef>

namespace bpgr::pf {

// First touch of fresh pages is slow on some VMs (~12 us per 4 KiB page), so
// buffers are allocated once per handle/tile shape and reused.
class AlignedBuffer {
public:
    AlignedBuffer() = default;
    ~AlignedBuffer() { release(); }
    AlignedBuffer(const AlignedBuffer &) = delete;
    AlignedBuffer &operator=(const AlignedBuffer &) = delete;
    AlignedBuffer(AlignedBuffer &&other) noexcept;
    AlignedBuffer &operator=(AlignedBuffer &&other) noexcept;

    // Zero-filled, at least 64-byte aligned; false when out of memory. Reuses
    // the current mapping when it is large enough.
    bool allocate(size_t bytes);
    void release();

    void *data() const { return data_; }
    size_t size() const { return size_; }

private:
    void *data_ = nullptr;
    size_t size_ = 0;
    size_t mapped_ = 0;
};

}  // namespace bpgr::pf

#endif
