// Runs the windows of a tile plan on worker threads.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_TILE_RUNNER_H
#define BPGR_POSTFILTER_TILE_RUNNER_H

#include "bpgr_common/status.h"
#include "model_file.h"
#include "pixel_io.h"
#include "tile_plan.h"
#include "wdsr_network.h"

namespace bpgr::pf {

struct ProgressSink {
    void (*fn)(void *opaque, double fraction);  // may be null
    void *opaque;
};

// `workers` threads (the caller's among them, as worker 0) take windows in
// turn; each runs oneDNN on `threads_per_worker` threads with its own
// buffers of `net` (prepared for `workers`). Output rectangles are disjoint,
// so the result does not depend on which worker computes which window.
// Progress is reported on the caller's thread only, increasing, ending at 1.
// A source read through its function is read by each worker a few rows of
// its window at a time. Errors: kOutOfMemory, kEngineFailed ("oneDNN
// error: ..."), kIo (the source failed to supply rows). Throws nothing.
Status run_tiles(WdsrNetwork &net, const WdsrModel &model, const TilePlan &plan, const SrcImage &src,
                 DstImage &dst, float qp_plane, int workers, int threads_per_worker, ProgressSink progress);

}  // namespace bpgr::pf

#endif
