// Bounds-checked byte and bit readers for the BPG container (no third-party
// headers). Every read reports failure instead of reading past the end.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bpgr {

class ByteReader {
public:
    ByteReader(const uint8_t *data, size_t size) : data_(data), size_(size) {}

    size_t position() const { return pos_; }
    size_t remaining() const { return size_ - pos_; }
    const uint8_t *data() const { return data_; }

    bool read_u8(uint8_t &v) {
        if (pos_ >= size_) return false;
        v = data_[pos_++];
        return true;
    }
    bool skip(size_t n) {
        if (n > remaining()) return false;
        pos_ += n;
        return true;
    }

    enum class Ue7Result { kOk, kTruncated, kLeadingZero, kTooLarge, kTooLong, kOverflow };
    // BPG variable-length integer. As the reference: a leading 0x80 is
    // rejected and, unless `unlimited`, values above 2^30 - 1. Stricter than
    // the reference (which wraps silently): more than 5 bytes, or a value
    // that does not fit 32 bits, is an error.
    Ue7Result read_ue7(uint32_t &v, bool unlimited = false);

private:
    const uint8_t *data_;
    size_t size_;
    size_t pos_ = 0;
};

// MSB-first bit reader over raw (already unescaped) bits, with HEVC ue(v)/se(v).
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
