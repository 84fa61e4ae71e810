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
#include <immintrin.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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
#include "postfilter_internal.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr long kPeakIterations = 15'000'000;
constexpr int kAccumulators = 12;
constexpr int kPeakTrials = 5;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Without VNNI (AVX2 or AVX-512 without VNNI) int8 is vpmaddubsw + vpmaddwd
// (by ones) + vpaddd per 4 multiply-adds per 32-bit lane, what oneDNN's
// non-VNNI kernels do.
__attribute__((target("avx2,fma"))) double fp32_kernel_avx2(long iters) {
    __m256 acc[kAccumulators];
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm256_set1_ps(float(i));
    const __m256 a = _mm256_set1_ps(0.999f), b = _mm256_set1_ps(1e-4f);
    for (long it = 0; it < iters; ++it)
        for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    for (int i = 0; i < kAccumulators; ++i) asm volatile("" : : "v"(acc[i]));
    return double(iters) * kAccumulators * 8 * 2;
}

__attribute__((target("avx2"))) double int8_kernel_avx2(long iters) {
    __m256i acc[kAccumulators];
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm256_set1_epi32(i);
    const __m256i a = _mm256_set1_epi8(3), b = _mm256_set1_epi8(-2), ones = _mm256_set1_epi16(1);
    for (long it = 0; it < iters; ++it)
        for (int i = 0; i < kAccumulators; ++i)
            acc[i] = _mm256_add_epi32(acc[i], _mm256_madd_epi16(_mm256_maddubs_epi16(a, b), ones));
    for (int i = 0; i < kAccumulators; ++i) asm volatile("" : : "v"(acc[i]));
    return double(iters) * kAccumulators * 32 * 2;
}

__attribute__((target("avx512f,avx512bw"))) double int8_kernel_avx512_no_vnni(long iters) {
    __m512i acc[kAccumulators];
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_set1_epi32(i);
    const __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-2), ones = _mm512_set1_epi16(1);
    for (long it = 0; it < iters; ++it)
        for (int i = 0; i < kAccumulators; ++i)
            acc[i] = _mm512_add_epi32(acc[i], _mm512_madd_epi16(_mm512_maddubs_epi16(a, b), ones));
    for (int i = 0; i < kAccumulators; ++i) asm volatile("" : : "v"(acc[i]));
    return double(iters) * kAccumulators * 64 * 2;
}

// CPU seconds used by all threads of this process: on a shared machine,
// work per CPU second is what other processes do not disturb (as long as
// threads do not spin; the parallel-window mode has no barriers).
double process_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

struct Rate {
    double per_wall_second = 0.0;
    double per_cpu_second = 0.0;
};

// Each kernel returns operations done; the asm barrier keeps accumulators live.
__attribute__((target("avx512f"))) double fp32_kernel(long iters) {
    __m512 acc[kAccumulators];
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_set1_ps(float(i));
    const __m512 a = _mm512_set1_ps(0.999f), b = _mm512_set1_ps(1e-4f);
    for (long it = 0; it < iters; ++it)
        for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    for (int i = 0; i < kAccumulators; ++i) asm volatile("" : : "v"(acc[i]));
    return double(iters) * kAccumulators * 16 * 2;
}

__attribute__((target("avx512f,avx512bf16"))) double bf16_kernel(long iters) {
    __m512 acc[kAccumulators];
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_set1_ps(float(i));
    const __m512bh a = (__m512bh)_mm512_set1_epi16(0x3f80), b = (__m512bh)_mm512_set1_epi16(0x3a80);
    for (long it = 0; it < iters; ++it)
        for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_dpbf16_ps(acc[i], a, b);
    for (int i = 0; i < kAccumulators; ++i) asm volatile("" : : "v"(acc[i]));
    return double(iters) * kAccumulators * 32 * 2;
}

__attribute__((target("avx512f,avx512vnni"))) double int8_kernel(long iters) {
    __m512i acc[kAccumulators];
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_set1_epi32(i);
    const __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-2);
    for (long it = 0; it < iters; ++it)
        for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);
    for (int i = 0; i < kAccumulators; ++i) asm volatile("" : : "v"(acc[i]));
    return double(iters) * kAccumulators * 64 * 2;
}

