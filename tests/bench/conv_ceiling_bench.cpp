// What oneDNN itself reaches on this CPU: single convolutions, one thread,
// data hot in cache, best of several runs, against the measured peak of one
// core (peak_rate.h). The paper net's two block convolutions at their band
// shape (32 -> 128 with ReLU, 128 -> 32 with the residual sum), and a
// 128 -> 128 convolution as oneDNN's best case. The network can run no
// faster per multiply-add than its block convolutions do here.
//
//   conv_ceiling_bench [--cols N] [--reps N]
// SPDX-License-Identifier: LGPL-3.0-or-later
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

#include <oneapi/dnnl/dnnl.hpp>

#include "layer_descriptors.h"
#include "peak_rate.h"
#include "thread_scope.h"

namespace {

using bpgr::bench::PeakPrecision;
using dt = dnnl::memory::data_type;
constexpr int kBandRows = 32;

struct Shape {
    const char *name;
    int in, out;
    bool relu, sum;
};

// Operations per second of one convolution, and the implementation oneDNN picked.
double conv_rate(const Shape &sh, dt src_type, dt weights_type, dt dst_type, int cols, int reps, std::string *impl) {
    const dnnl::engine eng(dnnl::engine::kind::cpu, 0);
    dnnl::stream stream(eng);
    bpgr::pf::ConvSpec spec = bpgr::pf::conv_spec(sh.name, sh.in, sh.out, 3, kBandRows, cols, src_type,
                                                  weights_type, dst_type);
    spec.relu = sh.relu;
    spec.sum = sh.sum;
    if (weights_type == dt::s8) spec.output_scales.assign(size_t(sh.out), 1.0f / 4096);
    const auto pd = bpgr::pf::make_conv_pd(spec, eng);
    *impl = pd.impl_info_str();
    std::unordered_map<int, dnnl::memory> args;
    auto add = [&](int arg, const dnnl::memory::desc &d, int byte) {
        dnnl::memory m(d, eng);
        std::memset(m.get_data_handle(), byte, d.get_size());
        args.emplace(arg, m);
    };
    add(DNNL_ARG_SRC, pd.src_desc(), 1);
    add(DNNL_ARG_WEIGHTS, pd.weights_desc(), 1);
    add(DNNL_ARG_BIAS, pd.bias_desc(), 0);
    add(DNNL_ARG_DST, pd.dst_desc(), 0);
    add(DNNL_ARG_SCRATCHPAD, pd.scratchpad_desc(), 0);
    const dnnl::convolution_forward conv(pd);
    double best = 1e30;
    for (int r = 0; r <= reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        conv.execute(stream, args);
        stream.wait();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (r > 0) best = std::min(best, s);
    }
    return 2.0 * kBandRows * cols * sh.in * sh.out * 9 / best / 1e9;
}

}  // namespace

int main(int argc, char **argv) {
    int cols = 1024, reps = 20;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--cols" && i + 1 < argc) cols = std::atoi(argv[++i]);
        else if (a == "--reps" && i + 1 < argc) reps = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: %s [--cols N] [--reps N]\n", argv[0]);
            return 2;
        }
    }
    if (cols < 1 || reps < 1) return 2;
    const bpgr::pf::ThreadScope one_thread(1);  // one core: no oneDNN worker threads
    std::printf("CPU ISA: %s\nconv_ceiling_bench: one thread, %dx%d output band, 3x3, best of %d runs\n",
                bpgr::bench::cpu_isa_summary(), kBandRows, cols, reps);
    std::printf("%-5s %-26s %9s %9s %7s %-15s %s\n", "prec", "convolution", "GOP/s", "peak", "% peak", "peak of",
                "impl");
    const Shape shapes[] = {{"paper conv1 32->128 relu", 32, 128, true, false},
                            {"paper conv2 128->32 sum", 128, 32, false, true},
                            {"128->128 (best case)", 128, 128, false, false}};
    struct Prec {
        const char *name;
        PeakPrecision peak;
        dt act, weights;
    };
    const Prec precs[] = {{"fp32", PeakPrecision::kFp32, dt::f32, dt::f32},
                          {"bf16", PeakPrecision::kBf16, dt::bf16, dt::bf16},
                          {"int8", PeakPrecision::kInt8, dt::u8, dt::s8}};
    for (const Prec &p : precs) {
        for (const Shape &sh : shapes) {
            std::string impl;
            double rate = 0;
            try {
                rate = conv_rate(sh, p.act, p.weights, sh.sum ? dt::f32 : p.act, cols, reps, &impl);
            } catch (const dnnl::error &e) {
                std::printf("%-5s %-26s unavailable: %s\n", p.name, sh.name, e.what());
                continue;
            }
            const bpgr::bench::PeakKernel k = bpgr::bench::peak_kernel(p.peak, impl);
            const double peak = bpgr::bench::measure_peak(k, 1).per_wall_second;
            std::printf("%-5s %-26s %9.1f %9.1f %6.1f%% %-15s %s\n", p.name, sh.name, rate, peak,
                        peak > 0 ? 100.0 * rate / peak : 0.0, k.instruction, impl.c_str());
            std::fflush(stdout);
        }
    }
    return 0;
}
