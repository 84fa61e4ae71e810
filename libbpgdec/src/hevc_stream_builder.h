// Standard HEVC parameter sets synthesized from a BPG compact header, and
// the NAL framing of BPG's hevc_data (bpg-format.md 2.2-2.5). Pure bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bpgr_common/status.h"
#include "compact_sps.h"
#include "hevc_nal.h"

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

// Reads the NAL at `pos` (the very first NAL of hevc_data has no start
// code) and advances `pos` to the start code of the next one.
Status read_next_nal(const uint8_t *data, size_t end, size_t &pos, bool first, NalSpan &nal);

}  // namespace bpgr
