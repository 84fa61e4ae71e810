// The frame duration of an animation frame (bpg-format.md 4.2): a prefix SEI
// message of payload type 257 holding a 16-bit count of frame periods, in the
// colour stream before the frame's first slice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bpgr {

// The SEI NAL unit (2-byte header + escaped payload, no start code).
std::vector<uint8_t> write_frame_duration_sei(uint16_t ticks);

// Looks for a payload-257 message in a prefix SEI NAL unit (header included,
// no start code); false if there is none. A later one wins.
bool read_frame_duration_sei(const uint8_t *nal, size_t size, uint32_t &ticks);

}  // namespace bpgr
