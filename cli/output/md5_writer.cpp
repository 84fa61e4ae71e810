#include "md5_writer.h"

namespace bpgr::cli {

namespace {

bool host_is_little_endian() {
    const uint16_t probe = 1;
    return *reinterpret_cast<const uint8_t *>(&probe) == 1;
}

}  // namespace

bool Md5Writer::write_frame(const FrameView &frame, std::string &error) {
    if (finished_) {
        error = "md5 already finished";
        return false;
    }
    const size_t row_bytes = frame.row_bytes();
    const bool swap = frame.bytes_per_sample == 2 && !host_is_little_endian();
    if (!swap && frame.stride == ptrdiff_t(row_bytes)) {
        md5_.update(frame.pixels, row_bytes * frame.height);
        return true;
    }
    for (uint32_t y = 0; y < frame.height; ++y) {
        const uint8_t *row = frame.pixels + ptrdiff_t(y) * frame.stride;
        if (swap) {
            swapped_row_.resize(row_bytes);
            for (size_t i = 0; i < row_bytes; i += 2) {
                swapped_row_[i] = row[i + 1];
                swapped_row_[i + 1] = row[i];
            }
            row = swapped_row_.data();
        }
        md5_.update(row, row_bytes);
    }
    return true;
}

bool Md5Writer::finish(std::string &) {
    if (!finished_) {
        digest_ = md5_.hex_digest();
        finished_ = true;
    }
    return true;
}

}  // namespace bpgr::cli
