// The decoder's view of the container: the format core's reader
// (libbpgformat, container_header.h) plus what this decoder can decode and
// the caller's bpgr_limits. Knows nothing of libde265 itself.
#pragma once

#include <cstddef>
#include <cstdint>

#include "bpgr/decoder.h"
#include "bpgr_common/status.h"
#include "container_header.h"

namespace bpgr {

// Parses the container (read_container). `limits` may be NULL (no bpgr
// limits; the reference's own checks still apply). With ParseDepth::kHeaders
// it also refuses pictures the HEVC decoder cannot hold (sides above 65535
// once padded to whole coding blocks) and those beyond `limits`.
Status parse_container(const uint8_t *data, size_t size, ParseDepth depth, bool keep_extensions,
                       const bpgr_limits *limits, BpgHeader &header);

}  // namespace bpgr
