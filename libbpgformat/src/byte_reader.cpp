#include "byte_reader.h"

namespace bpgr {

ByteReader::Ue7Result ByteReader::read_ue7(uint32_t &v, bool unlimited) {
    constexpr uint32_t kMaxValue = (1u << 30) - 1;
    constexpr int kMaxBytes = 5;  // 5 x 7 bits cover 32 bits
    uint8_t b;
    if (!read_u8(b)) return Ue7Result::kTruncated;
    if (b == 0x80) return Ue7Result::kLeadingZero;
    uint32_t value = b & 0x7F;
    int count = 1;
    while (b & 0x80) {
        if (!read_u8(b)) return Ue7Result::kTruncated;
        if (++count > kMaxBytes) return Ue7Result::kTooLong;
        if (value >> 25) return Ue7Result::kOverflow;  // the next shift would drop bits
        value = (value << 7) | (b & 0x7F);
    }
    if (!unlimited && value > kMaxValue) return Ue7Result::kTooLarge;
    v = value;
    return Ue7Result::kOk;
}

}  // namespace bpgr
