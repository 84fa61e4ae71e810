// Runs the decoding stages for one BPG file: container -> access units ->
// libde265 -> cropped planes, frame after frame. Owns the file copy, the
// HEVC decoder instances and the planes of the current frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "bpgr/decoder.h"
#include "container_reader.h"
#include "hevc_decode_libde265.h"
#include "nal_validator.h"
#include "slice_qp_reader.h"
#include "bpgr_common/status.h"

namespace bpgr {

struct FrameDecoderOptions {
    bool keep_extensions = true;
    int threads = 1;
    const bpgr_limits *limits = nullptr;  // NULL: only the format's own checks
};

class FrameDecoder {
public:
    // Parses the header and decodes frame 0. Copies `data`.
    Status open(const uint8_t *data, size_t size, const FrameDecoderOptions &options);
    // Decodes the next animation frame; StatusCode::kEndOfStream (as code) when none.
    Status next_frame();

    bool is_open() const { return open_; }
    const BpgHeader &header() const { return header_; }
    const std::vector<uint8_t> &file() const { return file_; }
    // 0..2 colour planes (only 0 for gray); 3 = alpha/W plane when present.
    const Plane16 &plane(int index) const { return planes_[index]; }
    // The plane with API index `api_plane` (colour planes, then the alpha/W
    // plane: index 3, or 1 for gray), or NULL when the image has none.
    const Plane16 *api_plane(int api_plane) const;
    uint32_t frame_index() const { return frame_index_; }
    uint32_t duration_ticks() const { return duration_ticks_; }
    int frame_qp() const { return frame_qp_; }

private:
    Status decode_access_unit();
    void update_qp(const std::vector<NalSpan> &color_nals);

    FrameDecoderOptions options_;
    bpgr_limits limits_{};
    bool has_limits_ = false;
    bool open_ = false;
    std::vector<uint8_t> file_;
    BpgHeader header_;
    std::unique_ptr<HevcStreamDecoder> color_;
    std::unique_ptr<HevcStreamDecoder> alpha_;
    std::unique_ptr<NalValidator> validator_;
    Plane16 planes_[4];
    size_t pos_ = 0;
    bool first_nal_ = true;
    uint32_t frame_index_ = 0;
    uint32_t duration_ticks_ = 1;
    int frame_qp_ = -1;
    PpsQpFields pps_;
};

}  // namespace bpgr
