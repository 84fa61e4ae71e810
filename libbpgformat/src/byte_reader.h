// Bounds-checked byte reader for the BPG container, with BPG's ue7
// variable-length integers (bpg-format.md 1.2). Every read reports failure
// instead of reading past the end.
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

}  // namespace bpgr
