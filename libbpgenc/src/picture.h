// Planes of one source picture in BPG terms (after input conversion).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bpgr::enc {

struct Plane {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint16_t> samples;  // width * height, row-major, no padding

    void resize(uint32_t w, uint32_t h) {
        width = w;
        height = h;
        samples.assign(size_t(w) * h, 0);
    }
    uint16_t *row(uint32_t y) { return samples.data() + size_t(y) * width; }
    const uint16_t *row(uint32_t y) const { return samples.data() + size_t(y) * width; }
};

struct Picture {
    uint32_t width = 0;            // unpadded picture size
    uint32_t height = 0;
    int pixel_format = 3;          // header value 0..5 (4/5 = co-sited chroma)
    int color_space = 0;           // header value
    int bit_depth = 8;
    bool limited_range = false;
    std::vector<Plane> color;      // 1 (gray) or 3 planes, in BPG plane order
    bool has_extra = false;        // alpha or W plane in `extra`
    bool extra_is_w = false;
    Plane extra;
};

}  // namespace bpgr::enc
