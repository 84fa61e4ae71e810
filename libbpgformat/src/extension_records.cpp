#include "extension_records.h"

#include "bpgr/format.h"
#include "byte_reader.h"
#include "byte_writer.h"
#include "ue7_status.h"

namespace bpgr {

namespace {

constexpr uint32_t kMaxAnimationValue = 0xFFFF;

Status read_animation_control(const uint8_t *data, size_t payload, size_t end, AnimationControl &control) {
    // The three values are read with the extension block end as limit (as the reference).
    ByteReader anim(data, end);
    anim.skip(payload);
    uint32_t loop = 0, num = 0, den = 0;
    BPGR_READ_UE7(anim, loop, "animation loop_count", false);
    BPGR_READ_UE7(anim, num, "animation frame_period_num", false);
    BPGR_READ_UE7(anim, den, "animation frame_period_den", false);
    if (loop > kMaxAnimationValue || num > kMaxAnimationValue || den > kMaxAnimationValue || num == 0 ||
        den == 0) {
        return make_error(StatusCode::kInvalidData, "animation control: loop %u, period %u/%u out of range",
                          loop, num, den);
    }
    control.loop_count = static_cast<uint16_t>(loop);
    control.frame_period_num = static_cast<uint16_t>(num);
    control.frame_period_den = static_cast<uint16_t>(den);
    return Status{};
}

}  // namespace

Status read_extension_block(const uint8_t *data, size_t start, size_t end, bool animation,
                            std::vector<ExtensionRecord> &records, AnimationControl &control) {
    ByteReader reader(data, end);
    reader.skip(start);
    bool have_anim_control = false;
    while (reader.position() < end) {
        uint32_t tag = 0, length = 0;
        BPGR_READ_UE7(reader, tag, "extension tag", true);
        BPGR_READ_UE7(reader, length, "extension length", false);
        size_t payload = reader.position();
        if (length > reader.remaining()) {
            return make_error(StatusCode::kTruncated,
                              "extension tag %u at byte %zu: %u bytes of data, only %zu left in the block", tag,
                              payload, length, reader.remaining());
        }
        if (tag == BPGR_EXT_ANIMATION_CONTROL && animation) {
            BPGR_RETURN_IF_ERROR(read_animation_control(data, payload, end, control));
            have_anim_control = true;
        }
        records.push_back(ExtensionRecord{tag, payload, length});
        reader.skip(length);
    }
    if (animation && !have_anim_control) {
        return make_error(StatusCode::kInvalidData, "animation flag set but no animation control extension");
    }
    return Status{};
}

void append_extension_record(uint32_t tag, const uint8_t *payload, size_t size, std::vector<uint8_t> *out) {
    append_ue7(tag, out);
    append_ue7(uint32_t(size), out);
    out->insert(out->end(), payload, payload + size);
}

std::vector<uint8_t> write_animation_control(const AnimationControl &control) {
    std::vector<uint8_t> out;
    append_ue7(control.loop_count, &out);
    append_ue7(control.frame_period_num, &out);
    append_ue7(control.frame_period_den, &out);
    return out;
}

}  // namespace bpgr
