#include "bit_reader.h"

namespace bpgr {

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
