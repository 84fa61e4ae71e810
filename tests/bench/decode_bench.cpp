// Decode benchmark (meson benchmark(), never a timed test):
//   decode_bench BPGDEC FILE.bpg [ITERATIONS]
// Prints wall time (best and median of ITERATIONS) and Mpixel/s for
//   - bpgdec to PPM and to PNG (whole process, as the reference was timed),
//   - the library to memory (open + RGB24 conversion, in process),
//   - the PNG and PPM writers alone on the decoded frame,
//   - libde265 alone on the rebuilt HEVC stream (1 thread and one per CPU).
// "cpu ms" is the user + system time of the best run (children included).
#include <libde265/de265.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "bpgr/decoder.h"
#include "file_output.h"
#include "png_writer.h"
#include "ppm_writer.h"

extern char **environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Timing {
    double best_ms = 0, median_ms = 0;
    double cpu_ms = 0;  // user + system CPU time of the best run, all threads
};

double cpu_time_ms(int who) {
    rusage usage{};
    getrusage(who, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// Wall time of `run` (best and median), and the CPU time this process and
// its waited-for children spent in the best run: under a loaded machine the
// CPU time stays meaningful when wall time does not.
Timing time_runs(int iterations, const std::function<bool()> &run) {
    std::vector<double> ms;
    Timing timing;
    timing.best_ms = 1e30;
    for (int i = 0; i < iterations; ++i) {
        const double cpu_start = cpu_time_ms(RUSAGE_SELF) + cpu_time_ms(RUSAGE_CHILDREN);
        const auto start = Clock::now();
        if (!run()) return {-1, -1, -1};
        const double wall = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        const double cpu = cpu_time_ms(RUSAGE_SELF) + cpu_time_ms(RUSAGE_CHILDREN) - cpu_start;
        ms.push_back(wall);
        if (wall < timing.best_ms) {
            timing.best_ms = wall;
            timing.cpu_ms = cpu;
        }
    }
    std::sort(ms.begin(), ms.end());
    timing.median_ms = ms[ms.size() / 2];
    return timing;
}

bool run_process(const std::vector<std::string> &args) {
    std::vector<char *> argv;
    for (const std::string &a : args) argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return false;
    int status = 0;
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool decode_to_memory(const std::string &bytes, int threads) {
    bpgr_decoder_settings settings;
    bpgr_decoder_default_settings(&settings);
    settings.threads = threads;
    bpgr_decoder *dec = nullptr;
    if (bpgr_decoder_create(&settings, &dec) < 0) return false;
    const void *pixels = nullptr;
    ptrdiff_t stride = 0;
    const bool ok = bpgr_decoder_open(dec, reinterpret_cast<const uint8_t *>(bytes.data()),
                                      bytes.size()) == BPGR_OK &&
                    bpgr_decoder_read_frame_owned(dec, BPGR_OUTPUT_RGB24, &pixels, &stride) ==
                        BPGR_OK;
    bpgr_decoder_destroy(dec);
    return ok;
}

bool libde265_alone(const std::vector<uint8_t> &stream, int threads) {
    de265_decoder_context *ctx = de265_new_decoder();
    if (!ctx) return false;
    if (threads > 1) de265_start_worker_threads(ctx, threads);
    de265_push_data(ctx, stream.data(), int(stream.size()), 0, nullptr);
    de265_flush_data(ctx);
    int more = 1;
    bool got_picture = false;
    while (more) {
        more = 0;
        const de265_error err = de265_decode(ctx, &more);
        if (err != DE265_OK && err != DE265_ERROR_WAITING_FOR_INPUT_DATA) break;
        if (de265_get_next_picture(ctx)) got_picture = true;
    }
    if (de265_get_next_picture(ctx)) got_picture = true;
    de265_free_decoder(ctx);
    return got_picture;
}

void print_row(const char *what, const Timing &t, double megapixels) {
    if (t.best_ms < 0) {
        std::printf("%-34s  failed\n", what);
        return;
    }
    std::printf("%-34s %9.1f %9.1f %9.1f %9.1f\n", what, t.best_ms, t.median_ms, t.cpu_ms,
                megapixels / (t.best_ms / 1000.0));
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s BPGDEC FILE.bpg [ITERATIONS]\n", argv[0]);
        return 2;
    }
    const std::string bpgdec = argv[1], input = argv[2];
    const int iterations = argc > 3 ? std::max(1, std::atoi(argv[3])) : 7;
    std::string bytes, error;
    if (!bpgr::cli::read_whole_file(input, bytes, error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    bpgr_image_info info{};
    if (bpgr_probe(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), nullptr, &info,
                   nullptr, 0) < 0) {
        std::fprintf(stderr, "%s: not a BPG file\n", input.c_str());
        return 1;
    }
    const double megapixels = double(info.width) * info.height / 1e6;
    const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    char temp_dir_template[] = "/tmp/bpgr-bench-XXXXXX";
    const std::string temp_dir = mkdtemp(temp_dir_template) ? temp_dir_template : "/tmp";
    const std::string ppm_path = temp_dir + "/out.ppm", png_path = temp_dir + "/out.png";

    std::printf("%s: %ux%u, %.2f Mpixel, %d runs, %u CPUs\n", input.c_str(), info.width,
                info.height, megapixels, iterations, cpus);
    std::printf("%-34s %9s %9s %9s %9s\n", "", "best ms", "median ms", "cpu ms", "Mpixel/s");
    print_row("bpgdec -o out.ppm (process)",
              time_runs(iterations, [&] { return run_process({bpgdec, "-o", ppm_path, input}); }),
              megapixels);
    print_row("bpgdec -o out.png (process)",
              time_runs(iterations, [&] { return run_process({bpgdec, "-o", png_path, input}); }),
              megapixels);
    print_row("library to memory (RGB24)",
              time_runs(iterations, [&] { return decode_to_memory(bytes, 0); }), megapixels);
    print_row("library to memory, 1 thread",
              time_runs(iterations, [&] { return decode_to_memory(bytes, 1); }), megapixels);

    // Writers alone, on the decoded frame.
    bpgr_decoder_settings settings;
    bpgr_decoder_default_settings(&settings);
    bpgr_decoder *dec = nullptr;
    const void *pixels = nullptr;
    ptrdiff_t stride = 0;
    if (bpgr_decoder_create(&settings, &dec) == BPGR_OK &&
        bpgr_decoder_open(dec, reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()) ==
            BPGR_OK &&
        bpgr_decoder_read_frame_owned(dec, BPGR_OUTPUT_RGB24, &pixels, &stride) == BPGR_OK) {
        bpgr::cli::FrameView frame;
        frame.width = info.width;
        frame.height = info.height;
        frame.pixels = static_cast<const uint8_t *>(pixels);
        frame.stride = stride;
        auto write_with = [&](bool png) {
            std::FILE *f = std::fopen(png ? png_path.c_str() : ppm_path.c_str(), "wb");
            if (!f) return false;
            std::string err;
            bool ok;
            if (png) {
                bpgr::cli::PngWriter writer(f, {});
                ok = writer.write_frame(frame, err) && writer.finish(err);
            } else {
                bpgr::cli::PpmWriter writer(f);
                ok = writer.write_frame(frame, err) && writer.finish(err);
            }
            return std::fclose(f) == 0 && ok;
        };
        print_row("PPM writer alone", time_runs(iterations, [&] { return write_with(false); }),
                  megapixels);
        print_row("PNG writer alone", time_runs(iterations, [&] { return write_with(true); }),
                  megapixels);
        std::FILE *f = std::fopen(png_path.c_str(), "rb");
        if (f) {
            std::fseek(f, 0, SEEK_END);
            std::printf("%-34s %9ld bytes\n", "PNG size", std::ftell(f));
            std::fclose(f);
        }
    }
    bpgr_decoder_destroy(dec);

    uint8_t *stream = nullptr;
    size_t stream_size = 0;
    if (bpgr_rebuild_hevc_stream(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), 0,
                                 &stream, &stream_size, nullptr, 0) == BPGR_OK) {
        const std::vector<uint8_t> hevc(stream, stream + stream_size);
        bpgr_free(stream);
        print_row("libde265 alone, 1 thread",
                  time_runs(iterations, [&] { return libde265_alone(hevc, 1); }), megapixels);
        const std::string label = "libde265 alone, " + std::to_string(cpus) + " threads";
        print_row(label.c_str(), time_runs(iterations, [&] { return libde265_alone(hevc, int(cpus)); }),
                  megapixels);
    }
    std::remove(ppm_path.c_str());
    std::remove(png_path.c_str());
    rmdir(temp_dir.c_str());
    return 0;
}
