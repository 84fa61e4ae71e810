// Splits an image into windows of one fixed shape whose halos cover the
// network's receptive field, so every output pixel is computed exactly as in
// a whole-image pass (zero padding only at true image borders).
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_TILE_PLAN_H
#define BPGR_POSTFILTER_TILE_PLAN_H

#include <cstddef>
#include <vector>

namespace bpgr::pf {

struct Tile {
    int out_x0, out_y0, out_x1, out_y1;  // output rectangle, image coordinates
    int win_x0, win_y0;                  // window origin, image coordinates
};

struct TilePlan {
    int win_cols = 0, win_rows = 0;  // the one window shape
    std::vector<Tile> tiles;         // row-major, covering the image exactly once
};

struct TileLimits {
    int halo = 0;                   // receptive radius of the network
    int out_rows = 0;               // output rows per strip, 0 = from max_window_pixels
    int out_cols = 0;               // output columns per tile, 0 = from max_window_pixels
    size_t max_window_pixels = 0;   // memory bound on the window area, 0 = none
    int min_tiles = 1;              // wanted for parallel workers, when the image allows
};

// Among the plans within max_window_pixels (full-width strips, or columns
// split into 2, 3, ... tiles), picks the one that computes the fewest window
// pixels, preferring plans with at least min_tiles tiles while they cost at
// most kParallelEfficiency x min_tiles times the cheapest: min_tiles workers,
// one thread each, then still finish well before one thread on the cheapest
// plan (the alternative; see bpgr_pf_run on why windows are not shared).
constexpr int kMinTileOutput = 16;
constexpr int kMaxColumnSplits = 64;
constexpr double kParallelEfficiency = 0.9;

TilePlan plan_tiles(int width, int height, const TileLimits &limits);

}  // namespace bpgr::pf

#endif
