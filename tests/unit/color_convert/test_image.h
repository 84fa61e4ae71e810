// A picture's sample planes for colour conversion tests: sizes follow the
// picture format; each plane has a few columns of stride padding filled with
// a value that would change the output if the converter read it.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "color_convert.h"

namespace bpgr::test {

struct TestPlane {
    std::vector<uint16_t> samples;
    uint32_t width = 0, height = 0;
    ptrdiff_t stride = 0;

    uint16_t &at(uint32_t x, uint32_t y) { return samples[y * stride + x]; }
    uint16_t at(uint32_t x, uint32_t y) const { return samples[y * stride + x]; }
    PlaneView view() const {
        return {samples.empty() ? nullptr : samples.data(), stride, width, height};
    }
};

struct TestImage {
    PictureFormat fmt{};
    TestPlane planes[3];  // planes 1, 2 empty for gray
    TestPlane extra;      // alpha / W; empty when neither

    void views(PlaneView out[3], PlaneView &extra_view) const {
        for (int i = 0; i < 3; ++i) out[i] = planes[i].view();
        extra_view = extra.view();
    }
};

// Allocates planes for fmt (stride padding filled with pad_value), samples
// zero. stride_padding 0 gives exactly-sized planes (out-of-bounds reads then
// show up under AddressSanitizer).
TestImage make_image(const PictureFormat &fmt, uint16_t pad_value = 0, uint32_t stride_padding = 3);

// Fills every real sample: mostly uniform in 0..max_in, with a share of
// extreme values (0, max_in, centre) so that the 32-bit wrap cases occur.
void fill_random(TestImage &img, std::mt19937 &rng);

}  // namespace bpgr::test
