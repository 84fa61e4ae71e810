// Image samples <-> the network's float window (mean, QP plane, quantization).
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_PIXEL_IO_H
#define BPGR_POSTFILTER_PIXEL_IO_H

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bpgr/postfilter.h"
#include "model_file.h"
#include "tile_plan.h"
#include "wdsr_network.h"

namespace bpgr::pf {

// The source: a whole image in memory (`samples`), or, with samples NULL,
// a caller's function that supplies one block of window rows at a time.
struct SrcImage {
    const uint16_t *samples;  // 0..65535, `channels` per pixel, first three RGB
    int width, height;
    ptrdiff_t stride_bytes;
    int channels;
    bpgr_pf_source_fn read = nullptr;
    void *read_opaque = nullptr;
};

// Window rows per call of a source's `read` (its scratch: this many rows of
// one window's width).
constexpr int kSourceRows = 16;

struct DstImage {
    void *samples;  // uint8 or uint16, `channels` per pixel; only RGB written
    int width, height;
    ptrdiff_t stride_bytes;
    int channels;
    int bits;  // 8 or 16
};

constexpr float kSampleMax16 = 65535.0f;

// Writes the window rows of a worker of `net` from `src` (window at tile.win_x0/win_y0):
// RGB / 65535 minus the model mean, then the QP plane for 4-channel models.
// A source read through its function needs `scratch` (resized here; one per
// worker); false when that function failed.
bool load_window(WdsrNetwork &net, int worker, const WdsrModel &model, const SrcImage &src,
                 const Tile &tile, float qp_plane, std::vector<uint16_t> *scratch = nullptr);

// Writes the tile's output rectangle to `dst`: network output plus the mean,
// clamped to 0..1, rounded once to the destination bit depth.
void store_tile(const WdsrNetwork &net, int worker, const WdsrModel &model, const Tile &tile,
                DstImage &dst);

}  // namespace bpgr::pf

#endif
