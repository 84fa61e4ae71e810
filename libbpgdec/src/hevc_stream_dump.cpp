// bpgr_rebuild_hevc_stream: one layer of a BPG file as a standard Annex-B
// HEVC stream (synthesized VPS/SPS + the file's NAL units), for debugging
// with other HEVC tools.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "access_unit_splitter.h"
#include "bpgr/decoder.h"
#include "container_reader.h"
#include "hevc_stream_builder.h"
#include "public_status.h"

namespace {

constexpr uint8_t kStartCode[4] = {0, 0, 0, 1};

void append_nal(std::vector<uint8_t> &out, const uint8_t *nal, size_t size, bool clear_layer) {
    out.insert(out.end(), kStartCode, kStartCode + 4);
    size_t at = out.size();
    out.insert(out.end(), nal, nal + size);
    if (clear_layer) out[at + 1] &= 0x07;
}

bpgr::Status rebuild(const uint8_t *data, size_t size, int layer, std::vector<uint8_t> &out) {
    bpgr::BpgHeader h;
    BPGR_RETURN_IF_ERROR(bpgr::parse_container(data, size, bpgr::ParseDepth::kHeaders, false, nullptr, h));
    bool two = h.has_extra_plane();
    if (layer == 1 && !two) return bpgr::make_error(bpgr::StatusCode::kInvalidArgument, "the image has no alpha/W stream");
    bpgr::NalBytes vps = bpgr::make_vps();
    bpgr::NalBytes sps = layer == 1 ? bpgr::make_sps(h.alpha_sps, 0, h.width, h.height, h.bit_depth)
                                    : bpgr::make_sps(h.color_sps, h.chroma_format_idc(), h.width, h.height,
                                                     h.bit_depth);
    append_nal(out, vps.data(), vps.size(), false);
    append_nal(out, sps.data(), sps.size(), false);
    size_t pos = h.hevc_data_offset;
    bool first = true;
    while (pos < size) {
        bpgr::AccessUnit unit;
        BPGR_RETURN_IF_ERROR(bpgr::split_access_unit(data, size, pos, first, two, unit));
        for (const bpgr::NalSpan &nal : layer == 1 ? unit.alpha : unit.color) {
            int type = bpgr::nal_type(data + nal.offset);
            if (type == bpgr::kNalVps || type == bpgr::kNalSps) continue;
            append_nal(out, data + nal.offset, nal.size, layer == 1);
        }
        if (!h.animation) break;
    }
    return bpgr::Status{};
}

}  // namespace

extern "C" bpgr_status bpgr_rebuild_hevc_stream(const uint8_t *data, size_t size, int layer, uint8_t **out,
                                                size_t *out_size, char *msg, size_t msg_size) {
    if (!data || !out || !out_size || (layer != 0 && layer != 1)) return BPGR_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    *out_size = 0;
    std::vector<uint8_t> stream;
    bpgr::Status st = rebuild(data, size, layer, stream);
    if (msg && msg_size) std::snprintf(msg, msg_size, "%s", st.message.c_str());
    if (!st.ok()) return bpgr::to_public_status(st.code);
    *out = static_cast<uint8_t *>(std::malloc(stream.size()));
    if (!*out) return BPGR_ERR_OUT_OF_MEMORY;
    std::memcpy(*out, stream.data(), stream.size());
    *out_size = stream.size();
    return BPGR_OK;
}
