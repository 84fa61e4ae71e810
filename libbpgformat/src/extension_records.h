// BPG extension records (bpg-format.md 1.8): tag, length, payload, in the
// extension block after the picture header; the animation control record
// (tag 5) holds the loop count and the frame period.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bpgr_common/status.h"

namespace bpgr {

// Where one record's payload lies in a byte buffer (the file when read, the
// caller's payload buffer when written).
struct ExtensionRecord {
    uint32_t tag = 0;
    size_t offset = 0;
    size_t size = 0;
};

struct AnimationControl {
    uint16_t loop_count = 0;  // 0 = forever
    uint16_t frame_period_num = 0;
    uint16_t frame_period_den = 0;
};

// Reads the records of the block data[start, end) into `records` (the
// animation control record included). With `animation`, the animation
// control record must be present and valid and fills `control`.
Status read_extension_block(const uint8_t *data, size_t start, size_t end, bool animation,
                            std::vector<ExtensionRecord> &records, AnimationControl &control);

// Appends one record: ue7 tag, ue7 length, payload.
void append_extension_record(uint32_t tag, const uint8_t *payload, size_t size, std::vector<uint8_t> *out);

// The payload of the animation control record.
std::vector<uint8_t> write_animation_control(const AnimationControl &control);

}  // namespace bpgr
