// Post-filter throughput: the paper net (built-in "paper" model unless
// --model FILE) on one image, per precision, against the machine's measured
// peak (tight FMA / dot-product loops on every thread). Left of `|`: per wall
// second (the table the issue asks for); right: per CPU second of this
// process, which other processes on a shared machine do not disturb
// (peak/cpu is per CPU second, i.e. one core).
//
//   postfilter_bench [--size WxH] [--threads N] [--precision fp32|bf16|int8|all]
//                    [--reps N] [--model FILE] [--one-window]
// --one-window: the whole image as one window on all threads inside oneDNN
// (instead of parallel windows with one oneDNN thread each).
// --reps 0: a single run, timed with its set-up (large images).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bpgr/postfilter.h"
#include "peak_rate.h"
#include "postfilter_internal.h"

namespace {

using bpgr::bench::PeakPrecision;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Options {
    int width = 1024, height = 1024, threads = 2, reps = 2;
    bool one_window = false;
    std::string precision = "all";
    std::string model;
};

bool parse(int argc, char **argv, Options *o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (a == "--size" && v && std::sscanf(v, "%dx%d", &o->width, &o->height) == 2) ++i;
        else if (a == "--threads" && v) o->threads = std::atoi(argv[++i]);
        else if (a == "--reps" && v) o->reps = std::atoi(argv[++i]);
        else if (a == "--precision" && v) o->precision = argv[++i];
        else if (a == "--model" && v) o->model = argv[++i];
        else if (a == "--one-window") o->one_window = true;
        else return false;
    }
    return o->width > 0 && o->height > 0 && o->threads > 0 && o->reps >= 0;
}

}  // namespace

int main(int argc, char **argv) {
    Options opt;
    if (!parse(argc, argv, &opt)) {
        std::fprintf(stderr, "usage: %s [--size WxH] [--threads N] [--precision fp32|bf16|int8|all] "
                             "[--reps N] [--model FILE] [--one-window]\n", argv[0]);
        return 2;
    }
    struct Row {
        const char *name;
        bpgr_pf_precision precision;
        PeakPrecision peak;
    };
    const Row rows[] = {{"fp32", BPGR_PF_PRECISION_FP32, PeakPrecision::kFp32},
                        {"bf16", BPGR_PF_PRECISION_BF16, PeakPrecision::kBf16},
                        {"int8", BPGR_PF_PRECISION_INT8, PeakPrecision::kInt8}};
    std::printf("CPU ISA: %s\n", bpgr::bench::cpu_isa_summary());

    std::vector<uint16_t> src(size_t(opt.width) * opt.height * 3);
    std::mt19937 rng(1);
    for (size_t i = 0; i < src.size(); ++i) src[i] = uint16_t((i * 37 + rng() % 4096) & 0xffff);
    std::vector<uint8_t> dst(size_t(opt.width) * opt.height * 3);

    std::printf("postfilter_bench: %s model, %dx%d, %d threads, best of %d runs\n",
                opt.model.empty() ? "built-in paper" : opt.model.c_str(), opt.width, opt.height,
                opt.threads, opt.reps);
    std::printf("%-11s %-5s %7s %9s %8s %9s %7s | %9s %9s %7s %6s %-15s %s\n", "size", "prec", "threads",
                "Mpixel/s", "GFLOP/s", "peak", "% peak", "Mpx/cpu-s", "peak/cpu", "% peak", "tiles", "peak of",
                "conv1 / conv2 impl");
    int failures = 0;
    for (const Row &row : rows) {
        if (opt.precision != "all" && opt.precision != row.name) continue;
        bpgr_pf_settings s;
        bpgr_pf_default_settings(&s);
        s.precision = row.precision;
        s.threads = opt.threads;
        if (opt.one_window) s.tile_rows = s.tile_cols = uint32_t(std::max(opt.width, opt.height));
        bpgr_postfilter *pf = nullptr;
        const Clock::time_point t_create = Clock::now();
        const bpgr_pf_status st = opt.model.empty() ? bpgr_pf_create_builtin("paper", &s, &pf)
                                                    : bpgr_pf_create_from_file(opt.model.c_str(), &s, &pf);
        if (st != BPGR_PF_OK) {
            std::printf("%-11s %-5s unavailable: %s\n", "", row.name, bpgr_pf_last_error(pf));
            bpgr_pf_destroy(pf);
            continue;
        }
        const double create_s = seconds_since(t_create);
        double best = 1e30, best_cpu = 1e30, first_s = 0;
        // Run 0 builds primitives and touches buffers; it is timed only with --reps 0.
        for (int r = 0; r <= opt.reps; ++r) {
            const Clock::time_point t0 = Clock::now();
            const double cpu0 = bpgr::bench::process_cpu_seconds();
            if (bpgr_pf_run(pf, src.data(), opt.width, opt.height, ptrdiff_t(opt.width) * 6, 3, dst.data(),
                            ptrdiff_t(opt.width) * 3, 3, 8, 30) != BPGR_PF_OK) {
                std::fprintf(stderr, "run failed: %s\n", bpgr_pf_last_error(pf));
                ++failures;
                break;
            }
            if (r == 0) first_s = seconds_since(t0);
            if (r > 0 || opt.reps == 0) {
                best = std::min(best, seconds_since(t0));
                best_cpu = std::min(best_cpu, bpgr::bench::process_cpu_seconds() - cpu0);
            }
        }
        std::string impl;
        std::string impl2;
        for (const bpgr::pf::PrimitiveInfo &info : bpgr::pf::primitive_infos(pf)) {
            if (info.layer == "block.conv1") impl = info.impl;
            if (info.layer == "block.conv2") impl2 = info.impl;
        }
        // The peak is that of the instructions oneDNN's block kernels use.
        const bpgr::bench::PeakKernel peak_kernel =
            bpgr::bench::peak_kernel(row.peak, impl);
        impl += " / " + impl2;
        const double pixels = double(opt.width) * opt.height;
        const double flop_per_pixel = 2.0 * bpgr_pf_macs_per_pixel(pf);
        const double mpix = pixels / best / 1e6, mpix_cpu = pixels / best_cpu / 1e6;
        const bpgr::bench::Rate peak = bpgr::bench::measure_peak(peak_kernel, opt.threads);
        char size[32];
        std::snprintf(size, sizeof size, "%dx%d", opt.width, opt.height);
        std::printf("%-11s %-5s %7d %9.3f %8.1f %9.1f %6.1f%% | %9.3f %9.1f %6.1f%% %6zu %-15s %s\n", size, row.name,
                    opt.threads, mpix, mpix * flop_per_pixel / 1e3, peak.per_wall_second,
                    100.0 * mpix * flop_per_pixel / 1e3 / peak.per_wall_second, mpix_cpu,
                    peak.per_cpu_second, 100.0 * mpix_cpu * flop_per_pixel / 1e3 / peak.per_cpu_second,
                    bpgr::pf::tile_plan_for(pf, opt.width, opt.height).tiles.size(), peak_kernel.instruction, impl.c_str());
        if (opt.reps > 0)
            std::printf("%-11s %-5s set-up: create %.3f s (model load, weight reorders%s), first run %.3f s "
                        "= steady %.3f s + %.3f s (primitives for the window shape, first touch of buffers)\n",
                        "", row.name, create_s, row.precision == BPGR_PF_PRECISION_INT8 ? ", calibration if the model has none" : "",
                        first_s, best, first_s - best);
        std::fflush(stdout);
        bpgr_pf_destroy(pf);
    }
    return failures ? 1 : 0;
}
