// Limits shared by the decoder fuzz targets: small enough that one input
// decodes in milliseconds, so the fuzzer explores structure, not size.
#pragma once

#include "bpgr/decoder.h"

inline void fuzz_limits(bpgr_limits *limits) {
    bpgr_default_limits(limits);
    limits->max_dimension = 2048;
    limits->max_pixels = 1u << 18;
    limits->max_frames = 8;
    limits->max_memory_bytes = 64u << 20;
}
