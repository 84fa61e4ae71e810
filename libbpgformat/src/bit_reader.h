// MSB-first bit reader over raw (already unescaped) bits, with the HEVC
// Exp-Golomb codes ue(v) and se(v). Reading past the end sets overrun() and
// returns zeros; callers check overrun() once after a group of fields.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bpgr {

class BitReader {
public:
    BitReader(const uint8_t *data, size_t size) : data_(data), size_bits_(size * 8) {}

    bool overrun() const { return overrun_; }
    size_t bits_left() const { return overrun_ ? 0 : size_bits_ - pos_; }

    uint32_t read_bits(int n);  // n <= 32; returns 0 and sets overrun past the end
    bool read_flag() { return read_bits(1) != 0; }
    uint32_t read_ue();         // values above 2^32 - 2 set overrun
    int32_t read_se();

private:
    const uint8_t *data_;
    size_t size_bits_;
    size_t pos_ = 0;
    bool overrun_ = false;
};

}  // namespace bpgr
