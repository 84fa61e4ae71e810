// Splits BPG hevc_data into access units (frames) and routes each NAL to
// the colour or alpha stream, as the reference does (bpg-format.md 3.4, 4.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hevc_stream_builder.h"
#include "bpgr_common/status.h"

namespace bpgr {

struct AccessUnit {
    std::vector<NalSpan> color;
    std::vector<NalSpan> alpha;
    uint32_t duration_ticks = 1;  // from the colour prefix SEI of payload type 257
};

// Reads the access unit at `pos` and advances `pos` past it. `first_nal`
// says whether the next NAL is the very first of hevc_data (no start code);
// it is cleared once that NAL is read.
Status split_access_unit(const uint8_t *data, size_t end, size_t &pos, bool &first_nal,
                         bool two_streams, AccessUnit &unit);

}  // namespace bpgr
