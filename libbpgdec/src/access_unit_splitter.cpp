#include "access_unit_splitter.h"

#include "frame_duration_sei.h"

namespace bpgr {

namespace {

bool starts_access_unit(int type) {
    return (type >= 32 && type <= 35) || type == 39 || type >= 41;
}

bool is_slice(int type) { return type <= 9 || (type >= 16 && type <= 21); }

}  // namespace

Status split_access_unit(const uint8_t *data, size_t end, size_t &pos, bool &first_nal,
                         bool two_streams, AccessUnit &unit) {
    unit = AccessUnit{};
    bool found_color = false, found_alpha = false;
    while (pos < end) {
        size_t nal_start = pos;
        NalSpan nal;
        BPGR_RETURN_IF_ERROR(read_next_nal(data, end, pos, first_nal, nal));
        const uint8_t *p = data + nal.offset;
        int type = nal_type(p);
        int layer = nal_layer_id(p);
        bool complete = found_color && (two_streams ? found_alpha : true);
        bool to_alpha = two_streams && layer == 1;
        if (starts_access_unit(type)) {
            if (complete) {
                pos = nal_start;
                return Status{};
            }
        } else if (is_slice(type) && nal.size > 2 && (p[2] & 0x80)) {
            if (complete) {
                pos = nal_start;
                return Status{};
            }
            if (to_alpha) {
                found_alpha = true;
            } else {
                found_color = true;
            }
        }
        first_nal = false;
        if (to_alpha) {
            unit.alpha.push_back(nal);
        } else {
            unit.color.push_back(nal);
            if (type == kNalPrefixSei) {
                uint32_t ticks = 0;
                if (read_frame_duration_sei(p, nal.size, ticks)) unit.duration_ticks = ticks;
            }
        }
    }
    return Status{};
}

}  // namespace bpgr
