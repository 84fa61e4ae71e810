#include "idat_compressor.h"

#include <zlib.h>

#include <algorithm>
#include <thread>

namespace bpgr::cli {

namespace {

constexpr int kFilterTypeNone = 0;
constexpr int kFilterTypeUp = 2;
constexpr int kRawDeflateWindowBits = -15;  // negative: no zlib header/trailer
constexpr int kMemLevel = 8;
constexpr uint32_t kRowsPerBatch = 32;      // rows filtered before each deflate call
// zlib header for a 32 KiB window, deflate, no dictionary (CMF*256+FLG % 31 == 0).
constexpr uint8_t kZlibHeader[2] = {0x78, 0x01};

struct Strip {
    uint32_t first_row = 0, end_row = 0;
    bool last = false;
    std::vector<uint8_t> deflated;
    uLong adler = 1;
    uLong raw_bytes = 0;
    bool ok = false;
};

// Row y as PNG stores it: 16-bit samples big-endian.
void png_row_bytes(const FrameView &frame, uint32_t y, bool host_little_endian, uint8_t *dst) {
    const uint8_t *src = frame.pixels + ptrdiff_t(y) * frame.stride;
    const size_t n = frame.row_bytes();
    if (frame.bytes_per_sample == 2 && host_little_endian) {
        for (size_t i = 0; i < n; i += 2) {
            dst[i] = src[i + 1];
            dst[i + 1] = src[i];
        }
    } else {
        std::copy(src, src + n, dst);
    }
}

void compress_strip(const FrameView &frame, const IdatSettings &settings, Strip &strip) {
    const uint16_t probe = 1;
    const bool little_endian = *reinterpret_cast<const uint8_t *>(&probe) == 1;
    const size_t row_bytes = frame.row_bytes();
    const size_t filtered_row_bytes = row_bytes + 1;

    z_stream z{};
    if (deflateInit2(&z, settings.compression_level, Z_DEFLATED, kRawDeflateWindowBits, kMemLevel,
                     settings.strategy) != Z_OK)
        return;
    const uLong rows = strip.end_row - strip.first_row;
    strip.raw_bytes = rows * filtered_row_bytes;
    strip.deflated.resize(deflateBound(&z, strip.raw_bytes) + 64);
    z.next_out = strip.deflated.data();
    z.avail_out = uInt(strip.deflated.size());

    std::vector<uint8_t> batch(filtered_row_bytes * kRowsPerBatch);
    std::vector<uint8_t> previous(row_bytes, 0), current(row_bytes);
    if (strip.first_row > 0) png_row_bytes(frame, strip.first_row - 1, little_endian, previous.data());
    bool ok = true;
    for (uint32_t y = strip.first_row; ok && y < strip.end_row;) {
        const uint32_t batch_rows = std::min(kRowsPerBatch, strip.end_row - y);
        for (uint32_t r = 0; r < batch_rows; ++r, ++y) {
            uint8_t *out = batch.data() + r * filtered_row_bytes;
            png_row_bytes(frame, y, little_endian, current.data());
            if (settings.up_filter) {
                out[0] = kFilterTypeUp;
                for (size_t i = 0; i < row_bytes; ++i) out[1 + i] = uint8_t(current[i] - previous[i]);
            } else {
                out[0] = kFilterTypeNone;
                std::copy(current.begin(), current.end(), out + 1);
            }
            previous.swap(current);
        }
        const uInt batch_bytes = uInt(batch_rows * filtered_row_bytes);
        strip.adler = adler32(strip.adler, batch.data(), batch_bytes);
        z.next_in = batch.data();
        z.avail_in = batch_bytes;
        const bool final_batch = y == strip.end_row;
        const int flush = !final_batch ? Z_NO_FLUSH : strip.last ? Z_FINISH : Z_SYNC_FLUSH;
        const int status = deflate(&z, flush);
        ok = z.avail_in == 0 && (flush == Z_FINISH ? status == Z_STREAM_END : status == Z_OK);
    }
    strip.deflated.resize(strip.deflated.size() - z.avail_out);
    deflateEnd(&z);
    strip.ok = ok;
}

}  // namespace

bool compress_idat(const FrameView &frame, const IdatSettings &settings,
                   std::vector<uint8_t> &zlib_stream, std::string &error) {
    const uint32_t strip_count =
        std::max(1u, std::min<uint32_t>(uint32_t(std::max(1, settings.threads)), frame.height));
    std::vector<Strip> strips(strip_count);
    for (uint32_t i = 0; i < strip_count; ++i) {
        strips[i].first_row = uint32_t(uint64_t(frame.height) * i / strip_count);
        strips[i].end_row = uint32_t(uint64_t(frame.height) * (i + 1) / strip_count);
        strips[i].last = i + 1 == strip_count;
    }
    std::vector<std::thread> workers;
    for (uint32_t i = 1; i < strip_count; ++i)
        workers.emplace_back(compress_strip, std::cref(frame), std::cref(settings),
                             std::ref(strips[i]));
    compress_strip(frame, settings, strips[0]);
    for (std::thread &t : workers) t.join();

    size_t total = sizeof kZlibHeader + 4;
    for (const Strip &s : strips) {
        if (!s.ok) {
            error = "zlib compression failed";
            return false;
        }
        total += s.deflated.size();
    }
    zlib_stream.clear();
    zlib_stream.reserve(total);
    zlib_stream.insert(zlib_stream.end(), kZlibHeader, kZlibHeader + sizeof kZlibHeader);
    uLong adler = strips[0].adler;
    for (size_t i = 0; i < strips.size(); ++i) {
        zlib_stream.insert(zlib_stream.end(), strips[i].deflated.begin(), strips[i].deflated.end());
        if (i > 0) adler = adler32_combine(adler, strips[i].adler, z_off_t(strips[i].raw_bytes));
    }
    for (int shift = 24; shift >= 0; shift -= 8) zlib_stream.push_back(uint8_t(adler >> shift));
    return true;
}

}  // namespace bpgr::cli
