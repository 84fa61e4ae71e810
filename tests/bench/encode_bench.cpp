// Encoder speed at default options (bpgenc -q 29 -m 8, 4:2:0): a 768x512
// and a 2048x2048 photo, both taken from the decoded benchmark fixture.
// Reference bpgenc 0.9.8 on the 2-core project machine: 276 ms and 2.41 s.
// usage: encode_bench FIXTURE.bpg [reps_small reps_large]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <vector>

#include "bpgr/decoder.h"
#include "bpgr/encoder.h"

namespace {

struct Rgb {
    uint32_t width = 0, height = 0;
    std::vector<uint8_t> pixels;
};

bool load_fixture(const char *path, Rgb *rgb) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    bpgr_decoder *dec = nullptr;
    if (bpgr_decoder_create(&s, &dec) < 0) return false;
    bool ok = bpgr_decoder_open(dec, bytes.data(), bytes.size()) >= 0;
    bpgr_image_info info;
    ok = ok && bpgr_decoder_get_info(dec, &info) >= 0;
    if (ok) {
        rgb->width = info.width;
        rgb->height = info.height;
        rgb->pixels.resize(size_t(info.width) * info.height * 3);
        ok = bpgr_decoder_read_frame(dec, BPGR_OUTPUT_RGB24, rgb->pixels.data(),
                                     ptrdiff_t(info.width) * 3) >= 0;
    }
    bpgr_decoder_destroy(dec);
    return ok;
}

void time_encode(const char *label, const Rgb &src, uint32_t w, uint32_t h, int reps) {
    const uint32_t x0 = (src.width - w) / 2, y0 = (src.height - h) / 2;
    bpgr_input_image img{};
    img.width = w;
    img.height = h;
    img.layout = BPGR_INPUT_RGB;
    img.sample_bits = 8;
    img.pixels = src.pixels.data() + (size_t(y0) * src.width + x0) * 3;
    img.stride = ptrdiff_t(src.width) * 3;
    bpgr_encoder_settings s;
    bpgr_encoder_default_settings(&s);
    std::vector<double> wall_ms, cpu_ms;
    size_t bytes = 0;
    for (int r = 0; r < reps; r++) {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        uint8_t *out = nullptr;
        char msg[256];
        if (bpgr_encode(&s, &img, &out, &bytes, msg, sizeof msg) < 0) {
            std::fprintf(stderr, "%s: %s\n", label, msg);
            std::exit(1);
        }
        const std::clock_t c1 = std::clock();
        const auto t1 = std::chrono::steady_clock::now();
        bpgr_encoder_free(out);
        wall_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        cpu_ms.push_back(1000.0 * double(c1 - c0) / CLOCKS_PER_SEC);
    }
    std::sort(wall_ms.begin(), wall_ms.end());
    std::sort(cpu_ms.begin(), cpu_ms.end());
    std::printf("encode %-10s %ux%u: wall min %.0f ms, median %.0f ms; cpu median %.0f ms; %zu bytes (%d reps)\n",
                label, w, h, wall_ms.front(), wall_ms[wall_ms.size() / 2], cpu_ms[cpu_ms.size() / 2],
                bytes, reps);
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: encode_bench FIXTURE.bpg [reps_small reps_large]\n");
        return 2;
    }
    Rgb src;
    if (!load_fixture(argv[1], &src) || src.width < 2048 || src.height < 2048) {
        std::fprintf(stderr, "cannot decode a 2048x2048 picture from %s\n", argv[1]);
        return 1;
    }
    const int reps_small = argc > 2 ? std::atoi(argv[2]) : 5;
    const int reps_large = argc > 3 ? std::atoi(argv[3]) : 3;
    time_encode("768x512", src, 768, 512, reps_small);
    time_encode("2048x2048", src, 2048, 2048, reps_large);
    return 0;
}
