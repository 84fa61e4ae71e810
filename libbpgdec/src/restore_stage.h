// Optional restoration stage: the decoder's only view of the post-filter.
// Implemented in restore_stage.cpp when built with oneDNN, else a stub
// that reports the feature as unavailable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "bpgr/decoder.h"
#include "bpgr_common/status.h"

namespace bpgr {

// The restoration's input, read a window at a time: columns [x, x + cols)
// of rows [y, y + rows) as interleaved uint16 RGB(A) at 0..65535, row r at
// (char *)dst + r * stride. Called from several threads at once.
class RestoreSource {
public:
    virtual ~RestoreSource() = default;
    virtual void read(uint32_t x, uint32_t y, uint32_t cols, uint32_t rows, uint16_t *dst,
                      ptrdiff_t stride) const = 0;
};

class RestoreStage {
public:
    virtual ~RestoreStage() = default;
    // Restores the width x height image `src` supplies (src_channels per
    // pixel); writes the first three samples of each dst pixel (dst_bits 8
    // or 16) and nothing else.
    virtual Status run(const RestoreSource &src, uint32_t width, uint32_t height, int src_channels,
                       uint8_t *dst, ptrdiff_t dst_stride, int dst_channels, int dst_bits, int qp) = 0;
    // Slice QPs the model was trained for.
    virtual void qp_range(int *qp_min, int *qp_max) const = 0;
    // The precision it runs at (auto resolved): FP32, BF16 or INT8.
    virtual bpgr_precision precision() const = 0;
};

// model: built-in name or file path (NULL = default).
Status create_restore_stage(const char *model, bpgr_precision precision, int threads,
                            void (*progress)(void *, double), void *progress_opaque,
                            std::unique_ptr<RestoreStage> &out);

bool restore_available();

}  // namespace bpgr
