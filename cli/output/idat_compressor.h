// The PNG image data (the zlib stream that IDAT chunks carry) of a frame,
// compressed in horizontal strips on several threads. Each strip is an
// independent raw deflate stream ended with a sync flush (the last one
// finishes the stream), so their concatenation behind one zlib header is a
// valid stream; the Adler-32s are combined. Filters: None or Up only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "frame_writer.h"

namespace bpgr::cli {

struct IdatSettings {
    int compression_level = 1;
    int strategy = 0;       // zlib strategy
    bool up_filter = true;  // PNG filter type 2 on every row, else type 0
    int threads = 2;        // strips compressed at once (>= 1)
};

// Fills `zlib_stream` with the complete zlib stream of `frame`'s rows (16-bit
// samples converted to big-endian). False + message on a zlib failure.
bool compress_idat(const FrameView &frame, const IdatSettings &settings,
                   std::vector<uint8_t> &zlib_stream, std::string &error);

}  // namespace bpgr::cli
