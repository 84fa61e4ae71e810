// What the library itself decodes from a BPG file (the loader tests'
// reference): every frame as RGBA32 when the file has alpha, else RGB24,
// tightly packed, and the ICC profile extension if any.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pixbuf_test {

struct ReferenceImage {
    uint32_t width = 0, height = 0;
    bool alpha = false;
    std::vector<std::vector<uint8_t>> frames;
    std::vector<uint8_t> icc_profile;
    std::string error;  // the library's message when decoding failed
};

// False (with `error` set) when the library rejects the file or a frame.
// `restore_model` non-NULL: with restoration by that model.
bool reference_decode(const std::vector<uint8_t> &bytes, ReferenceImage &out, const char *restore_model = nullptr);

bool read_file(const std::string &path, std::vector<uint8_t> &bytes);

}  // namespace pixbuf_test
