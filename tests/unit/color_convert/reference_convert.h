// Test oracle: a direct, per-pixel transcription of bpg-format.md section 5,
// with no attempt at speed. Constants come from the Appendix A tables (not
// from compute_conversion_constants), sums are formed in int64 and truncated
// to int32, and chroma is filtered with clamped indices pixel by pixel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "test_image.h"

namespace bpgr::test {

// Full-resolution chroma sample of plane 1 or 2 at luma position (x, y).
int32_t reference_chroma(const TestImage &img, int plane, uint32_t x, uint32_t y);

// Writes the whole picture into dst. dst must already hold the caller
// buffer's prior content (read for CMYK of W-plane pictures, 5.7).
void reference_convert(const TestImage &img, bpgr_output_format out, uint8_t *dst,
                       ptrdiff_t dst_stride);

}  // namespace bpgr::test
