// Chroma decimation 4:4:4 -> 4:2:2 / 4:2:0 with the reference encoder's
// filters (format doc 8.4), and edge padding of planes.
#pragma once

#include "picture.h"

namespace bpgr::enc {

// Horizontal siting: kCosited = MPEG-2 (the _video formats), kCentred = JPEG.
enum class ChromaPhase { kCosited = 0, kCentred = 1 };

// Halves the width: ceil(W/2) outputs, clamped to the bit depth.
void downsample_422(const Plane &src, ChromaPhase phase, int bit_depth, Plane *dst);

// Halves width and height (ceil); vertical siting is always centred.
void downsample_420(const Plane &src, ChromaPhase phase, int bit_depth, Plane *dst);

// Grows a plane to padded_width x padded_height by repeating the last
// column, then the last row.
void pad_plane(Plane *plane, uint32_t padded_width, uint32_t padded_height);

}  // namespace bpgr::enc
