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

uint32_t BitReader::read_bits(int n) {
    if (n == 0) return 0;
    if (overrun_ || size_bits_ - pos_ < static_cast<size_t>(n)) {
        overrun_ = true;
        pos_ = size_bits_;
        return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < n; ++i, ++pos_) {
        v = (v << 1) | ((data_[pos_ >> 3] >> (7 - (pos_ & 7))) & 1);
    }
    return v;
}

uint32_t BitReader::read_ue() {
    int leading_zeros = 0;
    while (!overrun_ && read_bits(1) == 0) {
        if (++leading_zeros > 31) {
            overrun_ = true;
            return 0;
        }
    }
    if (overrun_) return 0;
    uint64_t value = (uint64_t{1} << leading_zeros) - 1 + read_bits(leading_zeros);
    if (value > 0xFFFFFFFEu) {
        overrun_ = true;
        return 0;
    }
    return static_cast<uint32_t>(value);
}

int32_t BitReader::read_se() {
    uint32_t k = read_ue();
    if (k & 1) return static_cast<int32_t>((k + 1) / 2);
    return -static_cast<int32_t>(k / 2);
}

}  // namespace bpgr
