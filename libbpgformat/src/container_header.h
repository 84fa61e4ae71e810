// The BPG container up to the HEVC data (bpg-format.md 1): magic, the
// picture header, the extension block and the compact SPS of each stream.
// Read by the decoder, written by the encoder. Knows nothing of HEVC
// decoders or encoders.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bpgr_common/status.h"
#include "compact_sps.h"
#include "extension_records.h"

namespace bpgr {

// HEVC chroma_format_idc of a header pixel_format (4/5 are 4:2:0/4:2:2).
inline int chroma_format_idc(int pixel_format) {
    return pixel_format == 4 ? 1 : pixel_format == 5 ? 2 : pixel_format;
}

struct BpgHeader {
    uint8_t pixel_format = 0;  // raw 0..5
    bool alpha1 = false;
    bool alpha2 = false;
    uint8_t bit_depth = 8;
    uint8_t color_space = 0;
    bool has_extensions = false;
    bool limited_range = false;
    bool animation = false;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t picture_data_length = 0;  // 0 = to the end of the file
    uint16_t loop_count = 0;
    uint16_t frame_period_num = 0;
    uint16_t frame_period_den = 0;
    std::vector<ExtensionRecord> extensions;  // when read: only when parsed
    bool has_extra_plane() const { return alpha1 || alpha2; }
    bool has_alpha() const { return alpha1; }
    bool has_w_plane() const { return !alpha1 && alpha2; }
    int chroma_format_idc() const { return bpgr::chroma_format_idc(pixel_format); }
    int chroma_phase() const { return pixel_format >= 4 ? 0 : 1; }
    CompactSps alpha_sps;   // valid when has_extra_plane()
    CompactSps color_sps;
    size_t hevc_data_offset = 0;  // when read
};

enum class ParseDepth {
    kSize,        // magic .. width/height (libbpg's get_info_from_buf without list)
    kExtensions,  // .. the extension block (libbpg's get_info_from_buf with list)
    kHeaders,     // everything up to the HEVC data
};

// Caller limits the container checks while reading; 0 = no limit.
struct ContainerLimits {
    uint64_t max_file_bytes = 0;
    uint64_t max_extension_bytes = 0;
};

// Parses the container as the reference reads it, plus bpgr's stricter
// checks (bpg-format.md 1). `keep_extensions` parses and validates the
// records (always done for animations). `limits` may be NULL.
Status read_container(const uint8_t *data, size_t size, ParseDepth depth, bool keep_extensions,
                      const ContainerLimits *limits, BpgHeader &header);

// Everything before hevc_data: magic, header fields (extension flag set when
// there is a record), the extension block (the animation control record from
// the header's values first when `animation`, then `extensions` in order,
// their payloads read from `payloads`; records tagged animation control are
// not copied), then the alpha (when has_extra_plane()) and colour compact SPS.
std::vector<uint8_t> write_container_header(const BpgHeader &header, const uint8_t *payloads);

}  // namespace bpgr
