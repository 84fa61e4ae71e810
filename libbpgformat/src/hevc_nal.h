// The two-byte HEVC NAL unit header (H.265 7.3.1.2) and the NAL unit types
// BPG's hevc_data uses (bpg-format.md 3). `nal` points at the header, after
// any start code.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bpgr {

enum NalType : int {
    kNalTrailN = 0,
    kNalTrailR = 1,
    kNalBlaWLp = 16,
    kNalIdrWRadl = 19,
    kNalIdrNLp = 20,
    kNalCraNut = 21,
    kNalVps = 32,
    kNalSps = 33,
    kNalPps = 34,
    kNalAud = 35,
    kNalPrefixSei = 39,
    kNalSuffixSei = 40,
};

constexpr size_t kNalHeaderBytes = 2;

inline int nal_type(const uint8_t *nal) { return (nal[0] >> 1) & 0x3F; }
inline int nal_layer_id(const uint8_t *nal) { return ((nal[0] & 1) << 5) | (nal[1] >> 3); }
// VCL NAL units (slices) have types 0..31.
inline bool is_vcl(int type) { return type < kNalVps; }

}  // namespace bpgr
