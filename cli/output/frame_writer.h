// Output writers for the CLIs. One writer per output file, chosen once; it
// receives whole decoded frames (rows of interleaved samples) and owns no
// decoder state, so it builds and tests without the decoder library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace bpgr::cli {

// A decoded frame: `height` rows of `width` pixels, `channels` samples per
// pixel (3 = RGB, 4 = RGBA or CMYK), each sample one byte or one
// native-endian uint16 (`bytes_per_sample` 1 or 2). Rows are `stride` bytes
// apart.
struct FrameView {
    uint32_t width = 0;
    uint32_t height = 0;
    int channels = 3;
    int bytes_per_sample = 1;
    const uint8_t *pixels = nullptr;
    ptrdiff_t stride = 0;

    size_t row_bytes() const {
        return size_t(width) * size_t(channels) * size_t(bytes_per_sample);
    }
};

// Metadata a writer may carry over into its file format.
struct ImageMetadata {
    const uint8_t *icc_profile = nullptr;  // BPG extension tag 2, or null
    size_t icc_profile_size = 0;
};

class FrameWriter {
public:
    virtual ~FrameWriter() = default;
    // Writes (or hashes) one frame. False + message on failure.
    virtual bool write_frame(const FrameView &frame, std::string &error) = 0;
    // Completes the output after the last frame. False + message on failure.
    virtual bool finish(std::string &error) = 0;
};

}  // namespace bpgr::cli
