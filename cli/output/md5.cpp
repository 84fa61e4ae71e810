#include "md5.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace bpgr::cli {

namespace {

constexpr size_t kBlockBytes = 64;

// Per-step additive constants: floor(|sin(i + 1)| * 2^32), as RFC 1321 defines them.
const std::array<uint32_t, 64> &sine_table() {
    static const std::array<uint32_t, 64> table = [] {
        std::array<uint32_t, 64> t{};
        for (int i = 0; i < 64; ++i)
            t[i] = uint32_t(std::floor(std::fabs(std::sin(double(i + 1))) * 4294967296.0));
        return t;
    }();
    return table;
}

constexpr int kRotations[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

inline uint32_t rotate_left(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

inline uint32_t load_le32(const uint8_t *p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

}  // namespace

Md5::Md5() : state_{0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u} {}

void Md5::process_block(const uint8_t *block) {
    const std::array<uint32_t, 64> &k = sine_table();
    uint32_t words[16];
    for (int i = 0; i < 16; ++i) words[i] = load_le32(block + 4 * i);
    uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    for (int i = 0; i < 64; ++i) {
        const int round = i / 16;
        uint32_t f;
        int word;
        switch (round) {
        case 0: f = (b & c) | (~b & d); word = i; break;
        case 1: f = (d & b) | (~d & c); word = (5 * i + 1) % 16; break;
        case 2: f = b ^ c ^ d; word = (3 * i + 5) % 16; break;
        default: f = c ^ (b | ~d); word = (7 * i) % 16; break;
        }
        f += a + k[i] + words[word];
        a = d;
        d = c;
        c = b;
        b += rotate_left(f, kRotations[round][i % 4]);
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
}

void Md5::update(const void *data, size_t size) {
    const uint8_t *src = static_cast<const uint8_t *>(data);
    total_bytes_ += size;
    if (pending_size_ > 0) {
        const size_t take = std::min(size, kBlockBytes - pending_size_);
        std::memcpy(pending_ + pending_size_, src, take);
        pending_size_ += take;
        src += take;
        size -= take;
        if (pending_size_ < kBlockBytes) return;
        process_block(pending_);
        pending_size_ = 0;
    }
    for (; size >= kBlockBytes; src += kBlockBytes, size -= kBlockBytes) process_block(src);
    std::memcpy(pending_, src, size);
    pending_size_ = size;
}

std::string Md5::hex_digest() {
    const uint64_t total_bits = total_bytes_ * 8;
    uint8_t padding[kBlockBytes * 2] = {0x80};
    const size_t pad_bytes =
        (pending_size_ < 56 ? 56 - pending_size_ : 120 - pending_size_);
    uint8_t length_le[8];
    for (int i = 0; i < 8; ++i) length_le[i] = uint8_t(total_bits >> (8 * i));
    update(padding, pad_bytes);
    update(length_le, sizeof length_le);

    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(32);
    for (uint32_t word : state_) {
        for (int i = 0; i < 4; ++i) {
            const uint8_t byte = uint8_t(word >> (8 * i));
            hex += kHex[byte >> 4];
            hex += kHex[byte & 15];
        }
    }
    return hex;
}

}  // namespace bpgr::cli
