// The ICC profile embedded in a fixture file, for tests that need a real one
// (libpng validates iCCP profiles, so a hand-made stub would not do): found
// by its "acsp" signature (byte 36 of every profile), length from its first
// four bytes. Empty when the file has none.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace bpgr::test {

inline std::string icc_profile_from(const std::string &path) {
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f) return "";
    std::string bytes;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
    std::fclose(f);
    const size_t signature = bytes.find("acsp");
    if (signature == std::string::npos || signature < 36) return "";
    const size_t start = signature - 36;
    uint32_t size = 0;
    for (int i = 0; i < 4; ++i) size = size << 8 | uint8_t(bytes[start + i]);
    if (size < 132 || start + size > bytes.size()) return "";
    return bytes.substr(start, size);
}

}  // namespace bpgr::test
