// The int8 residual blocks on AMX tiles, hand-written. oneDNN 2.6 reaches
// 27-38% of the AMX peak on the paper net's block convolutions
// (conv_ceiling_bench); this kernel runs a whole block as a pipeline over
// rows instead of over bands: quantize h row y+2, conv1 row y+1 (s8 x s8,
// ReLU, u8), conv2 row y (u8 x s8) added into h row y, so the wide
// activation lives in a ring of 3 rows that stays in L2.
//
// Same arithmetic as the oneDNN int8 path of WdsrNetwork: the same scales
// (per-layer activation, per-channel weight), int32 accumulation, and
// (acc + bias) * scale in fp32, rounded to nearest even and saturated.
//
// Shapes: width up to 32, any expanded width, 3x3 kernels; the tiles always
// see 32 h channels and a multiple of 64 wide channels (zero-padded: the
// paper net needs none, the default model's 24/96 runs as 32/128). One
// thread per call.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_AMX_BLOCKS_H
#define BPGR_POSTFILTER_AMX_BLOCKS_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "aligned_buffer.h"
#include "model_file.h"

namespace bpgr::pf {

class AmxBlocks {
public:
    // Whether the model's blocks have a shape this kernel runs: width <= 32,
    // 3x3. Narrower widths and expansions not a multiple of 64 run
    // zero-padded to 32 / the next multiple of 64.
    static bool fits(const WdsrModel &model);
    // Whether this CPU and OS run AMX int8 tiles and oneDNN's ISA cap
    // (DNNL_MAX_CPU_ISA) allows AMX.
    static bool available();

    // `act_max`: per conv layer max |input|, in the model's calibration
    // order (as WdsrNetwork takes it). Requires fits(model).
    AmxBlocks(const WdsrModel &model, const std::vector<float> &act_max);

    // One worker's rings for windows `cols` wide. False on out of memory.
    class Buffers {
    public:
        bool prepare(int cols, const AmxBlocks &blocks);
        size_t bytes() const { return mem_.size(); }

    private:
        friend class AmxBlocks;
        AlignedBuffer mem_;
        int cols_ = 0, expanded_ = 0;
        size_t row_pixels_ = 0;
        int8_t *q_[4] = {};     // quantized h rows, 32 bytes per pixel
        int8_t *pair_ = nullptr;  // two quantized rows interleaved, 64 bytes per pixel
        uint8_t *a_[3] = {};    // wide activation rows, `expanded` bytes per pixel (planes of 64)
        uint8_t *zero_ = nullptr;  // a row of zeros of the widest kind
        int32_t *acc_ = nullptr;   // accumulator tiles: a ring of 32 x 32 int32 blocks
    };

    // Runs every residual block on h in place: `h_row0` is window row 0 of
    // h (NHWC, width floats per pixel, `cols` pixels per row, rows contiguous).
    // `block_done(b)` after block b (may be empty).
    void run(float *h_row0, int rows, int cols, Buffers &buf, const std::function<void(int)> &block_done) const;

private:
    struct Block {
        std::vector<int8_t> w1;  // [k-step][n-tile][16 x 64] tiles, see amx_blocks.cpp
        std::vector<int8_t> w2;  // [tap][half][n-tile][16 x 64]
        std::vector<float> bias1, scale1, bias2, scale2;
        float h_scale = 1.0f;
    };
    void run_block(const Block &blk, float *h_row0, int rows, int cols, Buffers &buf) const;

    int width_ = 0;     // the model's h channels
    int expanded_ = 0;  // wide channels, padded to a multiple of 64
    std::vector<Block> blocks_;
};

}  // namespace bpgr::pf

#endif
