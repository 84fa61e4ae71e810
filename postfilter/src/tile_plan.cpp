// SPDX-License-Identifier: LGPL-3.0-or-later
#include "tile_plan.h"

#include <algorithm>

namespace bpgr::pf {

namespace {

struct Segment {
    int out0, out1, win0;
};

// One axis, windows of one length T: the first and last window output T - halo
// samples (their outer edge is the true border), the others T - 2 halo, at
// most `out_per_window` each.
std::vector<Segment> split_axis(int len, int halo, int out_per_window, int *window) {
    if (out_per_window <= 0 || len <= out_per_window + 2 * halo) {
        *window = len;
        return {{0, len, 0}};
    }
    const int n = std::max(2, (len - 2 * halo + out_per_window - 1) / out_per_window);
    const int t = (len + (2 * n - 2) * halo + n - 1) / n;
    *window = std::min(len, t);
    std::vector<Segment> segs;
    int out0 = 0;
    for (int i = 0; i < n && out0 < len; ++i) {
        const bool last = i == n - 1;
        const int out1 = last ? len : std::min(len, out0 + (i == 0 ? t - halo : t - 2 * halo));
        const int win0 = i == 0 ? 0 : last ? len - *window : std::clamp(out0 - halo, 0, len - *window);
        segs.push_back({out0, out1, win0});
        out0 = out1;
    }
    return segs;
}

int rows_for_budget(size_t max_pixels, int win_cols, int height, int halo) {
    if (max_pixels == 0 || size_t(win_cols) * height <= max_pixels) return 0;
    const long out = long(max_pixels / size_t(win_cols)) - 2L * halo;
    return int(std::max<long>(out, kMinTileOutput));
}

TilePlan make_plan(int width, int height, int halo, int out_cols, int out_rows) {
    TilePlan plan;
    const std::vector<Segment> cols = split_axis(width, halo, out_cols, &plan.win_cols);
    const std::vector<Segment> rows = split_axis(height, halo, out_rows, &plan.win_rows);
    for (const Segment &r : rows)
        for (const Segment &c : cols)
            plan.tiles.push_back({c.out0, r.out0, c.out1, r.out1, c.win0, r.win0});
    return plan;
}

double cost(const TilePlan &p) { return double(p.tiles.size()) * p.win_cols * p.win_rows; }

}  // namespace

TilePlan plan_tiles(int width, int height, const TileLimits &limits) {
    const int halo = limits.halo;
    std::vector<TilePlan> candidates;
    const int max_splits = limits.out_cols > 0 ? 1 : kMaxColumnSplits;
    for (int n_cols = 1; n_cols <= max_splits; ++n_cols) {
        const int out_cols = limits.out_cols > 0 ? limits.out_cols : n_cols == 1 ? 0 : (width + n_cols - 1) / n_cols;
        if (n_cols > 1 && out_cols < kMinTileOutput) break;
        int win_cols = 0;
        const size_t col_tiles = split_axis(width, halo, out_cols, &win_cols).size();
        if (n_cols > 1 && col_tiles < size_t(n_cols)) break;
        int out_rows = limits.out_rows;
        if (out_rows <= 0) {
            out_rows = rows_for_budget(limits.max_window_pixels, win_cols, height, halo);
            const size_t row_tiles_wanted = (size_t(std::max(limits.min_tiles, 1)) + col_tiles - 1) / col_tiles;
            if (row_tiles_wanted > 1) {
                const int cap = int((size_t(height) + row_tiles_wanted - 1) / row_tiles_wanted);
                if (out_rows == 0 || out_rows > cap) out_rows = cap;
            }
        }
        candidates.push_back(make_plan(width, height, halo, out_cols, out_rows));
    }
    auto fits = [&](const TilePlan &p) {
        return limits.max_window_pixels == 0 || size_t(p.win_cols) * p.win_rows <= limits.max_window_pixels;
    };
    const TilePlan *best = nullptr;
    for (const TilePlan &p : candidates)  // cheapest within the memory bound
        if (fits(p) && (!best || cost(p) < cost(*best))) best = &p;
    if (!best) {  // nothing fits (tiny bound): smallest window
        for (const TilePlan &p : candidates)
            if (!best || size_t(p.win_cols) * p.win_rows < size_t(best->win_cols) * best->win_rows) best = &p;
        return *best;
    }
    const TilePlan *parallel = nullptr;
    for (const TilePlan &p : candidates)
        if (fits(p) && p.tiles.size() >= size_t(limits.min_tiles) && (!parallel || cost(p) < cost(*parallel)))
            parallel = &p;
    if (parallel && cost(*parallel) <= kParallelEfficiency * limits.min_tiles * cost(*best)) return *parallel;
    return *best;
}

}  // namespace bpgr::pf
