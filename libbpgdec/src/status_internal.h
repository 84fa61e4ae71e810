// Internal status: a bpgr_status code plus the sentence naming the problem.
#pragma once

#include <string>

#include "bpgr/status.h"

namespace bpgr {

struct Status {
    bpgr_status code = BPGR_OK;
    std::string message;

    bool ok() const { return code == BPGR_OK; }
};

// printf-style constructor of an error status.
Status make_error(bpgr_status code, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

}  // namespace bpgr

#define BPGR_RETURN_IF_ERROR(expr)            \
    do {                                      \
        ::bpgr::Status bpgr_status_ = (expr); \
        if (!bpgr_status_.ok()) return bpgr_status_; \
    } while (0)
