#include "ppm_writer.h"

namespace bpgr::cli {

bool PpmWriter::write_frame(const FrameView &frame, std::string &error) {
    if (frame.channels != 3 || frame.bytes_per_sample != 1) {
        error = "PPM output needs 8-bit RGB pixels";
        return false;
    }
    if (wrote_frame_) {
        error = "a PPM file holds a single frame";
        return false;
    }
    wrote_frame_ = true;
    if (std::fprintf(stream_, "P6\n%u %u\n255\n", frame.width, frame.height) < 0) {
        error = "I/O error";
        return false;
    }
    const size_t row_bytes = frame.row_bytes();
    if (frame.stride == ptrdiff_t(row_bytes)) {
        const size_t total = row_bytes * frame.height;
        if (std::fwrite(frame.pixels, 1, total, stream_) != total) {
            error = "I/O error";
            return false;
        }
        return true;
    }
    for (uint32_t y = 0; y < frame.height; ++y) {
        if (std::fwrite(frame.pixels + ptrdiff_t(y) * frame.stride, 1, row_bytes, stream_) !=
            row_bytes) {
            error = "I/O error";
            return false;
        }
    }
    return true;
}

bool PpmWriter::finish(std::string &error) {
    if (!wrote_frame_) {
        error = "no frame was written";
        return false;
    }
    return true;
}

}  // namespace bpgr::cli
