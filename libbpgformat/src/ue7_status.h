// A ue7 read failure as a Status naming the field and its byte offset.
#pragma once

#include <cstddef>

#include "bpgr_common/status.h"
#include "byte_reader.h"

namespace bpgr {

Status ue7_error(ByteReader::Ue7Result result, const char *field, size_t offset);

}  // namespace bpgr

// Reads one ue7 field into `var`, returning the error Status on failure.
#define BPGR_READ_UE7(reader, var, field, unlimited)                                          \
    do {                                                                                      \
        size_t bpgr_at_ = (reader).position();                                                \
        auto bpgr_r_ = (reader).read_ue7((var), (unlimited));                                 \
        if (bpgr_r_ != ::bpgr::ByteReader::Ue7Result::kOk)                                    \
            return ::bpgr::ue7_error(bpgr_r_, (field), bpgr_at_);                             \
    } while (0)
