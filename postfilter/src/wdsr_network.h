// The WDSR-A network on oneDNN for one tile shape: primitives built once,
// weights reordered once, buffers allocated once and reused for every tile.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_WDSR_NETWORK_H
#define BPGR_POSTFILTER_WDSR_NETWORK_H

#include <oneapi/dnnl/dnnl.hpp>

#include <functional>
#include <string>
#include <vector>

#include "aligned_buffer.h"
#include "model_file.h"

namespace bpgr::pf {

enum class Precision { kFp32, kBf16, kInt8 };
const char *precision_name(Precision p);

struct TileShape {
    int rows = 0;  // window height, halo included
    int cols = 0;  // window width, halo included
    bool operator==(const TileShape &o) const { return rows == o.rows && cols == o.cols; }
};

struct PrimitiveInfo {
    std::string layer;  // e.g. "block.conv1"
    std::string impl;   // impl_info_str()
};

// Evaluates the network on one window with zero "same" padding at all four
// window edges. Inside: the residual blocks run in bands of rows, so only a
// few rows of the wide activation exist at a time (memory ~ window area x
// (in + width + 3) floats, plus bands).
//
// Layout: activations are NHWC, so a band of rows is a pointer offset. The
// head, tail and skip convolutions (0.2% of the work) always run in fp32;
// the residual blocks run in `precision`, accumulating h in fp32.
class WdsrNetwork {
public:
    // `act_max`: per conv layer max |input| (model calibration order); needed
    // for int8, ignored otherwise. Throws dnnl::error.
    WdsrNetwork(const WdsrModel &model, Precision precision, const std::vector<float> &act_max);
    ~WdsrNetwork();
    WdsrNetwork(const WdsrNetwork &) = delete;
    WdsrNetwork &operator=(const WdsrNetwork &) = delete;

    // Builds primitives and buffers for `shape` unless already built. Returns
    // false on out of memory. Throws dnnl::error.
    bool prepare(TileShape shape);
    const TileShape &shape() const { return shape_; }
    size_t working_bytes() const;

    // Input pixels of window row r (0 <= r < rows): cols * in_channels floats,
    // RGB minus the mean (plus the QP plane). Written by the caller.
    float *src_row(int r);
    // Output of window row r: cols * 3 floats, mean not added back.
    const float *dst_row(int r) const;

    // Runs the network on the current input. `block_done(b)` is called after
    // residual block b (may be empty). Throws dnnl::error.
    void run(const std::function<void(int)> &block_done);

    // When set, the next runs record max |input| of each conv layer over the
    // window (fp32 only): the data for int8 calibration.
    void set_record_activation_max(bool on);
    const std::vector<float> &activation_max() const { return recorded_max_; }

    Precision precision() const { return precision_; }
    const std::vector<PrimitiveInfo> &primitive_infos() const { return infos_; }

    // Rows per band of the residual blocks for a window of `rows` rows whose
    // wide activation rows take `wide_row_bytes` each.
    static int band_rows_for(int rows, int kernel, size_t wide_row_bytes);

private:
    struct Layers;
    void build(TileShape shape);

    const WdsrModel &model_;
    Precision precision_;
    std::vector<float> act_max_;
    dnnl::engine engine_;
    dnnl::stream stream_;
    TileShape shape_;
    std::unique_ptr<Layers> layers_;
    std::vector<PrimitiveInfo> infos_;
    bool record_max_ = false;
    std::vector<float> recorded_max_;
};

}  // namespace bpgr::pf

#endif
