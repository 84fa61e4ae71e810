#include <cstdarg>
#include <cstdio>

#include "status_internal.h"

namespace bpgr {

Status make_error(bpgr_status code, const char *format, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, format);
    std::vsnprintf(buf, sizeof buf, format, ap);
    va_end(ap);
    return Status{code, buf};
}

}  // namespace bpgr

extern "C" const char *bpgr_status_string(bpgr_status status) {
    switch (status) {
    case BPGR_OK: return "ok";
    case BPGR_END_OF_STREAM: return "end of stream";
    case BPGR_ERR_INVALID_ARGUMENT: return "invalid argument";
    case BPGR_ERR_NOT_BPG: return "not a BPG file";
    case BPGR_ERR_TRUNCATED: return "truncated data";
    case BPGR_ERR_INVALID_DATA: return "invalid data";
    case BPGR_ERR_UNSUPPORTED: return "unsupported feature";
    case BPGR_ERR_LIMIT_EXCEEDED: return "limit exceeded";
    case BPGR_ERR_HEVC_DECODE: return "HEVC decoding failed";
    case BPGR_ERR_OUT_OF_MEMORY: return "out of memory";
    case BPGR_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case BPGR_ERR_POSTFILTER: return "restoration failed";
    case BPGR_ERR_ENCODE: return "encoding failed";
    case BPGR_ERR_IO: return "I/O error";
    case BPGR_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}
