// MSB-first bit reader (over an unescaped RBSP) and bit writer, with
// HEVC Exp-Golomb codes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bpgr::enc {

class BitReader {
public:
    BitReader(const uint8_t *data, size_t size) : data_(data), size_bits_(size * 8) {}
    // Reads n <= 32 bits; past the end sets overrun() and returns zeros.
    uint32_t u(int n) {
        uint32_t v = 0;
        for (int i = 0; i < n; i++) {
            uint32_t bit = 0;
            if (pos_ < size_bits_)
                bit = (data_[pos_ >> 3] >> (7 - (pos_ & 7))) & 1;
            else
                overrun_ = true;
            pos_++;
            v = (v << 1) | bit;
        }
        return v;
    }
    bool flag() { return u(1) != 0; }
    uint32_t ue() {
        int leading_zeros = 0;
        while (!flag()) {
            if (overrun_ || ++leading_zeros > 31) {
                overrun_ = true;
                return 0;
            }
        }
        if (leading_zeros == 0) return 0;
        return ((1u << leading_zeros) - 1) + u(leading_zeros);
    }
    bool overrun() const { return overrun_; }

private:
    const uint8_t *data_;
    size_t size_bits_;
    size_t pos_ = 0;
    bool overrun_ = false;
};

class BitWriter {
public:
    void u(uint32_t value, int n) {
        for (int i = n - 1; i >= 0; i--) put_bit((value >> i) & 1);
    }
    void flag(bool b) { put_bit(b ? 1 : 0); }
    void ue(uint32_t value) {
        const uint64_t v = uint64_t(value) + 1;
        int bits = 0;
        while ((v >> bits) > 1) bits++;
        u(0, bits);
        for (int i = bits; i >= 0; i--) put_bit(uint32_t(v >> i) & 1);
    }
    // Pads with zero bits to a byte boundary and returns the bytes.
    std::vector<uint8_t> finish_zero_padded() { return bytes_; }

private:
    void put_bit(uint32_t bit) {
        if (bit_count_ % 8 == 0) bytes_.push_back(0);
        if (bit) bytes_.back() |= uint8_t(0x80 >> (bit_count_ % 8));
        bit_count_++;
    }
    std::vector<uint8_t> bytes_;
    size_t bit_count_ = 0;
};

// Removes emulation prevention bytes (00 00 03 -> 00 00).
inline std::vector<uint8_t> unescape_rbsp(const uint8_t *data, size_t size) {
    std::vector<uint8_t> out;
    out.reserve(size);
    int zeros = 0;
    for (size_t i = 0; i < size; i++) {
        if (zeros >= 2 && data[i] == 3) {
            zeros = 0;
            continue;
        }
        out.push_back(data[i]);
        zeros = data[i] == 0 ? zeros + 1 : 0;
    }
    return out;
}

}  // namespace bpgr::enc
