// Writes BPG's ue7 variable-length integers (bpg-format.md 1.2): the
// counterpart of ByteReader::read_ue7.
#pragma once

#include <cstdint>
#include <vector>

namespace bpgr {

// Appends `value` in its shortest ue7 form (1 to 5 bytes).
void append_ue7(uint32_t value, std::vector<uint8_t> *out);

}  // namespace bpgr
