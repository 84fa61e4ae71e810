// Turns the current frame's planes into output pixels: colour conversion
// split over threads, then optional restoration. Owns its scratch buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "color_convert.h"
#include "frame_decoder.h"
#include "large_buffer.h"
#include "restore_stage.h"
#include "bpgr_common/status.h"

namespace bpgr {

PictureFormat picture_format_of(const BpgHeader &header);
// The plane views of the current frame (extra.data == nullptr without one).
void current_plane_views(const FrameDecoder &frames, PlaneView planes[3], PlaneView &extra);

class FrameRenderer {
public:
    // Converts rows [y0, y1) into dst (pointing at row y0).
    Status convert_rows(const FrameDecoder &frames, bpgr_output_format format, uint32_t y0, uint32_t y1,
                        uint8_t *dst, ptrdiff_t stride, int threads);
    // The whole frame, restored when `restore` is not NULL and the format is RGB(A).
    Status render(const FrameDecoder &frames, bpgr_output_format format, uint8_t *dst, ptrdiff_t stride,
                  int threads, RestoreStage *restore);

private:
    Status prepare(const FrameDecoder &frames, bpgr_output_format format);

    ColorConverter converter_;
    bool converter_ready_ = false;
    bpgr_output_format converter_format_ = BPGR_OUTPUT_RGB24;
    LargeBuffer<uint16_t> restore_input_;
};

}  // namespace bpgr