// AMX (Sapphire Rapids and later): 2x2 tiles of 16x16 int32/fp32
// accumulators, A and B tiles kept in registers, so the loop is nothing but
// tile dot products (tdpbusd: 16x16x64 u8*s8, tdpbf16ps: 16x16x32 bf16).
// Linux hands out the tile state only after a per-process request.
bool amx_permitted() {
    constexpr long kArchReqXcompPerm = 0x1023, kXfeatureXtiledata = 18;
    return __builtin_cpu_supports("avx512f") && syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0;
}

struct alignas(64) TileConfig {
    uint8_t palette = 1, start_row = 0, reserved[14] = {};
    uint16_t colsb[16] = {};
    uint8_t rows[16] = {};
};

__attribute__((target("amx-tile"))) void load_full_tiles() {
    TileConfig cfg;
    for (int t = 0; t < 8; ++t) {
        cfg.colsb[t] = 64;
        cfg.rows[t] = 16;
    }
    // GCC 12 does not treat ldtilecfg as a read of cfg: keep its stores.
    asm volatile("" : : "r"(&cfg) : "memory");
    _tile_loadconfig(&cfg);
    alignas(64) static const uint8_t ones[16 * 64] = {};
    _tile_loadd(4, ones, 64);
    _tile_loadd(5, ones, 64);
    _tile_loadd(6, ones, 64);
    _tile_loadd(7, ones, 64);
    _tile_zero(0);
    _tile_zero(1);
    _tile_zero(2);
    _tile_zero(3);
}

__attribute__((target("amx-tile,amx-int8"))) double amx_int8_kernel(long iters) {
    load_full_tiles();
    for (long it = 0; it < iters; ++it) {
        _tile_dpbusd(0, 4, 6);
        _tile_dpbusd(1, 4, 7);
        _tile_dpbusd(2, 5, 6);
        _tile_dpbusd(3, 5, 7);
    }
    _tile_release();
    return double(iters) * 4 * 16 * 16 * 64 * 2;
}

__attribute__((target("amx-tile,amx-bf16"))) double amx_bf16_kernel(long iters) {
    load_full_tiles();
    for (long it = 0; it < iters; ++it) {
        _tile_dpbf16ps(0, 4, 6);
        _tile_dpbf16ps(1, 4, 7);
        _tile_dpbf16ps(2, 5, 6);
        _tile_dpbf16ps(3, 5, 7);
    }
    _tile_release();
    return double(iters) * 4 * 16 * 16 * 32 * 2;
}

// G(FL)OP per wall second and per CPU second, `threads` threads running the kernel once.
Rate measure_peak_once(double (*kernel)(long), int threads) {
    kernel(kPeakIterations / 20);  // wake the cores
    std::vector<std::thread> pool;
    std::vector<double> ops(threads);
    const Clock::time_point t0 = Clock::now();
    const double cpu0 = process_cpu_seconds();
    for (int t = 0; t < threads; ++t) pool.emplace_back([&, t] { ops[t] = kernel(kPeakIterations); });
    for (std::thread &th : pool) th.join();
    const double secs = seconds_since(t0), cpu = process_cpu_seconds() - cpu0;
    double total = 0;
    for (double o : ops) total += o;
    return {total / secs / 1e9, total / cpu / 1e9};
}

