// HEVC emulation prevention (H.265 7.4.2): a 03 byte after two zero bytes
// wherever the next byte is <= 3, so no start code appears inside a NAL unit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bpgr {

// RBSP -> NAL payload: inserts the emulation prevention bytes.
std::vector<uint8_t> escape_rbsp(const uint8_t *data, size_t size);
inline std::vector<uint8_t> escape_rbsp(const std::vector<uint8_t> &rbsp) {
    return escape_rbsp(rbsp.data(), rbsp.size());
}

// NAL payload -> RBSP: removes them (00 00 03 -> 00 00).
std::vector<uint8_t> unescape_rbsp(const uint8_t *data, size_t size);

}  // namespace bpgr
