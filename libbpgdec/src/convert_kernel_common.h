// What every stage of the colour conversion's row kernel shares: the
// force-inline attribute, the block size its loops run over, clamping.
//
// Every stage (chroma_upsample.h, color_matrix.h, alpha_w_cmyk.h,
// output_packers.h) is force-inlined into convert_row (color_convert.cpp), so
// each of its instruction-set clones vectorises the whole pipeline at its own
// width.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__GNUC__)
#define BPGR_INLINE inline __attribute__((always_inline))
#else
#define BPGR_INLINE inline
#endif

namespace bpgr::kernels {

// Loops run over whole blocks of kBlock elements (inputs padded or copied),
// so their trip count is a known multiple of any vector width: GCC's -O2
// cost model ("very cheap") only vectorises such loops.
constexpr int kBlock = 64;

BPGR_INLINE size_t round_up_to_block(size_t n) {
    return (n + kBlock - 1) & ~size_t(kBlock - 1);
}

BPGR_INLINE int32_t clamp_i32(int32_t v, int32_t hi) {
    v = v < 0 ? 0 : v;
    return v > hi ? hi : v;
}

}  // namespace bpgr::kernels
