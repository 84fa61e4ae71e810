// Turns x265's VPS + SPS into the fields of BPG's compact hevc_header
// (format doc 1.11, 8.5), refusing any SPS the BPG decoder could not reproduce.
#pragma once

#include <cstddef>
#include <cstdint>
#include "bpgr_common/status.h"
#include "compact_sps.h"

namespace bpgr::enc {

using bpgr::CompactSps;

// nal: VPS NAL unit without start code (2-byte header + escaped payload).
// Errors: StatusCode::kEncodeFailed, naming what x265 wrote.
Status check_vps(const uint8_t *nal, size_t size);
// nal: SPS NAL unit without start code. Fills *sps or explains the refusal.
Status parse_sps(const uint8_t *nal, size_t size, CompactSps *sps);

}  // namespace bpgr::enc
