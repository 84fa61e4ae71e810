#include "hevc_data_builder.h"

#include <algorithm>
#include <iterator>

#include "frame_duration_sei.h"
#include "hevc_nal.h"

namespace bpgr::enc {
namespace {

constexpr uint8_t kLayerIdOneBit = 0x08;  // second header byte, nuh_layer_id = 1
constexpr uint8_t kStartCode[] = {0x00, 0x00, 0x01};

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
        const bool opens = starts_picture(nal) || (!is_vcl(type) && type != kNalSuffixSei);
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
            NalUnit sei{std::vector<uint8_t>(std::begin(kStartCode), std::end(kStartCode))};
            const std::vector<uint8_t> sei_nal = write_frame_duration_sei(ticks);
            sei.bytes.insert(sei.bytes.end(), sei_nal.begin(), sei_nal.end());
            out.push_back(std::move(sei));
            inserted = true;
        }
        out.push_back(*nal);
    }
    return out;
}

}  // namespace

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

}  // namespace bpgr::enc
