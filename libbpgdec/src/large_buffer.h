// Allocator for the decoder's large sample buffers (planes, owned output):
// 2 MiB-aligned with MADV_HUGEPAGE above 2 MiB, because a first touch of
// fresh memory costs a page fault per 4 KiB page (slow on VMs), and elements
// are default-initialised (no zero fill of buffers that are fully written).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace bpgr {

template <typename T>
struct LargeBufferAllocator {
    using value_type = T;
    static constexpr size_t kHugePage = size_t{2} << 20;

    LargeBufferAllocator() = default;
    template <typename U>
    LargeBufferAllocator(const LargeBufferAllocator<U> &) {}

    T *allocate(size_t n) {
        size_t bytes = n * sizeof(T);
        void *p = nullptr;
        if (bytes >= kHugePage) {
            p = std::aligned_alloc(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage);
            if (p) madvise(p, bytes, MADV_HUGEPAGE);
        } else {
            p = std::malloc(bytes ? bytes : 1);
        }
        if (!p) throw std::bad_alloc();
        return static_cast<T *>(p);
    }
    void deallocate(T *p, size_t) { std::free(p); }

    template <typename U>
    void construct(U *p) {
        ::new (static_cast<void *>(p)) U;  // default-initialise: no zero fill
    }
    template <typename U, typename... Args>
    void construct(U *p, Args &&...args) {
        ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
    }

    template <typename U>
    bool operator==(const LargeBufferAllocator<U> &) const { return true; }
    template <typename U>
    bool operator!=(const LargeBufferAllocator<U> &) const { return false; }
};

template <typename T>
using LargeBuffer = std::vector<T, LargeBufferAllocator<T>>;

}  // namespace bpgr
