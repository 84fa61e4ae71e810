#include "public_status.h"

namespace bpgr {

bpgr_status to_public_status(StatusCode code) {
    switch (code) {
    case StatusCode::kOk: return BPGR_OK;
    case StatusCode::kEndOfStream: return BPGR_END_OF_STREAM;
    case StatusCode::kInvalidArgument: return BPGR_ERR_INVALID_ARGUMENT;
    case StatusCode::kWrongFormat: return BPGR_ERR_NOT_BPG;
    case StatusCode::kTruncated: return BPGR_ERR_TRUNCATED;
    case StatusCode::kInvalidData: return BPGR_ERR_INVALID_DATA;
    case StatusCode::kUnsupported: return BPGR_ERR_UNSUPPORTED;
    case StatusCode::kLimitExceeded: return BPGR_ERR_LIMIT_EXCEEDED;
    case StatusCode::kDecodeFailed: return BPGR_ERR_HEVC_DECODE;
    case StatusCode::kEncodeFailed: return BPGR_ERR_ENCODE;
    case StatusCode::kEngineFailed: return BPGR_ERR_POSTFILTER;
    case StatusCode::kRestoreFailed: return BPGR_ERR_POSTFILTER;
    case StatusCode::kOutOfMemory: return BPGR_ERR_OUT_OF_MEMORY;
    case StatusCode::kBufferTooSmall: return BPGR_ERR_BUFFER_TOO_SMALL;
    case StatusCode::kIo: return BPGR_ERR_IO;
    case StatusCode::kInternal: return BPGR_ERR_INTERNAL;
    }
    return BPGR_ERR_INTERNAL;
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
