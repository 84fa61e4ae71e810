// Binary PPM (P6, maxval 255) writer: one RGB24 frame per file.
#pragma once

#include "frame_writer.h"

namespace bpgr::cli {

class PpmWriter final : public FrameWriter {
public:
    explicit PpmWriter(std::FILE *stream) : stream_(stream) {}
    // Accepts only 3-channel 8-bit frames, and only one.
    bool write_frame(const FrameView &frame, std::string &error) override;
    bool finish(std::string &error) override;

private:
    std::FILE *stream_;
    bool wrote_frame_ = false;
};

}  // namespace bpgr::cli
