// Tiling: one window shape, output covered exactly once, halos respected.
#include <gtest/gtest.h>

#include "tile_plan.h"

namespace bpgr::pf {
namespace {

void check_plan(int width, int height, const TileLimits &limits) {
    SCOPED_TRACE(testing::Message() << width << "x" << height << " rows " << limits.out_rows << " cols "
                                    << limits.out_cols << " px " << limits.max_window_pixels);
    const TilePlan plan = plan_tiles(width, height, limits);
    ASSERT_FALSE(plan.tiles.empty());
    ASSERT_LE(plan.win_cols, width);
    ASSERT_LE(plan.win_rows, height);
    std::vector<int> covered(size_t(width) * height, 0);
    for (const Tile &t : plan.tiles) {
        ASSERT_GE(t.win_x0, 0);
        ASSERT_GE(t.win_y0, 0);
        ASSERT_LE(t.win_x0 + plan.win_cols, width);
        ASSERT_LE(t.win_y0 + plan.win_rows, height);
        // A fake window border is at least `halo` away from every output pixel.
        if (t.win_x0 > 0) {
            ASSERT_GE(t.out_x0 - t.win_x0, limits.halo);
        }
        if (t.win_y0 > 0) {
            ASSERT_GE(t.out_y0 - t.win_y0, limits.halo);
        }
        if (t.win_x0 + plan.win_cols < width) {
            ASSERT_GE(t.win_x0 + plan.win_cols - t.out_x1, limits.halo);
        }
        if (t.win_y0 + plan.win_rows < height) {
            ASSERT_GE(t.win_y0 + plan.win_rows - t.out_y1, limits.halo);
        }
        for (int y = t.out_y0; y < t.out_y1; ++y)
            for (int x = t.out_x0; x < t.out_x1; ++x) ++covered[size_t(y) * width + x];
    }
    for (int c : covered) ASSERT_EQ(c, 1);
}

TEST(TilePlan, CoversExactlyOnceWithHalo) {
    for (int w : {1, 7, 64, 100, 333})
        for (int h : {1, 5, 70, 257})
            for (int rows : {0, 1, 5, 64})
                for (int cols : {0, 3, 50}) {
                    TileLimits limits;
                    limits.halo = 6;
                    limits.out_rows = rows;
                    limits.out_cols = cols;
                    check_plan(w, h, limits);
                }
}

TEST(TilePlan, WholeImageWhenItFits) {
    TileLimits limits;
    limits.halo = 34;
    limits.max_window_pixels = 1 << 20;
    const TilePlan plan = plan_tiles(1024, 1024, limits);
    EXPECT_EQ(plan.tiles.size(), 1u);
    EXPECT_EQ(plan.win_rows, 1024);
}

TEST(TilePlan, MemoryBoundHoldsForHugeImages) {
    TileLimits limits;
    limits.halo = 34;
    limits.max_window_pixels = 600000;
    for (auto [w, h] : {std::pair{6000, 4000}, {20000, 300}, {300, 50000}, {100000, 100000}}) {
        const TilePlan plan = plan_tiles(w, h, limits);
        EXPECT_LE(size_t(plan.win_cols) * plan.win_rows, limits.max_window_pixels) << w << "x" << h;
        check_plan(std::min(w, 3000), std::min(h, 2000), limits);
    }
}

TEST(TilePlan, FullWidthStripsWhenCheapest) {
    TileLimits limits;
    limits.halo = 34;
    limits.max_window_pixels = 1 << 20;
    const TilePlan plan = plan_tiles(1024, 3000, limits);
    EXPECT_EQ(plan.win_cols, 1024);
    EXPECT_GT(plan.tiles.size(), 1u);
}

TEST(TilePlan, WideImagesGetSquarishTiles) {
    TileLimits limits;
    limits.halo = 34;
    limits.max_window_pixels = 880000;
    const TilePlan plan = plan_tiles(6000, 4000, limits);
    const double computed = double(plan.tiles.size()) * plan.win_cols * plan.win_rows;
    EXPECT_LT(computed / (6000.0 * 4000.0), 1.25);  // full-width strips would be ~1.9
    EXPECT_LT(plan.win_cols, 6000);
}

TEST(TilePlan, SplitsForParallelWorkersWithoutWastingBorders) {
    TileLimits limits;
    limits.halo = 34;
    limits.max_window_pixels = 1 << 20;
    limits.min_tiles = 2;
    const TilePlan plan = plan_tiles(1024, 1024, limits);
    ASSERT_EQ(plan.tiles.size(), 2u);
    EXPECT_EQ(plan.win_rows, 512 + 34);  // border strips need one halo only
    check_plan(1024, 1024, limits);
    // 300x80: two 184-column windows compute 1.23x the pixels, on two workers
    // still 0.61 of one worker's time: split.
    EXPECT_EQ(plan_tiles(300, 80, limits).tiles.size(), 2u);
    // 60x60: any split window covers the whole image (2x the work): one tile.
    EXPECT_EQ(plan_tiles(60, 60, limits).tiles.size(), 1u);
}

}  // namespace
}  // namespace bpgr::pf
