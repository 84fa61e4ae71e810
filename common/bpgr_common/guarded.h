// Keeps C++ exceptions from crossing a C API: runs one step and turns
// std::bad_alloc into StatusCode::kOutOfMemory and anything else into
// StatusCode::kInternal (a bpgr bug: no input should reach it).
#pragma once

#include <new>
#include <string>

#include "bpgr_common/status.h"

namespace bpgr {

// `library` names the library in the kInternal message ("decoder", ...).
template <typename Step>
Status run_guarded(const char *library, Step &&step) noexcept {
    try {
        return step();
    } catch (const std::bad_alloc &) {
        return Status{StatusCode::kOutOfMemory, "out of memory"};
    } catch (...) {
        try {
            return Status{StatusCode::kInternal, std::string("internal error: unexpected exception in the ") + library};
        } catch (...) {
            return Status{StatusCode::kInternal, {}};
        }
    }
}

}  // namespace bpgr
