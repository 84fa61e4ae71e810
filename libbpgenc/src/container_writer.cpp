#include "container_writer.h"

#include <algorithm>
#include <iterator>

namespace bpgr::enc {
namespace {

constexpr uint8_t kMagic[4] = {0x42, 0x50, 0x47, 0xFB};
constexpr uint32_t kAnimationControlTag = 5;
constexpr int kNalTypeVps = 32;
constexpr int kNalTypePrefixSei = 39;
constexpr int kNalTypeSuffixSei = 40;
constexpr uint8_t kLayerIdOneBit = 0x08;  // second header byte, nuh_layer_id = 1
// Prefix SEI, payload type 257 (0xFF 0x02), size 2; the 16-bit tick count
// and the trailing bits follow.
constexpr uint8_t kDurationSeiHead[] = {0x00, 0x00, 0x01, 0x4E, 0x01, 0xFF, 0x02, 0x02};
constexpr uint8_t kRbspTrailingBits = 0x80;

bool is_vcl(int type) { return type < kNalTypeVps; }

bool starts_picture(const NalUnit &nal) {
    const size_t sc = nal.start_code_size();
    return is_vcl(nal.type()) && nal.bytes.size() > sc + 2 && (nal.bytes[sc + 2] & 0x80);
}

// Splits a stream into frames: a frame ends before the next parameter set,
// prefix SEI or first slice that follows one of its slices.
std::vector<std::vector<const NalUnit *>> split_frames(const std::vector<NalUnit> &nals) {
    std::vector<std::vector<const NalUnit *>> frames(1);
    bool seen_slice = false;
    for (const NalUnit &nal : nals) {
        const int type = nal.type();
        const bool opens = starts_picture(nal) || (!is_vcl(type) && type != kNalTypeSuffixSei);
        if (opens && seen_slice) {
            frames.emplace_back();
            seen_slice = false;
        }
        if (is_vcl(type)) seen_slice = true;
        frames.back().push_back(&nal);
    }
    if (frames.back().empty()) frames.pop_back();
    return frames;
}

void append_nal(const NalUnit &nal, bool alpha_layer, std::vector<uint8_t> *out) {
    const size_t at = out->size();
    out->insert(out->end(), nal.bytes.begin(), nal.bytes.end());
    if (alpha_layer) (*out)[at + nal.start_code_size() + 1] |= kLayerIdOneBit;
}

std::vector<NalUnit> with_duration_sei(const std::vector<const NalUnit *> &frame,
                                       uint16_t ticks) {
    std::vector<NalUnit> out;
    bool inserted = ticks <= 1;
    for (const NalUnit *nal : frame) {
        if (!inserted && is_vcl(nal->type())) {
            NalUnit sei{std::vector<uint8_t>(std::begin(kDurationSeiHead), std::end(kDurationSeiHead))};
            sei.bytes.push_back(uint8_t(ticks >> 8));
            sei.bytes.push_back(uint8_t(ticks & 0xFF));
            sei.bytes.push_back(kRbspTrailingBits);
            out.push_back(std::move(sei));
            inserted = true;
        }
        out.push_back(*nal);
    }
    return out;
}

}  // namespace

void append_ue7(uint32_t value, std::vector<uint8_t> *out) {
    int groups = 1;
    while (groups < 5 && (value >> (7 * groups)) != 0) groups++;
    for (int g = groups - 1; g >= 0; g--) {
        const uint8_t bits = uint8_t((value >> (7 * g)) & 0x7F);
        out->push_back(g > 0 ? uint8_t(bits | 0x80) : bits);
    }
}

std::vector<uint8_t> build_hevc_data(const std::vector<NalUnit> &color_nals,
                                     const std::vector<NalUnit> *alpha_nals,
                                     const std::vector<uint16_t> &durations) {
    const auto color_frames = split_frames(color_nals);
    std::vector<std::vector<const NalUnit *>> alpha_frames;
    if (alpha_nals) alpha_frames = split_frames(*alpha_nals);
    std::vector<uint8_t> out;
    const size_t frame_count = std::max(color_frames.size(), alpha_frames.size());
    for (size_t f = 0; f < frame_count; f++) {
        std::vector<NalUnit> color;
        if (f < color_frames.size())
            color = with_duration_sei(color_frames[f], f < durations.size() ? durations[f] : 1);
        const size_t alpha_count = f < alpha_frames.size() ? alpha_frames[f].size() : 0;
        for (size_t i = 0; i < std::max(color.size(), alpha_count); i++) {
            if (i < alpha_count) append_nal(*alpha_frames[f][i], true, &out);
            if (i < color.size()) append_nal(color[i], false, &out);
        }
    }
    if (!out.empty()) {
        const size_t first_start_code = out.size() > 2 && out[2] == 1 ? 3 : 4;
        out.erase(out.begin(), out.begin() + ptrdiff_t(std::min(first_start_code, out.size())));
    }
    return out;
}

std::vector<uint8_t> write_container(const ContainerHeader &h,
                                     const std::vector<ExtensionRecord> &metadata,
                                     const std::vector<uint8_t> *alpha_compact_sps,
                                     const std::vector<uint8_t> &color_compact_sps,
                                     const std::vector<uint8_t> &hevc_data) {
    std::vector<uint8_t> extensions;
    if (h.animated) {
        std::vector<uint8_t> control;
        append_ue7(h.loop_count, &control);
        append_ue7(h.frame_period_num, &control);
        append_ue7(h.frame_period_den, &control);
        append_ue7(kAnimationControlTag, &extensions);
        append_ue7(uint32_t(control.size()), &extensions);
        extensions.insert(extensions.end(), control.begin(), control.end());
    }
    for (const ExtensionRecord &rec : metadata) {
        append_ue7(rec.tag, &extensions);
        append_ue7(uint32_t(rec.payload.size()), &extensions);
        extensions.insert(extensions.end(), rec.payload.begin(), rec.payload.end());
    }
    const bool has_extension = !extensions.empty();

    std::vector<uint8_t> out(std::begin(kMagic), std::end(kMagic));
    out.push_back(uint8_t((h.pixel_format << 5) | (h.alpha1 << 4) | (h.bit_depth - 8)));
    out.push_back(uint8_t((h.color_space << 4) | (has_extension << 3) | (h.alpha2 << 2) |
                          (h.limited_range << 1) | int(h.animated)));
    append_ue7(h.width, &out);
    append_ue7(h.height, &out);
    append_ue7(0, &out);  // picture_data_length: 0 = to the end of the file
    if (has_extension) {
        append_ue7(uint32_t(extensions.size()), &out);
        out.insert(out.end(), extensions.begin(), extensions.end());
    }
    if (alpha_compact_sps) {
        append_ue7(uint32_t(alpha_compact_sps->size()), &out);
        out.insert(out.end(), alpha_compact_sps->begin(), alpha_compact_sps->end());
    }
    append_ue7(uint32_t(color_compact_sps.size()), &out);
    out.insert(out.end(), color_compact_sps.begin(), color_compact_sps.end());
    out.insert(out.end(), hevc_data.begin(), hevc_data.end());
    return out;
}

}  // namespace bpgr::enc
