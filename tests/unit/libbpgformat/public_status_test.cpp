// The C boundary of libbpgdec and libbpgenc: every internal status code maps
// to the public code that documents it, and each has a name.
#include <gtest/gtest.h>

#include <string>

#include "public_status.h"

namespace {

using bpgr::StatusCode;

TEST(PublicStatus, EveryInternalCodeHasItsPublicCode) {
    const std::pair<StatusCode, bpgr_status> expected[] = {
        {StatusCode::kOk, BPGR_OK},
        {StatusCode::kEndOfStream, BPGR_END_OF_STREAM},
        {StatusCode::kInvalidArgument, BPGR_ERR_INVALID_ARGUMENT},
        {StatusCode::kWrongFormat, BPGR_ERR_NOT_BPG},
        {StatusCode::kTruncated, BPGR_ERR_TRUNCATED},
        {StatusCode::kInvalidData, BPGR_ERR_INVALID_DATA},
        {StatusCode::kUnsupported, BPGR_ERR_UNSUPPORTED},
        {StatusCode::kLimitExceeded, BPGR_ERR_LIMIT_EXCEEDED},
        {StatusCode::kDecodeFailed, BPGR_ERR_HEVC_DECODE},
        {StatusCode::kEncodeFailed, BPGR_ERR_ENCODE},
        {StatusCode::kEngineFailed, BPGR_ERR_POSTFILTER},
        {StatusCode::kRestoreFailed, BPGR_ERR_POSTFILTER},
        {StatusCode::kOutOfMemory, BPGR_ERR_OUT_OF_MEMORY},
        {StatusCode::kBufferTooSmall, BPGR_ERR_BUFFER_TOO_SMALL},
        {StatusCode::kIo, BPGR_ERR_IO},
        {StatusCode::kInternal, BPGR_ERR_INTERNAL},
    };
    EXPECT_EQ(int(std::size(expected)), int(StatusCode::kInternal) + 1) << "a code without a row here";
    for (const auto &[code, status] : expected) {
        EXPECT_EQ(bpgr::to_public_status(code), status) << int(code);
        EXPECT_NE(std::string(bpgr_status_string(status)), "unknown status") << int(code);
        EXPECT_EQ(status < 0, code != StatusCode::kOk && code != StatusCode::kEndOfStream) << int(code);
    }
}

}  // namespace
