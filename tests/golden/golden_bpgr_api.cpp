// Golden check through the bpgr C API (bpgr/decoder.h).
#include <cstring>
#include <memory>
#include <vector>

#include "bpgr/decoder.h"
#include "golden_checks.h"
#include "md5.h"

namespace bpgr::test {

namespace {

struct DecoderDeleter {
    void operator()(bpgr_decoder *dec) const { bpgr_decoder_destroy(dec); }
};
using DecoderPtr = std::unique_ptr<bpgr_decoder, DecoderDeleter>;

// Extra bytes per row so a wrong stride shows up.
constexpr ptrdiff_t kStridePadding = 13;
constexpr uint8_t kPaddingByte = 0xa5;

void check_info(const bpgr_image_info &info, const ExpectedImage &e, const std::string &source,
                CheckLog &log) {
    log.expect_eq(source + " width", e.width, info.width);
    log.expect_eq(source + " height", e.height, info.height);
    log.expect_eq(source + " pixel_format", e.header_format, int(info.pixel_format));
    log.expect_eq(source + " color_space", e.color_space, int(info.color_space));
    log.expect_eq(source + " bit_depth", e.bit_depth, int(info.bit_depth));
    log.expect_eq(source + " has_alpha", int(e.has_alpha), int(info.has_alpha));
    log.expect_eq(source + " premultiplied_alpha", int(e.premultiplied),
                  int(info.premultiplied_alpha));
    log.expect_eq(source + " has_w_plane", int(e.w_plane), int(info.has_w_plane));
    log.expect_eq(source + " limited_range", int(e.limited_range), int(info.limited_range));
    log.expect_eq(source + " has_animation", int(e.animation), int(info.has_animation));
    log.expect_eq(source + " loop_count", e.loop_count, int(info.loop_count));
    log.expect_eq(source + " extension_count", uint32_t(e.extensions.size()),
                  info.extension_count);
}

void check_extensions(const bpgr_decoder *dec, const ExpectedImage &e, CheckLog &log) {
    for (size_t i = 0; i < e.extensions.size(); ++i) {
        uint32_t tag = 0;
        const uint8_t *data = nullptr;
        size_t size = 0;
        const std::string what = "extension " + std::to_string(i);
        if (!log.expect_eq(what + " status", int(BPGR_OK),
                           int(bpgr_decoder_get_extension(dec, uint32_t(i), &tag, &data, &size))))
            continue;
        log.expect_eq(what + " tag", e.extensions[i].tag, tag);
        log.expect_eq(what + " size", size_t(e.extensions[i].length), size);
        log.expect_true(what + " data", size == 0 || data != nullptr);
    }
    uint32_t tag;
    const uint8_t *data;
    size_t size;
    log.expect_true("extension past the end fails",
                    bpgr_decoder_get_extension(dec, uint32_t(e.extensions.size()), &tag, &data,
                                               &size) < 0);
}

void check_planes(const bpgr_decoder *dec, const ExpectedFrame &frame, const std::string &where,
                  CheckLog &log) {
    for (const ExpectedPlane &p : frame.planes) {
        const std::string what = where + " plane " + std::to_string(p.index) + " (" + p.name + ")";
        const uint16_t *samples = nullptr;
        uint32_t width = 0, height = 0;
        ptrdiff_t stride = 0;
        if (!log.expect_eq(what + " status", int(BPGR_OK),
                           int(bpgr_decoder_get_plane(dec, p.index, &samples, &width, &height,
                                                      &stride))))
            continue;
        log.expect_eq(what + " width", p.width, width);
        log.expect_eq(what + " height", p.height, height);
        if (width != p.width || height != p.height || !samples) continue;
        log.expect_eq(what + " md5", p.md5, plane_md5(width, height, [&](uint32_t y) {
                          return samples + ptrdiff_t(y) * stride;
                      }));
    }
    const uint16_t *samples;
    uint32_t width, height;
    ptrdiff_t stride;
    log.expect_true(where + " plane past the last fails",
                    bpgr_decoder_get_plane(dec, int(frame.planes.size()), &samples, &width,
                                           &height, &stride) < 0);
}

std::string per_frame_md5(const ExpectedFrame &frame, const std::string &column) {
    if (column == "md5_rgb8") return frame.md5_rgb8;
    if (column == "md5_rgb16") return frame.md5_rgb16;
    if (column == "md5_rgb24") return frame.md5_rgb24;
    return "";
}

}  // namespace

void check_with_bpgr_api(const std::string &bytes, const ExpectedImage &e, CheckLog &log) {
    const uint8_t *data = reinterpret_cast<const uint8_t *>(bytes.data());

    bpgr_image_info probed{};
    char message[256] = "";
    if (log.expect_eq("bpgr_probe status", int(BPGR_OK),
                      int(bpgr_probe(data, bytes.size(), nullptr, &probed, message,
                                     sizeof message))))
        check_info(probed, e, "probe", log);
    else
        log.fail(std::string("probe message: ") + message);

    bpgr_decoder_settings settings;
    bpgr_decoder_default_settings(&settings);
    bpgr_decoder *raw = nullptr;
    if (!log.expect_eq("bpgr_decoder_create", int(BPGR_OK),
                       int(bpgr_decoder_create(&settings, &raw))))
        return;
    DecoderPtr dec(raw);
    if (!log.expect_eq("bpgr_decoder_open", int(BPGR_OK),
                       int(bpgr_decoder_open(dec.get(), data, bytes.size())))) {
        log.fail(std::string("open message: ") + bpgr_decoder_last_error(dec.get()));
        return;
    }
    bpgr_image_info info{};
    log.expect_eq("get_info", int(BPGR_OK), int(bpgr_decoder_get_info(dec.get(), &info)));
    check_info(info, e, "info", log);
    check_extensions(dec.get(), e, log);

    std::vector<cli::Md5> totals(e.md5_columns.size());
    std::vector<uint8_t> buffer;
    uint32_t frame = 0;
    for (;; ++frame) {
        const std::string where = "frame " + std::to_string(frame);
        log.expect_eq(where + " index", frame, bpgr_decoder_frame_index(dec.get()));
        if (frame >= e.frames.size()) {
            log.fail(where + ": more frames than the manifest's " + std::to_string(e.frame_count));
            return;
        }
        const ExpectedFrame &expected_frame = e.frames[frame];
        uint32_t num = 0, den = 0;
        log.expect_eq(where + " frame_duration status", int(BPGR_OK),
                      int(bpgr_decoder_frame_duration(dec.get(), &num, &den)));
        log.expect_eq(where + " duration", expected_frame.duration,
                      std::to_string(num) + "/" + std::to_string(den));

        for (size_t c = 0; c < e.md5_columns.size(); ++c) {
            const Md5Column &column = e.md5_columns[c];
            const auto format = bpgr_output_format(column.format);
            const size_t row_bytes = size_t(e.width) * size_t(bytes_per_pixel(column.format));
            log.expect_eq("bytes_per_pixel " + column.name, size_t(bytes_per_pixel(column.format)),
                          bpgr_output_bytes_per_pixel(format));
            const ptrdiff_t stride = ptrdiff_t(row_bytes) + kStridePadding;
            // Zero-filled: for W-plane CMYK the K sample inverts what was there.
            buffer.assign(size_t(stride) * e.height, 0);
            for (uint32_t y = 0; y < e.height; ++y)
                std::memset(buffer.data() + y * stride + row_bytes, kPaddingByte, kStridePadding);
            const std::string what = where + " " + column.name;
            if (!log.expect_eq(what + " read_frame", int(BPGR_OK),
                               int(bpgr_decoder_read_frame(dec.get(), format, buffer.data(),
                                                           stride)))) {
                log.fail(std::string("read_frame message: ") + bpgr_decoder_last_error(dec.get()));
                continue;
            }
            cli::Md5 frame_md5;
            bool padding_intact = true;
            for (uint32_t y = 0; y < e.height; ++y) {
                const uint8_t *row = buffer.data() + y * stride;
                totals[c].update(row, row_bytes);
                frame_md5.update(row, row_bytes);
                for (ptrdiff_t i = 0; i < kStridePadding; ++i)
                    padding_intact &= row[row_bytes + size_t(i)] == kPaddingByte;
            }
            log.expect_true(what + ": read_frame wrote past the row end", padding_intact);
            const std::string expected_frame_md5 = per_frame_md5(expected_frame, column.name);
            if (!expected_frame_md5.empty())
                log.expect_eq(what + " (frames.tsv)", expected_frame_md5, frame_md5.hex_digest());

            if (!is_cmyk_format(column.format)) {
                const void *owned = nullptr;
                ptrdiff_t owned_stride = 0;
                if (log.expect_eq(what + " read_frame_owned", int(BPGR_OK),
                                  int(bpgr_decoder_read_frame_owned(dec.get(), format, &owned,
                                                                    &owned_stride)))) {
                    bool same = owned_stride >= ptrdiff_t(row_bytes);
                    for (uint32_t y = 0; same && y < e.height; ++y)
                        same = std::memcmp(static_cast<const uint8_t *>(owned) + y * owned_stride,
                                           buffer.data() + y * stride, row_bytes) == 0;
                    log.expect_true(what + ": read_frame_owned differs from read_frame", same);
                }
            }
        }
        check_planes(dec.get(), expected_frame, where, log);

        const bpgr_status next = bpgr_decoder_next_frame(dec.get());
        if (next == BPGR_END_OF_STREAM) break;
        if (next != BPGR_OK) {
            log.fail(where + ": next_frame failed: " + bpgr_decoder_last_error(dec.get()));
            return;
        }
    }
    log.expect_eq("frame count", e.frame_count, int(frame + 1));
    for (size_t c = 0; c < e.md5_columns.size(); ++c)
        log.expect_eq(e.md5_columns[c].name, e.md5_columns[c].md5, totals[c].hex_digest());
    log.expect_eq("next_frame after the end", int(BPGR_END_OF_STREAM),
                  int(bpgr_decoder_next_frame(dec.get())));
}

}  // namespace bpgr::test
