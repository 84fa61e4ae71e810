#include "frame_duration_sei.h"

#include "hevc_nal.h"
#include "rbsp.h"

namespace bpgr {

namespace {

constexpr uint32_t kSeiFrameDuration = 257;
constexpr uint8_t kSeiByteRun = 0xFF;  // sei payload type / size: 255 per 0xFF byte, then the rest
constexpr uint8_t kRbspTrailingBits = 0x80;
constexpr uint8_t kDurationPayloadBytes = 2;

}  // namespace

std::vector<uint8_t> write_frame_duration_sei(uint16_t ticks) {
    const uint8_t header[kNalHeaderBytes] = {uint8_t(kNalPrefixSei << 1), 0x01};  // layer 0, temporal id 1
    const std::vector<uint8_t> rbsp = {kSeiByteRun,
                                       uint8_t(kSeiFrameDuration - kSeiByteRun),
                                       kDurationPayloadBytes,
                                       uint8_t(ticks >> 8),
                                       uint8_t(ticks & 0xFF),
                                       kRbspTrailingBits};
    std::vector<uint8_t> nal(header, header + kNalHeaderBytes);
    const std::vector<uint8_t> payload = escape_rbsp(rbsp);
    nal.insert(nal.end(), payload.begin(), payload.end());
    return nal;
}

bool read_frame_duration_sei(const uint8_t *nal, size_t size, uint32_t &ticks) {
    if (size < kNalHeaderBytes) return false;
    std::vector<uint8_t> rbsp = unescape_rbsp(nal + kNalHeaderBytes, size - kNalHeaderBytes);
    size_t i = 0;
    bool found = false;
    while (i < rbsp.size() && !(rbsp[i] == kRbspTrailingBits && i + 1 == rbsp.size())) {
        uint32_t type = 0, length = 0;
        while (i < rbsp.size() && rbsp[i] == kSeiByteRun) type += rbsp[i++];
        if (i >= rbsp.size()) break;
        type += rbsp[i++];
        while (i < rbsp.size() && rbsp[i] == kSeiByteRun) length += rbsp[i++];
        if (i >= rbsp.size()) break;
        length += rbsp[i++];
        if (length > rbsp.size() - i) break;
        if (type == kSeiFrameDuration && length >= kDurationPayloadBytes) {
            ticks = (uint32_t{rbsp[i]} << 8) | rbsp[i + 1];
            found = true;
        }
        i += length;
    }
    return found;
}

}  // namespace bpgr
