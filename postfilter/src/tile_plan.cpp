// SPDX-License-Identifier: LGPL-3.0-or-later
#include "tile_plan.h"

#include <algorithm>

namespace bpgr::pf {

namespace {

struct Segment {
    int out0, out1, win0;
};

// One axis: windows of length `window` (<= len) at clamped positions.
std::vector<Segment> split_axis(int len, int halo, int out_per_window, int *window) {
    if (out_per_window <= 0 || out_per_window >= len || len <= out_per_window + 2 * halo) {
        *window = len;
        return {{0, len, 0}};
    }
    const int n = (len + out_per_window - 1) / out_per_window;
    const int step = (len + n - 1) / n;  // even split, <= out_per_window
    *window = std::min(len, step + 2 * halo);
    std::vector<Segment> segs;
    for (int out0 = 0; out0 < len; out0 += step) {
        const int out1 = std::min(len, out0 + step);
        const int win0 = std::clamp(out0 - halo, 0, len - *window);
        segs.push_back({out0, out1, win0});
    }
    return segs;
}

int out_for_window(size_t max_pixels, size_t other_axis, int halo) {
    const size_t window = max_pixels / std::max<size_t>(other_axis, 1);
    const long out = long(window) - 2L * halo;
    return int(std::max<long>(out, kMinTileOutput));
}

}  // namespace

TilePlan plan_tiles(int width, int height, const TileLimits &limits) {
    const int halo = limits.halo;
    int out_cols = limits.out_cols;
    if (out_cols <= 0 && limits.max_window_pixels > 0) {
        const size_t strip_rows = size_t(std::min(height, kMinStripRows + 2 * halo));
        if (size_t(width) * strip_rows > limits.max_window_pixels)
            out_cols = out_for_window(limits.max_window_pixels, strip_rows, halo);
    }
    TilePlan plan;
    const std::vector<Segment> cols = split_axis(width, halo, out_cols, &plan.win_cols);
    int out_rows = limits.out_rows;
    if (out_rows <= 0 && limits.max_window_pixels > 0 &&
        size_t(plan.win_cols) * height > limits.max_window_pixels)
        out_rows = out_for_window(limits.max_window_pixels, size_t(plan.win_cols), halo);
    const std::vector<Segment> rows = split_axis(height, halo, out_rows, &plan.win_rows);
    for (const Segment &r : rows)
        for (const Segment &c : cols)
            plan.tiles.push_back({c.out0, r.out0, c.out1, r.out1, c.win0, r.win0});
    return plan;
}

}  // namespace bpgr::pf
