// Turns x265's VPS + SPS into the fields of BPG's compact hevc_header
// (format doc 1.11, 8.5), refusing any SPS the BPG decoder could not reproduce.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compact_sps.h"

namespace bpgr::enc {

using bpgr::CompactSps;

// nal: VPS NAL unit without start code (2-byte header + escaped payload).
bool check_vps(const uint8_t *nal, size_t size, std::string *error);
// nal: SPS NAL unit without start code. Fills *sps or explains the refusal.
bool parse_sps(const uint8_t *nal, size_t size, CompactSps *sps, std::string *error);

}  // namespace bpgr::enc
