// Keeps C++ exceptions from crossing the C API: runs one stage and turns
// std::bad_alloc into BPGR_ERR_OUT_OF_MEMORY and anything else into
// BPGR_ERR_INTERNAL (a bpgr bug: no input should reach it).
#pragma once

#include <new>

#include "status_internal.h"

namespace bpgr {

template <typename Stage>
Status run_guarded(Stage &&stage) noexcept {
    try {
        return stage();
    } catch (const std::bad_alloc &) {
        return Status{BPGR_ERR_OUT_OF_MEMORY, "out of memory"};
    } catch (...) {
        return Status{BPGR_ERR_INTERNAL, "internal error: unexpected exception in the decoder"};
    }
}

}  // namespace bpgr
