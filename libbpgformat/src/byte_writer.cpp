#include "byte_writer.h"

namespace bpgr {

void append_ue7(uint32_t value, std::vector<uint8_t> *out) {
    int groups = 1;
    while (groups < 5 && (value >> (7 * groups)) != 0) groups++;
    for (int g = groups - 1; g >= 0; g--) {
        const uint8_t bits = uint8_t((value >> (7 * g)) & 0x7F);
        out->push_back(g > 0 ? uint8_t(bits | 0x80) : bits);
    }
}

}  // namespace bpgr
