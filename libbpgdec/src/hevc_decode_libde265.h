// One HEVC stream decoded by the system libde265: NAL units in, cropped
// 16-bit planes out. The only file that includes libde265.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hevc_stream_builder.h"
#include "large_buffer.h"
#include "bpgr_common/status.h"

struct de265_image;

namespace bpgr {

// A cropped plane with 16-bit samples, stride == width.
struct Plane16 {
    LargeBuffer<uint16_t> samples;
    uint32_t width = 0;
    uint32_t height = 0;
};

struct StreamGeometry {
    int chroma_format_idc = 0;  // 0 gray .. 3 4:4:4
    uint32_t width = 0;         // picture (luma) size, unpadded
    uint32_t height = 0;
    int bit_depth = 8;
    uint32_t coded_width = 0;   // luma size of the synthesized SPS (padded)
    uint32_t coded_height = 0;
};

class HevcStreamDecoder {
public:
    HevcStreamDecoder() = default;
    HevcStreamDecoder(const HevcStreamDecoder &) = delete;
    HevcStreamDecoder &operator=(const HevcStreamDecoder &) = delete;
    ~HevcStreamDecoder();

    // Creates the libde265 instance and pushes the synthesized VPS and SPS.
    Status init(const NalBytes &vps, const NalBytes &sps, const StreamGeometry &geometry,
                int threads);

    // Decodes one picture from `nals` (spans into `data`). In-band VPS/SPS
    // are skipped; `is_alpha` rewrites layer id 1 to 0. Fills `planes`
    // (1 for monochrome, else 3) with the cropped samples. `last_picture`
    // allows flushing the decoder when it holds the picture back.
    Status decode_picture(const uint8_t *data, const std::vector<NalSpan> &nals, bool is_alpha,
                          bool last_picture, Plane16 *planes);

private:
    Status copy_picture(const ::de265_image *img, Plane16 *planes) const;

    void *ctx_ = nullptr;  // de265_decoder_context (a void typedef in libde265)
    StreamGeometry geometry_;
    std::vector<uint8_t> nal_copy_;
};

}  // namespace bpgr
