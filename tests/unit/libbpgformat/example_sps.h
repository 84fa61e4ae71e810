// The compact SPS of the 77x69 example of bpg-format.md 1.13 (bytes 92 47 40).
#pragma once

#include "compact_sps.h"

inline bpgr::CompactSps example_sps() {
    bpgr::CompactSps s;
    s.log2_diff_max_min_cb = 3;
    s.log2_diff_max_min_tb = 3;
    s.max_transform_hierarchy_depth_intra = 2;
    s.sao = true;
    s.strong_intra_smoothing = true;
    return s;
}