// Best of several trials: other processes on the machine only ever lower it.
Rate measure_peak(double (*kernel)(long), int threads) {
    Rate best;
    for (int i = 0; i < kPeakTrials; ++i) {
        const Rate r = measure_peak_once(kernel, threads);
        best.per_wall_second = std::max(best.per_wall_second, r.per_wall_second);
        best.per_cpu_second = std::max(best.per_cpu_second, r.per_cpu_second);
    }
    return best;
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
        double (*peak_kernel)(long);
        const char *peak_name;
        double (*amx_kernel)(long);  // when oneDNN runs the blocks on AMX
    };
    // Peak kernels of the instructions oneDNN uses on this CPU (run-time dispatch).
    const bool avx512 = __builtin_cpu_supports("avx512f");
    const bool vnni = __builtin_cpu_supports("avx512vnni");
    const bool amx = amx_permitted();
    const Row rows[] = {{"fp32", BPGR_PF_PRECISION_FP32, avx512 ? fp32_kernel : fp32_kernel_avx2,
                         avx512 ? "vfmadd231ps zmm" : "vfmadd231ps ymm", nullptr},
                        {"bf16", BPGR_PF_PRECISION_BF16, __builtin_cpu_supports("avx512bf16") ? bf16_kernel : nullptr,
                         "vdpbf16ps zmm", amx ? amx_bf16_kernel : nullptr},
                        {"int8", BPGR_PF_PRECISION_INT8,
                         vnni ? int8_kernel : avx512 ? int8_kernel_avx512_no_vnni : int8_kernel_avx2,
                         vnni ? "vpdpbusd zmm" : avx512 ? "vpmaddubsw zmm" : "vpmaddubsw ymm",
                         amx ? amx_int8_kernel : nullptr}};
    std::printf("CPU ISA: %s%s%s%s%s\n", avx512 ? "avx512f" : __builtin_cpu_supports("avx2") ? "avx2" : "baseline",
                __builtin_cpu_supports("avx512bf16") ? " avx512_bf16" : "",
                vnni ? " avx512_vnni" : "", amx ? " amx_bf16 amx_int8" : "",
                avx512 || !__builtin_cpu_supports("avx2") ? "" : " (peaks: FMA ymm; int8 vpmaddubsw+vpmaddwd+vpaddd)");

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
            const double cpu0 = process_cpu_seconds();
            if (bpgr_pf_run(pf, src.data(), opt.width, opt.height, ptrdiff_t(opt.width) * 6, 3, dst.data(),
                            ptrdiff_t(opt.width) * 3, 3, 8, 30) != BPGR_PF_OK) {
                std::fprintf(stderr, "run failed: %s\n", bpgr_pf_last_error(pf));
                ++failures;
                break;
            }
            if (r == 0) first_s = seconds_since(t0);
            if (r > 0 || opt.reps == 0) {
                best = std::min(best, seconds_since(t0));
                best_cpu = std::min(best_cpu, process_cpu_seconds() - cpu0);
            }
        }
        std::string impl;
        std::string impl2;
        for (const bpgr::pf::PrimitiveInfo &info : bpgr::pf::primitive_infos(pf)) {
            if (info.layer == "block.conv1") impl = info.impl;
            if (info.layer == "block.conv2") impl2 = info.impl;
        }
        // The peak is that of the instructions oneDNN's block kernels use.
        const bool on_amx = row.amx_kernel && impl.find("amx") != std::string::npos;
        double (*peak_kernel)(long) = on_amx ? row.amx_kernel : row.peak_kernel;
        const char *peak_name = on_amx ? (row.precision == BPGR_PF_PRECISION_INT8 ? "AMX tdpbusd" : "AMX tdpbf16ps")
                                       : row.peak_name;
        impl += " / " + impl2;
        const double pixels = double(opt.width) * opt.height;
        const double flop_per_pixel = 2.0 * bpgr_pf_macs_per_pixel(pf);
        const double mpix = pixels / best / 1e6, mpix_cpu = pixels / best_cpu / 1e6;
        const Rate peak = peak_kernel ? measure_peak(peak_kernel, opt.threads) : Rate{};
        char size[32];
        std::snprintf(size, sizeof size, "%dx%d", opt.width, opt.height);
        std::printf("%-11s %-5s %7d %9.3f %8.1f %9.1f %6.1f%% | %9.3f %9.1f %6.1f%% %6zu %-15s %s\n", size, row.name,
                    opt.threads, mpix, mpix * flop_per_pixel / 1e3, peak.per_wall_second,
                    100.0 * mpix * flop_per_pixel / 1e3 / peak.per_wall_second, mpix_cpu,
                    peak.per_cpu_second, 100.0 * mpix_cpu * flop_per_pixel / 1e3 / peak.per_cpu_second,
                    bpgr::pf::tile_plan_for(pf, opt.width, opt.height).tiles.size(), peak_name, impl.c_str());
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
