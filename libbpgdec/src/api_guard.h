// Keeps C++ exceptions from crossing the C API: runs one stage and turns
// std::bad_alloc into StatusCode::kOutOfMemory and anything else into
// StatusCode::kInternal (a bpgr bug: no input should reach it).
#pragma once

#include <new>

#include "bpgr_common/status.h"

namespace bpgr {

template <typename Stage>
Status run_guarded(Stage &&stage) noexcept {
    try {
        return stage();
    } catch (const std::bad_alloc &) {
        return Status{StatusCode::kOutOfMemory, "out of memory"};
    } catch (...) {
        return Status{StatusCode::kInternal, "internal error: unexpected exception in the decoder"};
    }
}

}  // namespace bpgr
