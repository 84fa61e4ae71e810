// Standard HEVC parameter sets synthesized from a BPG compact header, and
// the NAL framing of BPG's hevc_data (bpg-format.md 2.2-2.5). Pure bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "container_reader.h"
#include "status_internal.h"

namespace bpgr {

// NAL unit = header bytes + escaped payload, without start code.
using NalBytes = std::vector<uint8_t>;

NalBytes make_vps();
// chroma_format_idc: 0 for the alpha/W stream, else the normalised format.
NalBytes make_sps(const CompactSps &sps, int chroma_format_idc, uint32_t width, uint32_t height,
                  int bit_depth);

// A NAL inside the file buffer: [offset, offset + size) excludes the start code.
struct NalSpan {
    size_t offset = 0;
    size_t size = 0;
};

inline int nal_type(const uint8_t *nal) { return (nal[0] >> 1) & 0x3F; }
inline int nal_layer_id(const uint8_t *nal) { return ((nal[0] & 1) << 5) | (nal[1] >> 3); }

enum NalType : int {
    kNalIdrWRadl = 19,
    kNalIdrNLp = 20,
    kNalVps = 32,
    kNalSps = 33,
    kNalPps = 34,
    kNalPrefixSei = 39,
};

// Reads the NAL at `pos` (the very first NAL of hevc_data has no start
// code) and advances `pos` to the start code of the next one.
Status read_next_nal(const uint8_t *data, size_t end, size_t &pos, bool first, NalSpan &nal);

// Removes emulation prevention bytes (00 00 03 -> 00 00).
std::vector<uint8_t> unescape_rbsp(const uint8_t *data, size_t size);

}  // namespace bpgr
