// One HEVC stream (colour, or the monochrome alpha/W plane) encoded with
// x265, configured so that its SPS fits the BPG compact header. The only
// file that includes x265.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bpgr_common/status.h"
#include "hevc_nal.h"
#include "picture.h"

namespace bpgr::enc {

struct CuSizes {
    uint32_t min_cu = 8;   // padding multiple of every plane's luma size
    uint32_t max_cu = 64;  // CTU size
};

// x265 3.5 refuses pictures smaller than one CTU; pick the largest CTU that
// fits and, for sides under 16, a 16x16 minimum CU (format doc 8.2).
CuSizes choose_cu_sizes(uint32_t width, uint32_t height);

inline uint32_t round_up(uint32_t v, uint32_t multiple) {
    return (v + multiple - 1) / multiple * multiple;
}

struct HevcStreamConfig {
    uint32_t padded_width = 0;
    uint32_t padded_height = 0;
    int chroma_format_idc = 1;  // 0 = monochrome
    int bit_depth = 8;
    int qp = 29;
    int compress_level = 8;     // 1..9
    bool lossless = false;
    bool hash = false;
    bool animated = false;
    bool verbose = false;
    int threads = 0;            // 0 = x265's default
    CuSizes cu;
};

struct NalUnit {
    std::vector<uint8_t> bytes;  // Annex-B: start code + header + payload
    size_t start_code_size() const { return bytes.size() > 2 && bytes[2] == 1 ? 3 : 4; }
    int type() const { return nal_type(bytes.data() + start_code_size()); }
};

class HevcEncoderX265 {
public:
    HevcEncoderX265();
    ~HevcEncoderX265();
    HevcEncoderX265(const HevcEncoderX265 &) = delete;
    HevcEncoderX265 &operator=(const HevcEncoderX265 &) = delete;

    // Errors: StatusCode::kEncodeFailed, naming what x265 refused.
    Status open(const HevcStreamConfig &config);
    // planes: 1 (monochrome) or 3, already padded to the coded size.
    Status encode(const Plane *planes, int plane_count);
    // Drains the encoder; afterwards nals() holds the whole stream.
    Status flush();
    std::vector<NalUnit> &nals() { return nals_; }

private:
    struct X265State;
    std::unique_ptr<X265State> state_;
    std::vector<NalUnit> nals_;
    HevcStreamConfig config_;
    int64_t next_pts_ = 0;
};

}  // namespace bpgr::enc
