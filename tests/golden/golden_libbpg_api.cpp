// Golden check through the libbpg-compatible API (bpgr/libbpg.h), using it as
// a libbpg 0.9.8 program would (bpg-format.md section 6).
#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

#include "bpgr/libbpg.h"
#include "golden_checks.h"
#include "md5.h"

namespace bpgr::test {

namespace {

constexpr int kFirstInvalidFormat = 6;
constexpr int kInfoPrefixBytes = 16;  // BPG_DECODER_INFO_BUF_SIZE

struct Context {
    BPGDecoderContext *ctx = bpg_decoder_open();
    ~Context() {
        if (ctx) bpg_decoder_close(ctx);
    }
};

void check_extension_list(const BPGExtensionData *first, const ExpectedImage &e,
                          const std::string &source, CheckLog &log) {
    size_t count = 0;
    for (const BPGExtensionData *ext = first; ext; ext = ext->next, ++count) {
        if (count >= e.extensions.size()) continue;
        const std::string what = source + " extension " + std::to_string(count);
        log.expect_eq(what + " tag", e.extensions[count].tag, uint32_t(ext->tag));
        log.expect_eq(what + " buf_len", e.extensions[count].length, ext->buf_len);
        log.expect_true(what + " buf", ext->buf_len == 0 || ext->buf != nullptr);
    }
    log.expect_eq(source + " extension count", e.extensions.size(), count);
}

void check_planes(BPGDecoderContext *ctx, const ExpectedFrame &frame, const std::string &where,
                  CheckLog &log) {
    for (const ExpectedPlane &p : frame.planes) {
        const std::string what =
            where + " get_data plane " + std::to_string(p.index) + " (" + p.name + ")";
        int line_size = 0;
        const uint8_t *data = bpg_decoder_get_data(ctx, &line_size, p.index);
        if (!log.expect_true(what + " returned NULL", data != nullptr)) continue;
        if (!log.expect_true(what + " line size too small",
                             line_size >= int(p.width) * 2))
            continue;
        log.expect_eq(what + " md5", p.md5, plane_md5(p.width, p.height, [&](uint32_t y) {
                          return reinterpret_cast<const uint16_t *>(data + ptrdiff_t(y) *
                                                                               line_size);
                      }));
    }
    int line_size = -1;
    log.expect_true(where + " get_data past the last plane returns NULL",
                    bpg_decoder_get_data(ctx, &line_size, int(frame.planes.size())) == nullptr);
    log.expect_eq(where + " get_data past the last plane line size", 0, line_size);
}

std::string per_frame_md5(const ExpectedFrame &frame, const std::string &column) {
    if (column == "md5_rgb8") return frame.md5_rgb8;
    if (column == "md5_rgb16") return frame.md5_rgb16;
    if (column == "md5_rgb24") return frame.md5_rgb24;
    return "";
}

// Decodes every frame in `column`'s format and checks the md5s; the first
// column also checks info, extensions, planes and the call-order rules.
void check_column(const std::string &bytes, const ExpectedImage &e, const Md5Column &column,
                  bool first_column, CheckLog &log) {
    Context c;
    if (!log.expect_true("bpg_decoder_open returned NULL", c.ctx != nullptr)) return;
    bpg_decoder_keep_extension_data(c.ctx, 1);
    const int size = int(std::min(bytes.size(), size_t(INT_MAX)));
    if (!log.expect_eq(column.name + " bpg_decoder_decode", 0,
                       bpg_decoder_decode(c.ctx, reinterpret_cast<const uint8_t *>(bytes.data()),
                                          size)))
        return;
    const auto format = BPGDecoderOutputFormat(column.format);
    const size_t line_bytes = size_t(e.width) * size_t(bytes_per_pixel(column.format));
    std::vector<uint8_t> line(line_bytes + 1);

    if (first_column) {
        BPGImageInfo info;
        std::memset(&info, 0xcc, sizeof info);
        if (log.expect_eq("get_info", 0, bpg_decoder_get_info(c.ctx, &info))) {
            log.expect_eq("get_info width", e.width, info.width);
            log.expect_eq("get_info height", e.height, info.height);
            log.expect_eq("get_info format (api_format)", e.api_format, int(info.format));
            log.expect_eq("get_info has_alpha", int(e.has_alpha), int(info.has_alpha));
            log.expect_eq("get_info color_space", e.color_space, int(info.color_space));
            log.expect_eq("get_info bit_depth", e.bit_depth, int(info.bit_depth));
            log.expect_eq("get_info premultiplied_alpha", int(e.premultiplied),
                          int(info.premultiplied_alpha));
            log.expect_eq("get_info has_w_plane", int(e.w_plane), int(info.has_w_plane));
            log.expect_eq("get_info limited_range", int(e.limited_range),
                          int(info.limited_range));
            log.expect_eq("get_info has_animation", int(e.animation), int(info.has_animation));
            log.expect_eq("get_info loop_count", e.loop_count, int(info.loop_count));
        }
        check_extension_list(bpg_decoder_get_extension_data(c.ctx), e, "kept", log);
        log.expect_eq("get_line before start", -1, bpg_decoder_get_line(c.ctx, line.data()));
        log.expect_eq("start with format 6", -1,
                      bpg_decoder_start(c.ctx, BPGDecoderOutputFormat(kFirstInvalidFormat)));
    }

    cli::Md5 total;
    int frame = 0;
    for (; bpg_decoder_start(c.ctx, format) == 0; ++frame) {
        const std::string where = column.name + " frame " + std::to_string(frame);
        if (frame >= e.frame_count) {
            log.fail(where + ": more frames than the manifest's " + std::to_string(e.frame_count));
            return;
        }
        const ExpectedFrame &expected_frame = e.frames[size_t(frame)];
        int num = -1, den = -1;
        bpg_decoder_get_frame_duration(c.ctx, &num, &den);
        log.expect_eq(where + " duration", expected_frame.duration,
                      std::to_string(num) + "/" + std::to_string(den));
        cli::Md5 frame_md5;
        for (uint32_t y = 0; y < e.height; ++y) {
            std::memset(line.data(), 0, line.size());  // W-plane CMYK reads it back (K)
            line[line_bytes] = 0x5a;
            if (!log.expect_eq(where + " get_line " + std::to_string(y), 0,
                               bpg_decoder_get_line(c.ctx, line.data())))
                return;
            log.expect_true(where + " get_line wrote past the line", line[line_bytes] == 0x5a);
            frame_md5.update(line.data(), line_bytes);
            total.update(line.data(), line_bytes);
        }
        log.expect_eq(where + " get_line after the last line", -1,
                      bpg_decoder_get_line(c.ctx, line.data()));
        const std::string expected_md5 = per_frame_md5(expected_frame, column.name);
        if (!expected_md5.empty())
            log.expect_eq(where + " (frames.tsv)", expected_md5, frame_md5.hex_digest());
        if (first_column) {
            check_planes(c.ctx, expected_frame, where, log);
            if (e.animation && frame + 1 < e.frame_count) {
                const auto other = BPGDecoderOutputFormat(column.format == 0 ? 1 : 0);
                log.expect_eq(where + " start with another format", -1,
                              bpg_decoder_start(c.ctx, other));
            }
        }
    }
    log.expect_eq(column.name + " frame count", e.frame_count, frame);
    log.expect_eq(column.name, column.md5, total.hex_digest());
}

void check_info_from_buf(const std::string &bytes, const ExpectedImage &e, CheckLog &log) {
    const auto *data = reinterpret_cast<const uint8_t *>(bytes.data());
    const int size = int(std::min(bytes.size(), size_t(INT_MAX)));
    BPGImageInfo info;
    BPGExtensionData *first = nullptr;
    if (log.expect_eq("get_info_from_buf", 0,
                      bpg_decoder_get_info_from_buf(&info, &first, data, size))) {
        log.expect_eq("get_info_from_buf width", e.width, info.width);
        log.expect_eq("get_info_from_buf height", e.height, info.height);
        log.expect_eq("get_info_from_buf format (raw)", e.header_format, int(info.format));
        log.expect_eq("get_info_from_buf has_alpha", int(e.has_alpha), int(info.has_alpha));
        log.expect_eq("get_info_from_buf premultiplied_alpha", int(e.premultiplied),
                      int(info.premultiplied_alpha));
        log.expect_eq("get_info_from_buf has_w_plane", int(e.w_plane), int(info.has_w_plane));
        log.expect_eq("get_info_from_buf loop_count", e.loop_count, int(info.loop_count));
        check_extension_list(first, e, "get_info_from_buf", log);
        bpg_decoder_free_extension_data(first);
    }
    if (log.expect_eq("get_info_from_buf(16 bytes, no list)", 0,
                      bpg_decoder_get_info_from_buf(&info, nullptr, data,
                                                    std::min(size, kInfoPrefixBytes)))) {
        log.expect_eq("get_info_from_buf(16 bytes) width", e.width, info.width);
        log.expect_eq("get_info_from_buf(16 bytes) height", e.height, info.height);
        log.expect_eq("get_info_from_buf(16 bytes) loop_count", 0, int(info.loop_count));
    }
}

}  // namespace

void check_with_libbpg_api(const std::string &bytes, const ExpectedImage &e, CheckLog &log) {
    for (size_t i = 0; i < e.md5_columns.size(); ++i)
        check_column(bytes, e, e.md5_columns[i], i == 0, log);
    check_info_from_buf(bytes, e, log);

    // A non-animated context never decodes a second frame; an animated one
    // fails once the frames run out.
    Context c;
    if (c.ctx && bpg_decoder_decode(c.ctx, reinterpret_cast<const uint8_t *>(bytes.data()),
                                    int(bytes.size())) == 0) {
        int started = 0;
        while (started <= e.frame_count && bpg_decoder_start(c.ctx, BPG_OUTPUT_FORMAT_RGB24) == 0)
            ++started;
        log.expect_eq("start succeeds once per frame (no line read)", e.frame_count, started);
    }
}

}  // namespace bpgr::test
