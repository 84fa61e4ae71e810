// The network's last convolution (width channels -> 3, k x k, fp32), added
// into the skip branch's output. oneDNN pads its 3 output channels to a full
// vector (16 on AVX-512: 5x the work), so on AVX-512 this hand-written kernel
// runs it instead: channels in vector lanes, 3 accumulators per pixel, 4
// pixels at a time, one horizontal sum per output.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_TAIL_CONV_H
#define BPGR_POSTFILTER_TAIL_CONV_H

#include <cstddef>
#include <vector>

#include "model_file.h"

namespace bpgr::pf {

class TailConv {
public:
    // `tail`: 3 output channels, odd kernel.
    explicit TailConv(const ConvWeights &tail);

    // Whether this CPU (and oneDNN's ISA cap, DNNL_MAX_CPU_ISA) allows the
    // AVX-512 kernel; else the caller runs the convolution on oneDNN.
    static bool available();

    // dst[r][x][o] += bias[o] + sum over taps and channels of
    // h[r + dy][x + dx][c] * w[o][c][dy][dx], for rows 0..rows-1 and columns
    // 0..cols-1, zero outside the columns. `h_row0` is row 0 of h
    // (NHWC, `in_channels` floats per pixel, `cols` pixels per row); the k/2
    // rows above and below it must be readable (zeros where they are
    // padding). dst: rows x cols x 3 floats.
    void run(const float *h_row0, int rows, int cols, float *dst) const;

private:
    int in_channels_ = 0, kernel_ = 0, chunks_ = 0;  // chunks_: 16-channel vectors per pixel
    // [tap][o][chunk * 16 + lane], channels past in_channels zero.
    std::vector<float> packed_;
    float bias_[3] = {0, 0, 0};
};

}  // namespace bpgr::pf

#endif
