#include "bit_writer.h"

namespace bpgr {

void BitWriter::put_bit(uint32_t bit) {
    if (bit_count_ % 8 == 0) bytes_.push_back(0);
    if (bit) bytes_.back() |= uint8_t(0x80 >> (bit_count_ % 8));
    bit_count_++;
}

void BitWriter::put_bits(uint32_t value, int n) {
    for (int i = n - 1; i >= 0; i--) put_bit((value >> i) & 1);
}

void BitWriter::put_ue(uint32_t value) {
    const uint64_t v = uint64_t{value} + 1;
    int len = 0;
    while ((v >> len) > 1) len++;
    put_bits(0, len);
    for (int i = len; i >= 0; i--) put_bit(uint32_t(v >> i) & 1);
}

void BitWriter::put_trailing_bits() {
    put_bit(1);
    while (bit_count_ % 8 != 0) put_bit(0);
}

}  // namespace bpgr
