#include "roundtrip_support.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace roundtrip {

uint32_t TestImage::sample(uint32_t x, uint32_t y, int c) const {
    const size_t index = size_t(y) * stride + (size_t(x) * channels + c) * (sample_bits / 8);
    if (sample_bits == 16) {
        uint16_t v;
        std::memcpy(&v, &bytes[index], 2);
        return v;
    }
    return bytes[index];
}

bpgr_input_image TestImage::view() const {
    bpgr_input_image v;
    std::memset(&v, 0, sizeof v);
    v.width = width;
    v.height = height;
    v.layout = bpgr_input_layout(channels - 1);
    v.sample_bits = sample_bits;
    v.pixels = bytes.data();
    v.stride = ptrdiff_t(stride);
    return v;
}

TestImage make_image(uint32_t w, uint32_t h, int channels, int sample_bits, int seed) {
    TestImage img;
    img.width = w;
    img.height = h;
    img.channels = channels;
    img.sample_bits = sample_bits;
    img.stride = size_t(w) * channels * (sample_bits / 8);
    img.bytes.assign(img.stride * h, 0);
    const double max_value = double((1u << sample_bits) - 1);
    const bool has_alpha = channels == 2 || channels == 4;
    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++)
            for (int c = 0; c < channels; c++) {
                double v;
                if (has_alpha && c == channels - 1)
                    v = 0.25 + 0.75 * (0.5 + 0.5 * std::sin(0.11 * x + 0.07 * y + seed));
                else
                    v = 0.5 + 0.35 * std::sin(0.09 * x * (c + 1) + 0.05 * y + seed * 0.7 + c) +
                        0.1 * std::cos(0.13 * y - 0.04 * x * c + seed);
                v = std::min(1.0, std::max(0.0, v));
                const uint32_t s = uint32_t(std::lround(v * max_value));
                const size_t index = size_t(y) * img.stride + (size_t(x) * channels + c) * (sample_bits / 8);
                if (sample_bits == 16) {
                    const uint16_t s16 = uint16_t(s);
                    std::memcpy(&img.bytes[index], &s16, 2);
                } else {
                    img.bytes[index] = uint8_t(s);
                }
            }
    return img;
}

Decoded decode(const std::vector<uint8_t> &bpg) {
    Decoded d;
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    s.threads = 1;
    bpgr_decoder *dec = nullptr;
    d.status = bpgr_decoder_create(&s, &dec);
    if (d.status < 0) return d;
    d.status = bpgr_decoder_open(dec, bpg.data(), bpg.size());
    if (d.status >= 0) d.status = bpgr_decoder_get_info(dec, &d.info);
    if (d.status >= 0) {
        for (uint32_t i = 0; i < d.info.extension_count; i++) {
            uint32_t tag;
            const uint8_t *data;
            size_t size;
            if (bpgr_decoder_get_extension(dec, i, &tag, &data, &size) >= 0)
                d.extensions.emplace_back(tag, std::vector<uint8_t>(data, data + size));
        }
        bpgr_status next = BPGR_OK;
        while (next == BPGR_OK) {
            std::vector<uint8_t> frame(size_t(d.info.width) * d.info.height * 4);
            d.status = bpgr_decoder_read_frame(dec, BPGR_OUTPUT_RGBA32, frame.data(),
                                               ptrdiff_t(d.info.width) * 4);
            if (d.status < 0) break;
            uint32_t num = 0, den = 0;
            bpgr_decoder_frame_duration(dec, &num, &den);
            d.durations.emplace_back(num, den);
            d.frames.push_back(std::move(frame));
            next = bpgr_decoder_next_frame(dec);
        }
        if (d.status >= 0 && next != BPGR_END_OF_STREAM) d.status = next;
    }
    if (d.status < 0) d.error = bpgr_decoder_last_error(dec);
    bpgr_decoder_destroy(dec);
    return d;
}

Encoded encode(const bpgr_encoder_settings &s, const std::vector<const bpgr_input_image *> &frames,
               const std::vector<uint32_t> &ticks,
               const std::vector<std::pair<uint32_t, std::vector<uint8_t>>> &extensions) {
    Encoded e;
    bpgr_encoder *enc = nullptr;
    e.status = bpgr_encoder_create(&s, &enc);
    if (e.status < 0) {
        e.error = "create failed";
        return e;
    }
    for (const auto &ext : extensions) {
        e.status = bpgr_encoder_add_extension(enc, ext.first, ext.second.data(), ext.second.size());
        if (e.status < 0) break;
    }
    for (size_t i = 0; e.status >= 0 && i < frames.size(); i++)
        e.status = bpgr_encoder_add_frame(enc, frames[i], i < ticks.size() ? ticks[i] : 1);
    uint8_t *out = nullptr;
    size_t size = 0;
    if (e.status >= 0) e.status = bpgr_encoder_finish(enc, &out, &size);
    if (e.status >= 0) e.bytes.assign(out, out + size);
    if (e.status < 0) e.error = bpgr_encoder_last_error(enc);
    bpgr_encoder_free(out);
    bpgr_encoder_destroy(enc);
    return e;
}

namespace {

uint32_t to8(const TestImage &src, uint32_t v) {
    return src.sample_bits == 16 ? (v * 255 + 32767) / 65535 : v;
}

double psnr_of(double sse, double count) {
    if (sse == 0) return std::numeric_limits<double>::infinity();
    return 10 * std::log10(255.0 * 255.0 * count / sse);
}

}  // namespace

double rgb_psnr(const TestImage &src, const std::vector<uint8_t> &rgba, uint32_t min_alpha) {
    double sse = 0, count = 0;
    const bool gray = src.channels <= 2;
    const bool has_alpha = src.channels == 2 || src.channels == 4;
    for (uint32_t y = 0; y < src.height; y++)
        for (uint32_t x = 0; x < src.width; x++) {
            if (has_alpha && to8(src, src.sample(x, y, src.channels - 1)) < min_alpha) continue;
            for (int c = 0; c < 3; c++) {
                const double a = to8(src, src.sample(x, y, gray ? 0 : c));
                const double b = rgba[(size_t(y) * src.width + x) * 4 + c];
                sse += (a - b) * (a - b);
                count++;
            }
        }
    return psnr_of(sse, count);
}

double alpha_psnr(const TestImage &src, const std::vector<uint8_t> &rgba) {
    double sse = 0, count = 0;
    for (uint32_t y = 0; y < src.height; y++)
        for (uint32_t x = 0; x < src.width; x++) {
            const double a = to8(src, src.sample(x, y, src.channels - 1));
            const double b = rgba[(size_t(y) * src.width + x) * 4 + 3];
            sse += (a - b) * (a - b);
            count++;
        }
    return psnr_of(sse, count);
}

}  // namespace roundtrip
