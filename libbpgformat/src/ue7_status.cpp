#include "ue7_status.h"

namespace bpgr {

Status ue7_error(ByteReader::Ue7Result r, const char *field, size_t offset) {
    switch (r) {
    case ByteReader::Ue7Result::kTruncated:
        return make_error(StatusCode::kTruncated, "truncated %s at byte %zu", field, offset);
    case ByteReader::Ue7Result::kLeadingZero:
        return make_error(StatusCode::kInvalidData, "%s at byte %zu: ue7 starts with 0x80", field, offset);
    case ByteReader::Ue7Result::kTooLarge:
        return make_error(StatusCode::kInvalidData, "%s at byte %zu exceeds 2^30-1", field, offset);
    case ByteReader::Ue7Result::kTooLong:
        return make_error(StatusCode::kInvalidData, "%s at byte %zu: ue7 longer than 5 bytes", field, offset);
    case ByteReader::Ue7Result::kOverflow:
        return make_error(StatusCode::kInvalidData, "%s at byte %zu: ue7 value overflows 32 bits", field,
                          offset);
    case ByteReader::Ue7Result::kOk: break;
    }
    return Status{};
}

}  // namespace bpgr
