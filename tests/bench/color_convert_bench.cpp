// Colour conversion speed: whole pictures through ColorConverter on one
// thread. Prints the best of several runs per case, in ms and Mpixel/s, as
// thread CPU time (so that time-slicing on a busy machine does not count)
// and wall time.
// Usage: color_convert_bench [width height [runs [name-filter]]]
//        (default 2048 2048 15, all cases; the filter picks cases by substring)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <vector>

#include "color_convert.h"

namespace {

double thread_cpu_ms() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Plane {
    std::vector<uint16_t> samples;
    bpgr::PlaneView view{};
};

// A smooth gradient plus noise: realistic for decoded pictures, and it
// keeps every value in range.
Plane make_plane(uint32_t width, uint32_t height, int bit_depth, std::mt19937 &rng) {
    Plane plane;
    const int max_in = (1 << bit_depth) - 1;
    plane.samples.resize(size_t(width) * height);
    std::uniform_int_distribution<int> noise(-8, 8);
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x) {
            int v = int((uint64_t(x + y) * max_in) / (width + height)) + noise(rng);
            plane.samples[size_t(y) * width + x] = uint16_t(std::clamp(v, 0, max_in));
        }
    plane.view = {plane.samples.data(), ptrdiff_t(width), width, height};
    return plane;
}

struct Case {
    const char *name;
    int chroma_format, chroma_phase, color_space, bit_depth;
    bool limited, alpha, premultiplied;
    bpgr_output_format out;
};

void run_case(const Case &c, uint32_t width, uint32_t height, int runs) {
    bpgr::PictureFormat fmt{};
    fmt.width = width;
    fmt.height = height;
    fmt.chroma_format = c.chroma_format;
    fmt.chroma_phase = c.chroma_phase;
    fmt.color_space = c.color_space;
    fmt.bit_depth = c.bit_depth;
    fmt.limited_range = c.limited;
    fmt.has_alpha = c.alpha;
    fmt.premultiplied = c.premultiplied;
    bpgr::ColorConverter conv;
    if (!conv.init(fmt, c.out)) {
        std::printf("%-34s init failed\n", c.name);
        return;
    }
    std::mt19937 rng(1);
    const uint32_t cw = c.chroma_format == 3 ? width : (width + 1) / 2;
    const uint32_t ch = c.chroma_format == 1 ? (height + 1) / 2 : height;
    Plane luma = make_plane(width, height, c.bit_depth, rng);
    Plane cb = make_plane(cw, ch, c.bit_depth, rng), cr = make_plane(cw, ch, c.bit_depth, rng);
    Plane alpha = make_plane(width, height, c.bit_depth, rng);
    bpgr::PlaneView planes[3] = {luma.view, cb.view, cr.view};
    bpgr::PlaneView extra = c.alpha ? alpha.view : bpgr::PlaneView{nullptr, 0, 0, 0};
    const ptrdiff_t stride = ptrdiff_t(width) * conv.bytes_per_pixel();
    std::vector<uint8_t> dst(size_t(stride) * height);

    double best_cpu_ms = 1e30, best_wall_ms = 1e30;
    for (int run = 0; run < runs; ++run) {
        const double cpu_start = thread_cpu_ms();
        const auto wall_start = std::chrono::steady_clock::now();
        conv.convert_rows(planes, extra, 0, height, dst.data(), stride);
        const auto wall_end = std::chrono::steady_clock::now();
        best_cpu_ms = std::min(best_cpu_ms, thread_cpu_ms() - cpu_start);
        best_wall_ms = std::min(
            best_wall_ms, std::chrono::duration<double, std::milli>(wall_end - wall_start).count());
    }
    unsigned checksum = 0;
    for (size_t i = 0; i < dst.size(); i += 4093) checksum = checksum * 31 + dst[i];
    std::printf("%-34s %8.2f ms %8.1f Mpixel/s  (wall %6.2f ms, check %08x)\n", c.name, best_cpu_ms,
                double(width) * height / (best_cpu_ms * 1e3), best_wall_ms, checksum);
}

}  // namespace

int main(int argc, char **argv) {
    uint32_t width = 2048, height = 2048;
    int runs = 15;
    if (argc >= 3) {
        width = uint32_t(std::atoi(argv[1]));
        height = uint32_t(std::atoi(argv[2]));
    }
    if (argc >= 4) runs = std::max(1, std::atoi(argv[3]));
    const char *filter = argc >= 5 ? argv[4] : "";
    const Case cases[] = {
        {"420 8-bit BT601 -> RGB24", 1, 1, 0, 8, false, false, false, BPGR_OUTPUT_RGB24},
        {"420_video 8-bit BT709 lim -> RGB24", 1, 0, 3, 8, true, false, false, BPGR_OUTPUT_RGB24},
        {"422 8-bit BT601 -> RGB24", 2, 1, 0, 8, false, false, false, BPGR_OUTPUT_RGB24},
        {"444 8-bit BT601 -> RGB24", 3, 1, 0, 8, false, false, false, BPGR_OUTPUT_RGB24},
        {"444 8-bit RGB -> RGB24", 3, 1, 1, 8, false, false, false, BPGR_OUTPUT_RGB24},
        {"gray 8-bit -> RGB24", 0, 1, 0, 8, false, false, false, BPGR_OUTPUT_RGB24},
        {"420 8-bit + alpha -> RGBA32", 1, 1, 0, 8, false, true, false, BPGR_OUTPUT_RGBA32},
        {"420 8-bit + premul -> RGBA32", 1, 1, 0, 8, false, true, true, BPGR_OUTPUT_RGBA32},
        {"420 10-bit BT2020 -> RGB48", 1, 1, 4, 10, false, false, false, BPGR_OUTPUT_RGB48},
        {"420 10-bit YCgCo -> RGBA64", 1, 1, 2, 10, false, false, false, BPGR_OUTPUT_RGBA64},
        {"420 8-bit BT601 -> CMYK32", 1, 1, 0, 8, false, false, false, BPGR_OUTPUT_CMYK32},
    };
    std::printf("color_convert_bench: %ux%u, best of %d, one thread\n", width, height, runs);
    for (const Case &c : cases)
        if (std::strstr(c.name, filter)) run_case(c, width, height, runs);
    return 0;
}
