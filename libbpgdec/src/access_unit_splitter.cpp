#include "access_unit_splitter.h"

namespace bpgr {

namespace {

constexpr uint32_t kSeiFrameDuration = 257;

bool starts_access_unit(int type) {
    return (type >= 32 && type <= 35) || type == 39 || type >= 41;
}

bool is_slice(int type) { return type <= 9 || (type >= 16 && type <= 21); }

// Finds a payload-257 message in a prefix SEI; false if there is none.
bool frame_duration_from_sei(const uint8_t *nal, size_t size, uint32_t &ticks) {
    std::vector<uint8_t> rbsp = unescape_rbsp(nal + 2, size - 2);
    size_t i = 0;
    bool found = false;
    while (i < rbsp.size() && !(rbsp[i] == 0x80 && i + 1 == rbsp.size())) {
        uint32_t type = 0, length = 0;
        while (i < rbsp.size() && rbsp[i] == 0xFF) type += rbsp[i++];
        if (i >= rbsp.size()) break;
        type += rbsp[i++];
        while (i < rbsp.size() && rbsp[i] == 0xFF) length += rbsp[i++];
        if (i >= rbsp.size()) break;
        length += rbsp[i++];
        if (length > rbsp.size() - i) break;
        if (type == kSeiFrameDuration && length >= 2) {
            ticks = (uint32_t{rbsp[i]} << 8) | rbsp[i + 1];
            found = true;
        }
        i += length;
    }
    return found;
}

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
                if (frame_duration_from_sei(p, nal.size, ticks)) unit.duration_ticks = ticks;
            }
        }
    }
    return Status{};
}

}  // namespace bpgr
