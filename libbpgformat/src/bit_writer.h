// MSB-first bit writer with the HEVC Exp-Golomb code ue(v): the
// counterpart of BitReader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bpgr {

class BitWriter {
public:
    void put_bits(uint32_t value, int n);  // the low n <= 32 bits, MSB first
    void put_flag(bool b) { put_bit(b ? 1 : 0); }
    void put_ue(uint32_t value);
    // rbsp_trailing_bits: a one bit, then zeros to the byte boundary.
    void put_trailing_bits();
    // The bits so far, a partial last byte padded with zero bits.
    const std::vector<uint8_t> &bytes() const { return bytes_; }

private:
    void put_bit(uint32_t bit);

    std::vector<uint8_t> bytes_;
    size_t bit_count_ = 0;
};

}  // namespace bpgr
