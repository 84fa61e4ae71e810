#include "test_image.h"

namespace bpgr::test {

namespace {

void allocate(TestPlane &plane, uint32_t width, uint32_t height, uint16_t pad_value,
              uint32_t stride_padding) {
    plane.width = width;
    plane.height = height;
    plane.stride = width + stride_padding;
    plane.samples.assign(static_cast<size_t>(plane.stride) * height, pad_value);
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x) plane.at(x, y) = 0;
}

}  // namespace

TestImage make_image(const PictureFormat &fmt, uint16_t pad_value, uint32_t stride_padding) {
    TestImage img;
    img.fmt = fmt;
    allocate(img.planes[0], fmt.width, fmt.height, pad_value, stride_padding);
    if (fmt.chroma_format != 0) {
        uint32_t cw = fmt.chroma_format == 3 ? fmt.width : (fmt.width + 1) / 2;
        uint32_t ch = fmt.chroma_format == 1 ? (fmt.height + 1) / 2 : fmt.height;
        allocate(img.planes[1], cw, ch, pad_value, stride_padding);
        allocate(img.planes[2], cw, ch, pad_value, stride_padding);
    }
    if (fmt.has_alpha || fmt.has_w_plane)
        allocate(img.extra, fmt.width, fmt.height, pad_value, stride_padding);
    return img;
}

void fill_random(TestImage &img, std::mt19937 &rng) {
    const uint16_t max_in = static_cast<uint16_t>((1 << img.fmt.bit_depth) - 1);
    const uint16_t extremes[] = {0, 1, max_in, static_cast<uint16_t>(max_in - 1),
                                 static_cast<uint16_t>(1 << (img.fmt.bit_depth - 1))};
    std::uniform_int_distribution<int> uniform(0, max_in);
    std::uniform_int_distribution<int> pick(0, 11);
    auto fill = [&](TestPlane &plane) {
        for (uint32_t y = 0; y < plane.height; ++y)
            for (uint32_t x = 0; x < plane.width; ++x) {
                int choice = pick(rng);
                plane.at(x, y) =
                    choice < 5 ? extremes[choice] : static_cast<uint16_t>(uniform(rng));
            }
    };
    for (auto &plane : img.planes) fill(plane);
    fill(img.extra);
}

}  // namespace bpgr::test
