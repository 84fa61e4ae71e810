// What the colour conversion reads: the decoded sample planes and the
// picture's format (bpg-format.md sections 1.4 and 5).
#pragma once

#include <cstddef>
#include <cstdint>

namespace bpgr {

// One decoded plane, cropped to its real size (no padding is ever read).
struct PlaneView {
    const uint16_t *data;
    ptrdiff_t stride;  // in samples
    uint32_t width, height;
};

struct PictureFormat {
    uint32_t width, height;  // picture size (luma)
    int chroma_format;       // normalised: 0 gray, 1 4:2:0, 2 4:2:2, 3 4:4:4
    int chroma_phase;        // 1 = centred (pixel formats 1/2), 0 = co-sited (4/5)
    int color_space;         // bpgr_color_space, 0..4; ignored for gray
    int bit_depth;           // 8..14, luma = chroma = extra plane
    bool limited_range;
    bool has_alpha, premultiplied, has_w_plane;  // extra plane semantics (section 1.4)
};

}  // namespace bpgr
