// The status every bpgr library returns internally: a code plus the sentence
// naming the problem. Header-only, and it knows nothing of BPG or of any
// public API: each C boundary maps StatusCode to its own public codes
// (libbpgformat/src/public_status.cpp for bpgr_status, postfilter_api.cpp
// for bpgr_pf_status).
#pragma once

#include <cstdarg>
#include <cstdio>
#include <string>
#include <utility>

namespace bpgr {

enum class StatusCode {
    kOk,
    kEndOfStream,      // not an error: there is no further frame
    kInvalidArgument,  // NULL pointer, bad value, wrong call order
    kWrongFormat,      // the data is not of the expected kind (magic number)
    kTruncated,        // the data ends before a field or block it announces
    kInvalidData,      // a field or structure is malformed
    kUnsupported,      // valid, but not handled (here, or on this CPU)
    kLimitExceeded,    // the input exceeds a configured resource limit
    kDecodeFailed,     // the HEVC decoder failed or produced no picture
    kEncodeFailed,     // the HEVC encoder failed
    kEngineFailed,     // the compute engine (oneDNN) failed
    kRestoreFailed,    // the decoder's restoration stage failed
    kOutOfMemory,
    kBufferTooSmall,   // a caller buffer or stride is too small
    kIo,               // reading or writing a file failed
    kInternal,         // a bpgr bug: no input may reach this
};

struct Status {
    StatusCode code = StatusCode::kOk;
    std::string message;

    bool ok() const { return code == StatusCode::kOk; }
};

// printf-style constructor of an error status.
inline Status make_error(StatusCode code, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

inline Status make_error(StatusCode code, const char *format, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, format);
    std::vsnprintf(buf, sizeof buf, format, ap);
    va_end(ap);
    return Status{code, buf};
}

inline Status make_error(StatusCode code, std::string message) { return Status{code, std::move(message)}; }

}  // namespace bpgr

#define BPGR_RETURN_IF_ERROR(expr)                   \
    do {                                             \
        ::bpgr::Status bpgr_status_ = (expr);        \
        if (!bpgr_status_.ok()) return bpgr_status_; \
    } while (0)
