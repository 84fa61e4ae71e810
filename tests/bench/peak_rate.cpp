// SPDX-License-Identifier: LGPL-3.0-or-later
#include "peak_rate.h"

#include "x86/amx_tiles.h"

#include <immintrin.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace bpgr::bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr long kPeakIterations = 15'000'000;
constexpr int kAccumulators = 12;
constexpr int kPeakTrials = 5;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

// CPU seconds used by all threads of this process: on a shared machine,
// work per CPU second is what other processes do not disturb (as long as
// threads do not spin; the parallel-window mode has no barriers).
double process_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

namespace {

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
__attribute__((target("amx-tile"))) void load_full_tiles() {
    pf::configure_full_tiles();
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
    pf::release_tiles();
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
    pf::release_tiles();
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
}  // namespace

Rate measure_peak(const PeakKernel &k, int threads) {
    double (*kernel)(long) = k.run;
    if (!kernel) return {};
    Rate best;
    for (int i = 0; i < kPeakTrials; ++i) {
        const Rate r = measure_peak_once(kernel, threads);
        best.per_wall_second = std::max(best.per_wall_second, r.per_wall_second);
        best.per_cpu_second = std::max(best.per_cpu_second, r.per_cpu_second);
    }
    return best;
}

bool amx_usable() {
    return __builtin_cpu_supports("avx512f") && pf::amx_tiles_permitted();
}

PeakKernel peak_kernel(PeakPrecision p, const std::string &impl) {
    // oneDNN's implementation names carry the ISA: "brgconv:avx512_core_amx_int8",
    // "brgconv:avx512_core_vnni", "jit:avx2", "jit_uni_int8:avx2", ...
    const bool amx = impl.find("amx") != std::string::npos && amx_usable();
    const bool zmm = impl.find("avx512") != std::string::npos && __builtin_cpu_supports("avx512f");
    switch (p) {
    case PeakPrecision::kFp32:
        return zmm ? PeakKernel{fp32_kernel, "vfmadd231ps zmm"} : PeakKernel{fp32_kernel_avx2, "vfmadd231ps ymm"};
    case PeakPrecision::kBf16:
        if (amx) return {amx_bf16_kernel, "AMX tdpbf16ps"};
        return zmm && __builtin_cpu_supports("avx512bf16") ? PeakKernel{bf16_kernel, "vdpbf16ps zmm"} : PeakKernel{};
    case PeakPrecision::kInt8:
        if (amx) return {amx_int8_kernel, "AMX tdpbusd"};
        if (zmm && impl.find("vnni") != std::string::npos && __builtin_cpu_supports("avx512vnni"))
            return {int8_kernel, "vpdpbusd zmm"};
        return zmm ? PeakKernel{int8_kernel_avx512_no_vnni, "vpmaddubsw zmm"}
                   : PeakKernel{int8_kernel_avx2, "vpmaddubsw ymm"};
    }
    return {};
}

const char *cpu_isa_summary() {
    static const std::string s = [] {
        std::string r = __builtin_cpu_supports("avx512f") ? "avx512f" : __builtin_cpu_supports("avx2") ? "avx2" : "baseline";
        if (__builtin_cpu_supports("avx512bf16")) r += " avx512_bf16";
        if (__builtin_cpu_supports("avx512vnni")) r += " avx512_vnni";
        if (amx_usable()) r += " amx_bf16 amx_int8";
        if (!__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2"))
            r += " (peaks: FMA ymm; int8 vpmaddubsw+vpmaddwd+vpaddd)";
        return r;
    }();
    return s.c_str();
}

}  // namespace bpgr::bench
