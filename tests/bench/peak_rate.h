// The machine's measured peak for each precision: tight loops of the
// instruction oneDNN's kernels use on this CPU (run-time dispatch: FMA
// ymm/zmm, vdpbf16ps, vpdpbusd or its AVX2/AVX-512 emulation, AMX tile dot
// products), on every thread, best of several trials.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_TESTS_BENCH_PEAK_RATE_H
#define BPGR_TESTS_BENCH_PEAK_RATE_H

#include <string>

namespace bpgr::bench {

enum class PeakPrecision { kFp32, kBf16, kInt8 };

struct PeakKernel {
    double (*run)(long iters) = nullptr;  // returns operations done; null: none on this CPU
    const char *instruction = "none";
};

struct Rate {
    double per_wall_second = 0.0;  // G(FL)OP
    double per_cpu_second = 0.0;
};

// True when the CPU has AMX and Linux granted this process the tile state
// (asked for on the first call).
bool amx_usable();

// The kernel of the instructions behind oneDNN implementation `impl`
// (impl_info_str(), which names the ISA) for precision `p`.
PeakKernel peak_kernel(PeakPrecision p, const std::string &impl);

// Best of several trials of `threads` threads running `k` at once.
Rate measure_peak(const PeakKernel &k, int threads);

// CPU seconds used by all threads of this process.
double process_cpu_seconds();

// e.g. "avx512f avx512_bf16 avx512_vnni amx_bf16 amx_int8".
const char *cpu_isa_summary();

}  // namespace bpgr::bench

#endif
