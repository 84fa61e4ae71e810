// The "md5 muxer": hashes every frame's pixels instead of writing a file,
// exactly as fixtures/bpg/manifest.tsv defines the pixel md5: rows of
// width * channels samples, no padding, 16-bit samples little-endian,
// frames concatenated in decoding order.
#pragma once

#include <vector>

#include "frame_writer.h"
#include "md5.h"

namespace bpgr::cli {

class Md5Writer final : public FrameWriter {
public:
    bool write_frame(const FrameView &frame, std::string &error) override;
    // Finishes the digest; read it with hex_digest().
    bool finish(std::string &error) override;
    const std::string &hex_digest() const { return digest_; }

private:
    Md5 md5_;
    std::vector<uint8_t> swapped_row_;  // big-endian hosts only
    std::string digest_;
    bool finished_ = false;
};

}  // namespace bpgr::cli
