// The WDSR-A network on oneDNN for one tile shape: primitives built once,
// weights reordered once, buffers allocated once and reused for every tile.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_WDSR_NETWORK_H
#define BPGR_POSTFILTER_WDSR_NETWORK_H

#include <oneapi/dnnl/dnnl.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aligned_buffer.h"
#include "conv_layer.h"
#include "model_file.h"
#include "x86/amx_blocks.h"
#include "x86/tail_conv.h"

namespace bpgr::pf {

class BlockBuilder;

enum class Precision { kFp32, kBf16, kInt8 };
const char *precision_name(Precision p);

struct TileShape {
    int rows = 0;  // window height, halo included
    int cols = 0;  // window width, halo included
    bool operator==(const TileShape &o) const { return rows == o.rows && cols == o.cols; }
};

// Evaluates the network on one window with zero "same" padding at all four
// window edges. Inside: the residual blocks run in bands of rows, so only a
// few rows of the wide activation exist at a time (memory ~ window area x
// (in + width + 3) floats, plus bands).
//
// Primitives and reordered weights are shared; each worker has its own
// buffers, scratchpad and stream, so distinct workers may run concurrently
// on different threads (each with its own oneDNN thread count).
//
// Layout: activations are NHWC, so a band of rows is a pointer offset. The
// head, tail and skip convolutions (0.2% of the work) always run in fp32;
// the residual blocks run in `precision`, accumulating h in fp32.
class WdsrNetwork {
public:
    // `act_max`: per conv layer max |input| (model calibration order); needed
    // for int8, ignored otherwise. `own_kernels`: run the hand-written
    // kernels (tail_conv, amx_blocks) where the CPU allows; false runs every
    // layer on oneDNN (tests compare the two). Throws dnnl::error.
    WdsrNetwork(const WdsrModel &model, Precision precision, const std::vector<float> &act_max,
                bool own_kernels = true);
    ~WdsrNetwork();
    WdsrNetwork(const WdsrNetwork &) = delete;
    WdsrNetwork &operator=(const WdsrNetwork &) = delete;

    // Builds primitives for `shape` to run on `threads_per_worker` oneDNN
    // threads (call with that OpenMP thread count in effect) and buffers for
    // `workers` workers, unless already built; the primitives are created on
    // `workers` threads. False on out of memory. Throws dnnl::error.
    bool prepare(TileShape shape, int workers = 1, int threads_per_worker = 0);
    const TileShape &shape() const { return shape_; }
    int workers() const;
    size_t working_bytes() const;

    // Input pixels of window row r (0 <= r < rows) of a worker: cols *
    // in_channels floats, RGB minus the mean (plus the QP plane).
    float *src_row(int worker, int r);
    // Output of window row r: cols * 3 floats, mean not added back.
    const float *dst_row(int worker, int r) const;

    // Runs the network on a worker's current input. `block_done(b)` is called
    // after residual block b (may be empty). Throws dnnl::error.
    void run(int worker, const std::function<void(int)> &block_done);

    // When set, the next runs of worker 0 record max |input| of each conv
    // layer over the window (fp32 only): the data for int8 calibration.
    void set_record_activation_max(bool on);
    const std::vector<float> &activation_max() const { return recorded_max_; }

    Precision precision() const { return precision_; }
    const std::vector<PrimitiveInfo> &primitive_infos() const { return infos_; }

    // Rows per band of the residual blocks for a window of `rows` rows whose
    // wide activation rows take `wide_row_bytes` each.
    static int band_rows_for(int rows, int kernel, size_t wide_row_bytes);

private:
    struct Layers;
    struct Worker;
    // The residual blocks' builder for precision_ (block_builder.h).
    std::unique_ptr<BlockBuilder> block_builder() const;
    void build(TileShape shape, int workers);
    void zero_or_record_a(Worker &w, uint32_t block, int first_index, int buffer_row, int count);

    const WdsrModel &model_;
    Precision precision_;
    std::vector<float> act_max_;
    dnnl::engine engine_;
    TileShape shape_;
    int threads_per_worker_ = 0;
    std::unique_ptr<TailConv> tail_kernel_;  // the tail on AVX-512 (else a oneDNN primitive)
    // int8 residual blocks on AMX (else oneDNN), one thread per window.
    std::unique_ptr<AmxBlocks> amx_blocks_;
    std::unique_ptr<Layers> layers_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::vector<std::unique_ptr<Worker>> spare_buffers_;  // recycled across shape changes
    std::vector<PrimitiveInfo> infos_;
    bool record_max_ = false;
    std::vector<float> recorded_max_;
};

}  // namespace bpgr::pf

#endif
