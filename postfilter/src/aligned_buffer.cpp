// SPDX-License-Identifier: LGPL-3.0-or-later
#include "aligned_buffer.h"

#include <sys/mman.h>

#include <cstring>
#include <utility>

namespace bpgr::pf {

namespace {
constexpr size_t kHugePageBytes = size_t(2) << 20;
}

AlignedBuffer::AlignedBuffer(AlignedBuffer &&other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, 0)) {}

AlignedBuffer &AlignedBuffer::operator=(AlignedBuffer &&other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        mapped_ = std::exchange(other.mapped_, 0);
    }
    return *this;
}

bool AlignedBuffer::allocate(size_t bytes) {
    if (bytes == 0) bytes = 1;
    if (data_ != nullptr && bytes <= mapped_) {  // reuse: already-touched pages are cheap
        std::memset(data_, 0, bytes);
        size_ = bytes;
        return true;
    }
    release();
    const size_t mapped = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void *p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return false;
#ifdef MADV_HUGEPAGE
    if (mapped >= kHugePageBytes) madvise(p, mapped, MADV_HUGEPAGE);
#endif
    data_ = p;
    size_ = bytes;
    mapped_ = mapped;
    return true;
}

void AlignedBuffer::release() {
    if (data_ != nullptr) munmap(data_, mapped_);
    data_ = nullptr;
    size_ = 0;
    mapped_ = 0;
}

}  // namespace bpgr::pf
