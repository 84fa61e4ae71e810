// Suite 'restore': decode and restore in one call.
//
// The decoder with restoration enabled (bpgr/decoder.h and the libbpg
// compatible bpgr/libbpg.h) against what a caller could build from the parts:
// a plain decode to 16-bit RGB(A) followed by bpgr_pf_run with the frame's
// slice QP. No expected pixel values are stored here: every check compares
// two ways of producing the same image, or the image with the original.
//
//   restore_test BPG_FIXTURE_DIR SOURCE_FIXTURE_DIR IDENTITY_MODEL [gtest flags]
//
// IDENTITY_MODEL is build/postfilter/identity.bpgrm (postfilter/meson.build):
// skip conv = identity, tail zero, so its output equals its input. The
// built-in "paper" model may become a trained one, so identity checks use the
// file, never a built-in name.
#include <gtest/gtest.h>
#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "bpgr/decoder.h"
#include "bpgr/libbpg.h"
#include "bpgr/postfilter.h"

namespace {

std::string g_bpg_dir;         // fixtures/bpg
std::string g_src_dir;         // fixtures/src
std::string g_identity_model;  // build/postfilter/identity.bpgrm

constexpr int kThreads = 2;
constexpr const char *kPhoto = "photo-320x240-420-q28.bpg";

using Bytes = std::vector<uint8_t>;

Bytes read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Bytes read_fixture(const std::string &name) {
    Bytes b = read_file(g_bpg_dir + "/" + name);
    EXPECT_FALSE(b.empty()) << "cannot read fixture " << g_bpg_dir << "/" << name;
    return b;
}

struct DecoderDeleter {
    void operator()(bpgr_decoder *d) const { bpgr_decoder_destroy(d); }
};
using DecoderPtr = std::unique_ptr<bpgr_decoder, DecoderDeleter>;

struct PostfilterDeleter {
    void operator()(bpgr_postfilter *p) const { bpgr_pf_destroy(p); }
};
using PostfilterPtr = std::unique_ptr<bpgr_postfilter, PostfilterDeleter>;

struct CompatDeleter {
    void operator()(BPGDecoderContext *c) const { bpg_decoder_close(c); }
};
using CompatPtr = std::unique_ptr<BPGDecoderContext, CompatDeleter>;

// model == nullptr: a plain decoder (no restoration).
DecoderPtr make_decoder(const char *model, bpgr_precision precision = BPGR_PRECISION_FP32) {
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    s.threads = kThreads;
    if (model) {
        s.restore = 1;
        s.restore_model = model;
        s.restore_precision = precision;
    }
    bpgr_decoder *raw = nullptr;
    bpgr_status st = bpgr_decoder_create(&s, &raw);
    DecoderPtr dec(raw);
    EXPECT_EQ(st, BPGR_OK) << (dec ? bpgr_decoder_last_error(dec.get()) : bpgr_status_string(st));
    if (st != BPGR_OK) return nullptr;
    return dec;
}

DecoderPtr open_decoder(const Bytes &file, const char *model, bpgr_precision precision = BPGR_PRECISION_FP32) {
    DecoderPtr dec = make_decoder(model, precision);
    if (!dec) return nullptr;
    bpgr_status st = bpgr_decoder_open(dec.get(), file.data(), file.size());
    EXPECT_EQ(st, BPGR_OK) << bpgr_decoder_last_error(dec.get());
    if (st != BPGR_OK) return nullptr;
    return dec;
}

PostfilterPtr make_postfilter_builtin(const char *name) {
    bpgr_pf_settings s;
    bpgr_pf_default_settings(&s);
    s.threads = kThreads;
    s.precision = BPGR_PF_PRECISION_FP32;
    bpgr_postfilter *raw = nullptr;
    bpgr_pf_status st = bpgr_pf_create_builtin(name, &s, &raw);
    PostfilterPtr pf(raw);
    EXPECT_EQ(st, BPGR_PF_OK) << (pf ? bpgr_pf_last_error(pf.get()) : "no handle");
    if (st != BPGR_PF_OK) return nullptr;
    return pf;
}

struct Image {
    uint32_t width = 0, height = 0;
    bpgr_output_format format = BPGR_OUTPUT_RGB24;
    size_t stride = 0;  // bytes, tightly packed
    Bytes bytes;

    int channels() const { return (format == BPGR_OUTPUT_RGB24 || format == BPGR_OUTPUT_RGB48) ? 3 : 4; }
    bool wide() const {
        return format == BPGR_OUTPUT_RGB48 || format == BPGR_OUTPUT_RGBA64 || format == BPGR_OUTPUT_CMYK64;
    }
    size_t samples() const { return size_t{width} * height * channels(); }
    // Sample i (interleaved, row-major) at its own precision.
    uint32_t sample(size_t i) const {
        if (!wide()) return bytes[i];
        uint16_t v;
        std::memcpy(&v, bytes.data() + 2 * i, 2);
        return v;
    }
    const uint16_t *data16() const { return reinterpret_cast<const uint16_t *>(bytes.data()); }
};

// The current frame in `format`, into a zeroed caller buffer (CMYK of a
// W-plane image depends on the buffer's previous content).
Image read_frame(bpgr_decoder *dec, bpgr_output_format format) {
    Image img;
    bpgr_image_info info;
    EXPECT_EQ(bpgr_decoder_get_info(dec, &info), BPGR_OK);
    img.width = info.width;
    img.height = info.height;
    img.format = format;
    img.stride = info.width * bpgr_output_bytes_per_pixel(format);
    img.bytes.assign(img.stride * img.height, 0);
    bpgr_status st = bpgr_decoder_read_frame(dec, format, img.bytes.data(), static_cast<ptrdiff_t>(img.stride));
    EXPECT_EQ(st, BPGR_OK) << bpgr_decoder_last_error(dec);
    return img;
}

// The composition the one-call decode must equal: the plain 16-bit
// conversion (RGB48, or RGBA64 when `format` has alpha) through the
// post-filter with the frame's QP, into a copy of the plain `format` output
// (bpgr_pf_run writes colour only, so alpha stays as the plain conversion).
Image compose(bpgr_decoder *plain, bpgr_postfilter *pf, bpgr_output_format format) {
    const bool alpha = format == BPGR_OUTPUT_RGBA32 || format == BPGR_OUTPUT_RGBA64;
    const Image wide = read_frame(plain, alpha ? BPGR_OUTPUT_RGBA64 : BPGR_OUTPUT_RGB48);
    Image out = read_frame(plain, format);
    const int channels = alpha ? 4 : 3;
    const int bits = (format == BPGR_OUTPUT_RGB48 || format == BPGR_OUTPUT_RGBA64) ? 16 : 8;
    bpgr_pf_status st = bpgr_pf_run(pf, wide.data16(), static_cast<int>(wide.width), static_cast<int>(wide.height),
                                    static_cast<ptrdiff_t>(wide.stride), channels, out.bytes.data(),
                                    static_cast<ptrdiff_t>(out.stride), channels, bits,
                                    bpgr_decoder_frame_qp(plain));
    EXPECT_EQ(st, BPGR_PF_OK) << bpgr_pf_last_error(pf);
    return out;
}

const char *format_name(bpgr_output_format f) {
    static const char *const kNames[] = {"RGB24", "RGBA32", "RGB48", "RGBA64", "CMYK32", "CMYK64"};
    return static_cast<unsigned>(f) < 6 ? kNames[f] : "?";
}

// Byte equality with a readable first difference.
::testing::AssertionResult same_pixels(const Image &a, const Image &b) {
    if (a.width != b.width || a.height != b.height || a.format != b.format || a.bytes.size() != b.bytes.size()) {
        return ::testing::AssertionFailure() << "shape differs: " << a.width << "x" << a.height << " "
                                             << format_name(a.format) << " vs " << b.width << "x" << b.height
                                             << " " << format_name(b.format);
    }
    size_t diffs = 0, first = 0;
    for (size_t i = 0; i < a.samples(); ++i) {
        if (a.sample(i) != b.sample(i)) {
            if (diffs++ == 0) first = i;
        }
    }
    if (diffs == 0) return ::testing::AssertionSuccess();
    const size_t px = first / a.channels();
    return ::testing::AssertionFailure() << format_name(a.format) << ": " << diffs << " of " << a.samples()
                                         << " samples differ; first at x=" << px % a.width
                                         << " y=" << px / a.width << " channel " << first % a.channels()
                                         << ": " << a.sample(first) << " vs " << b.sample(first);
}

// Alpha samples (4-channel formats) that differ at all.
size_t alpha_differences(const Image &a, const Image &b) {
    size_t n = 0;
    for (size_t i = 3; i < a.samples() && a.channels() == 4; i += 4) n += a.sample(i) != b.sample(i);
    return n;
}

bool colour_differs_somewhere(const Image &a, const Image &b) {
    for (size_t i = 0; i < a.samples(); ++i) {
        if (a.channels() == 4 && i % 4 == 3) continue;
        if (a.sample(i) != b.sample(i)) return true;
    }
    return false;
}

// RGB PSNR (8-bit) of an RGB24 image against a tightly packed RGB reference.
double rgb_psnr(const Image &img, const Bytes &reference) {
    double se = 0;
    for (size_t i = 0; i < img.samples(); ++i) {
        const double d = double(img.sample(i)) - double(reference[i]);
        se += d * d;
    }
    const double mse = se / double(img.samples());
    return mse == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

// An 8-bit RGB PNG through libpng's simplified API (gamma untouched).
bool read_png_rgb(const std::string &path, uint32_t &width, uint32_t &height, Bytes &rgb) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path.c_str())) return false;
    image.format = PNG_FORMAT_RGB;
    rgb.assign(PNG_IMAGE_SIZE(image), 0);
    if (!png_image_finish_read(&image, nullptr, rgb.data(), 0, nullptr)) {
        png_image_free(&image);
        return false;
    }
    width = image.width;
    height = image.height;
    return true;
}

// ---- 1. one call == plain decode + bpgr_pf_run -------------------------

class OneCallEqualsComposition : public ::testing::TestWithParam<bpgr_output_format> {};

TEST_P(OneCallEqualsComposition, Photo) {
    const bpgr_output_format format = GetParam();
    const Bytes file = read_fixture(kPhoto);
    DecoderPtr restored = open_decoder(file, "default");
    DecoderPtr plain = open_decoder(file, nullptr);
    PostfilterPtr pf = make_postfilter_builtin("default");
    ASSERT_TRUE(restored && plain && pf);
    ASSERT_GE(bpgr_decoder_frame_qp(plain.get()), 0) << "the fixture's slice QP is unknown";
    EXPECT_EQ(bpgr_decoder_frame_qp(restored.get()), bpgr_decoder_frame_qp(plain.get()));

    const Image one_call = read_frame(restored.get(), format);
    const Image composed = compose(plain.get(), pf.get(), format);
    EXPECT_TRUE(same_pixels(one_call, composed));
    // Restoration ran at all: otherwise both sides could be the plain decode
    // and the equality above would prove nothing.
    EXPECT_TRUE(colour_differs_somewhere(one_call, read_frame(plain.get(), format)))
        << "restored " << format_name(format) << " equals the plain decode";

    // The handle-owned buffer gives the same pixels as the caller buffer.
    const void *pixels = nullptr;
    ptrdiff_t stride = 0;
    ASSERT_EQ(bpgr_decoder_read_frame_owned(restored.get(), format, &pixels, &stride), BPGR_OK)
        << bpgr_decoder_last_error(restored.get());
    ASSERT_EQ(static_cast<size_t>(stride), one_call.stride);
    EXPECT_EQ(0, std::memcmp(pixels, one_call.bytes.data(), one_call.bytes.size())) << "read_frame_owned differs";
}

INSTANTIATE_TEST_SUITE_P(DefaultModel, OneCallEqualsComposition,
                         ::testing::Values(BPGR_OUTPUT_RGB24, BPGR_OUTPUT_RGB48),
                         [](const ::testing::TestParamInfo<bpgr_output_format> &i) {
                             return std::string(format_name(i.param));
                         });

// A caller stride wider than a row: the padding is left alone and the rows
// are the same as in a packed buffer.
TEST(OneCallEqualsComposition, PaddedStrideMatchesPacked) {
    const Bytes file = read_fixture("grid-b8-420-bt709.bpg");
    DecoderPtr restored = open_decoder(file, "default");
    ASSERT_TRUE(restored);
    for (bpgr_output_format format : {BPGR_OUTPUT_RGB24, BPGR_OUTPUT_RGBA64}) {
        SCOPED_TRACE(format_name(format));
        const Image packed = read_frame(restored.get(), format);
        const size_t row = packed.stride, padded = row + 40;
        Bytes buf(padded * packed.height, 0xA5);
        ASSERT_EQ(bpgr_decoder_read_frame(restored.get(), format, buf.data(), static_cast<ptrdiff_t>(padded)),
                  BPGR_OK)
            << bpgr_decoder_last_error(restored.get());
        for (uint32_t y = 0; y < packed.height; ++y) {
            EXPECT_EQ(0, std::memcmp(buf.data() + y * padded, packed.bytes.data() + y * row, row)) << "row " << y;
            EXPECT_TRUE(std::all_of(buf.begin() + y * padded + row, buf.begin() + (y + 1) * padded,
                                    [](uint8_t v) { return v == 0xA5; }))
                << "padding of row " << y << " was written";
        }
    }
}

// ---- 2. restoration helps ----------------------------------------------

TEST(Quality, DefaultModelRaisesPsnr) {
    const Bytes file = read_fixture(kPhoto);
    uint32_t w = 0, h = 0;
    Bytes original;
    const std::string png = g_src_dir + "/photo-320x240-420-q28.png";
    ASSERT_TRUE(read_png_rgb(png, w, h, original)) << "cannot read " << png;
    DecoderPtr restored = open_decoder(file, "default");
    DecoderPtr plain = open_decoder(file, nullptr);
    ASSERT_TRUE(restored && plain);
    const Image r = read_frame(restored.get(), BPGR_OUTPUT_RGB24);
    const Image p = read_frame(plain.get(), BPGR_OUTPUT_RGB24);
    ASSERT_EQ(w, p.width);
    ASSERT_EQ(h, p.height);
    const double psnr_plain = rgb_psnr(p, original), psnr_restored = rgb_psnr(r, original);
    RecordProperty("psnr_plain", std::to_string(psnr_plain));
    RecordProperty("psnr_restored", std::to_string(psnr_restored));
    std::printf("PSNR plain %.4f dB, restored %.4f dB, gain %+.4f dB\n", psnr_plain, psnr_restored,
                psnr_restored - psnr_plain);
    // The plain decode is a real lossy decode of the original, not garbage.
    EXPECT_GT(psnr_plain, 25.0);
    EXPECT_GE(psnr_restored - psnr_plain, 0.1);
}

// ---- 3. identity model: the restored output is the plain one -----------
//
// The identity network computes y = x in fp32 on samples scaled to 0..1, and
// the restored output is that rounded to the output precision. Measured on
// the fixtures below (fp32, AVX-512 AMD EPYC): RGB48/RGBA64 max |diff| 0; RGB24
// max 1 (grid-b12-444-bt2020: the restored 8 bits are the 16-bit
// conversion rounded, the plain 8 bits come from the planes directly; the
// two roundings differ by one step on a few samples); straight-alpha RGBA32
// max 0. Bounds: 8-bit 1 (one rounding step), 16-bit 2 (a few float ulps of
// 1/65535 left for other oneDNN kernels). A swapped channel, a wrong stride
// or a shifted row gives differences in the tens to thousands.
//
// Premultiplied alpha, RGBA32: the plain decode un-premultiplies at 8 bits
// (libbpg's 5.6 rounding: 8-bit colour and 8-bit alpha, both rounded, then
// divided), the restoration path un-premultiplies the 16-bit conversion
// (frame_renderer.cpp). With P, A the premultiplied colour and alpha in 8-bit
// units, straight = 255 P / A, so rounding errors dP <= 1 (colour conversion
// plus rounding) and dA <= 0.5 move it by up to (255 dP + 255 dA) / A
// ~ 383 / A, plus one output rounding. Measured: every diff within
// 1 + 255 / alpha8 (alpha-premul-420-b12: 200 at alpha8 1, 80 at 3, 2 at
// 187; alpha-premul-gray-b10: 91 at alpha8 2). Where the 8-bit alpha is 0 the plain
// decode outputs white (255) by libbpg's convention, while the 16-bit path
// still has the colour of a small nonzero alpha: invisible pixels, not
// compared. RGBA64 has no such loss (measured max 0).
constexpr uint32_t kIdentityTolerance8 = 1;
constexpr uint32_t kIdentityTolerance16 = 2;

uint32_t premultiplied_rgba32_tolerance(uint32_t alpha8) {
    return kIdentityTolerance8 + (383 + alpha8 - 1) / alpha8;
}

class IdentityModel : public ::testing::TestWithParam<const char *> {};

TEST_P(IdentityModel, RestoredEqualsPlain) {
    const Bytes file = read_fixture(GetParam());
    DecoderPtr restored = open_decoder(file, g_identity_model.c_str());
    DecoderPtr plain = open_decoder(file, nullptr);
    ASSERT_TRUE(restored && plain);
    bpgr_image_info info;
    ASSERT_EQ(bpgr_decoder_get_info(plain.get(), &info), BPGR_OK);
    std::vector<bpgr_output_format> formats = {BPGR_OUTPUT_RGB24, BPGR_OUTPUT_RGB48};
    if (info.has_alpha) {
        formats.push_back(BPGR_OUTPUT_RGBA32);
        formats.push_back(BPGR_OUTPUT_RGBA64);
    }
    for (bpgr_output_format format : formats) {
        SCOPED_TRACE(format_name(format));
        const Image r = read_frame(restored.get(), format);
        const Image p = read_frame(plain.get(), format);
        const bool premultiplied_8bit = info.premultiplied_alpha && format == BPGR_OUTPUT_RGBA32;
        const uint32_t tolerance = r.wide() ? kIdentityTolerance16 : kIdentityTolerance8;
        uint32_t max_diff = 0, max_diff_times_alpha = 0;
        size_t over = 0, skipped = 0, alpha_diffs = 0;
        const int ch = r.channels();
        for (size_t px = 0; px < size_t{r.width} * r.height; ++px) {
            uint32_t alpha = 0, bound = tolerance;
            if (ch == 4) {
                alpha = p.sample(px * 4 + 3);
                alpha_diffs += r.sample(px * 4 + 3) != alpha;
                if (premultiplied_8bit) {
                    if (alpha == 0) {
                        ++skipped;
                        continue;
                    }
                    bound = premultiplied_rgba32_tolerance(alpha);
                }
            }
            for (int c = 0; c < 3; ++c) {
                const uint32_t a = r.sample(px * ch + c), b = p.sample(px * ch + c);
                const uint32_t d = a > b ? a - b : b - a;
                max_diff = std::max(max_diff, d);
                if (premultiplied_8bit) max_diff_times_alpha = std::max(max_diff_times_alpha, d * alpha);
                if (d > bound && over++ == 0) {
                    ADD_FAILURE() << "x=" << px % r.width << " y=" << px / r.width << " channel " << c
                                  << ": restored " << a << ", plain " << b << ", bound " << bound;
                }
            }
        }
        std::printf("%-26s %-6s max colour diff %u", GetParam(), format_name(format), max_diff);
        if (premultiplied_8bit) {
            std::printf(" (max diff*alpha8 %u, %zu pixels with alpha8 0 not compared)", max_diff_times_alpha,
                        skipped);
        }
        std::printf("\n");
        EXPECT_EQ(over, 0u) << "colour samples over the bound";
        EXPECT_EQ(alpha_diffs, 0u) << "alpha samples changed";
    }
}

INSTANTIATE_TEST_SUITE_P(File, IdentityModel,
                         ::testing::Values("grid-b8-420-ycbcr.bpg",       // 4:2:0, 8 bit
                                           "grid-b10-420v-bt709.bpg",     // 4:2:0 video siting, 10 bit
                                           "grid-b10-422-ycgco.bpg",      // 4:2:2, YCgCo
                                           "grid-b12-444-bt2020.bpg",     // 4:4:4, 12 bit
                                           "grid-b10-gray.bpg",           // gray
                                           "size-33x7-420-b8.bpg",        // odd size
                                           "alpha-straight-444-b8.bpg",   // straight alpha
                                           "alpha-premul-420-b12.bpg",    // premultiplied, 12 bit
                                           "alpha-premul-gray-b10.bpg"),  // premultiplied gray, 10 bit
                         [](const ::testing::TestParamInfo<const char *> &i) {
                             std::string n = i.param;
                             n = n.substr(0, n.size() - 4);
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

// ---- 4. alpha passes through the restoration untouched ------------------
//
// The decoder un-premultiplies while converting (RGBA32/RGBA64 are straight
// alpha), the network reads that straight colour and writes straight colour;
// alpha is never restored. So for premultiplied images the meaningful checks
// are the alpha samples (here) and the end-to-end identity case (test 3).

class AlphaPassthrough : public ::testing::TestWithParam<const char *> {};

TEST_P(AlphaPassthrough, DefaultModel) {
    const Bytes file = read_fixture(GetParam());
    DecoderPtr restored = open_decoder(file, "default");
    DecoderPtr plain = open_decoder(file, nullptr);
    PostfilterPtr pf = make_postfilter_builtin("default");
    ASSERT_TRUE(restored && plain && pf);
    bpgr_image_info info;
    ASSERT_EQ(bpgr_decoder_get_info(plain.get(), &info), BPGR_OK);
    ASSERT_TRUE(info.has_alpha) << "fixture without alpha";
    for (bpgr_output_format format : {BPGR_OUTPUT_RGBA32, BPGR_OUTPUT_RGBA64}) {
        SCOPED_TRACE(format_name(format));
        const Image r = read_frame(restored.get(), format);
        const Image p = read_frame(plain.get(), format);
        EXPECT_EQ(alpha_differences(r, p), 0u) << "alpha samples changed";
        EXPECT_TRUE(colour_differs_somewhere(r, p)) << "colour not restored at all";
        // And the colour is the post-filter's on the plain RGBA64 (4-channel
        // source, 4-channel destination).
        EXPECT_TRUE(same_pixels(r, compose(plain.get(), pf.get(), format)));
    }
}

INSTANTIATE_TEST_SUITE_P(DefaultModel, AlphaPassthrough,
                         ::testing::Values("alpha-straight-444-b8.bpg", "alpha-premul-420-b12.bpg"),
                         [](const ::testing::TestParamInfo<const char *> &i) {
                             return std::string(std::strstr(i.param, "premul") ? "premultiplied" : "straight");
                         });

// ---- 5. CMYK is never restored ------------------------------------------

TEST(Cmyk, NeverRestored) {
    for (const char *name : {"cmyk-444-b8.bpg", "cmyk-ycck-420-b8.bpg"}) {
        SCOPED_TRACE(name);
        const Bytes file = read_fixture(name);
        DecoderPtr restored = open_decoder(file, "default");
        DecoderPtr plain = open_decoder(file, nullptr);
        ASSERT_TRUE(restored && plain);
        for (bpgr_output_format format : {BPGR_OUTPUT_CMYK32, BPGR_OUTPUT_CMYK64}) {
            SCOPED_TRACE(format_name(format));
            EXPECT_TRUE(same_pixels(read_frame(restored.get(), format), read_frame(plain.get(), format)));
        }
        // The same decoder does restore RGB, so the CMYK equality is not
        // because restoration was off.
        EXPECT_TRUE(colour_differs_somewhere(read_frame(restored.get(), BPGR_OUTPUT_RGB24),
                                             read_frame(plain.get(), BPGR_OUTPUT_RGB24)));
    }
}

// ---- 6. the libbpg-compatible API --------------------------------------

Image compat_decode(const Bytes &file, const char *model, int precision, BPGDecoderOutputFormat format) {
    Image img;
    CompatPtr ctx(bpg_decoder_open());
    EXPECT_TRUE(ctx);
    if (!ctx) return img;
    EXPECT_EQ(bpgr_bpg_decoder_set_restore(ctx.get(), model, precision), 0);
    EXPECT_EQ(bpg_decoder_decode(ctx.get(), file.data(), static_cast<int>(file.size())), 0);
    BPGImageInfo info;
    EXPECT_EQ(bpg_decoder_get_info(ctx.get(), &info), 0);
    EXPECT_EQ(bpg_decoder_start(ctx.get(), format), 0);
    img.width = info.width;
    img.height = info.height;
    img.format = static_cast<bpgr_output_format>(format);
    img.stride = info.width * bpgr_output_bytes_per_pixel(img.format);
    img.bytes.assign(img.stride * img.height, 0);
    for (uint32_t y = 0; y < img.height; ++y) {
        EXPECT_EQ(bpg_decoder_get_line(ctx.get(), img.bytes.data() + y * img.stride), 0) << "line " << y;
    }
    Bytes extra(img.stride, 0);
    EXPECT_EQ(bpg_decoder_get_line(ctx.get(), extra.data()), -1) << "a line after the last";
    return img;
}

TEST(LibbpgApi, EqualsDecoderApi) {
    static_assert(static_cast<int>(BPG_OUTPUT_FORMAT_RGB24) == static_cast<int>(BPGR_OUTPUT_RGB24) &&
                      static_cast<int>(BPG_OUTPUT_FORMAT_RGBA64) == static_cast<int>(BPGR_OUTPUT_RGBA64),
                  "the two output enums must agree");
    struct Case {
        const char *file;
        BPGDecoderOutputFormat format;
    };
    for (const Case c : {Case{kPhoto, BPG_OUTPUT_FORMAT_RGB24}, Case{"alpha-premul-420-b12.bpg", BPG_OUTPUT_FORMAT_RGBA64}}) {
        SCOPED_TRACE(c.file);
        const Bytes file = read_fixture(c.file);
        const Image compat = compat_decode(file, "default", BPGR_PRECISION_FP32, c.format);
        DecoderPtr restored = open_decoder(file, "default");
        DecoderPtr plain = open_decoder(file, nullptr);
        ASSERT_TRUE(restored && plain);
        const bpgr_output_format format = static_cast<bpgr_output_format>(c.format);
        const Image api = read_frame(restored.get(), format);
        EXPECT_TRUE(same_pixels(compat, api));
        EXPECT_TRUE(colour_differs_somewhere(compat, read_frame(plain.get(), format)))
            << "the libbpg API did not restore";
    }
}

TEST(LibbpgApi, SetRestoreErrors) {
    const Bytes file = read_fixture("grid-b8-420-ycbcr.bpg");
    CompatPtr ctx(bpg_decoder_open());
    ASSERT_TRUE(ctx);
    ASSERT_EQ(bpg_decoder_decode(ctx.get(), file.data(), static_cast<int>(file.size())), 0);
    EXPECT_EQ(bpgr_bpg_decoder_set_restore(ctx.get(), "default", 1), -1);
    CompatPtr bad_model(bpg_decoder_open());
    ASSERT_TRUE(bad_model);
    ASSERT_EQ(bpgr_bpg_decoder_set_restore(bad_model.get(), "/nonexistent/model.bpgrm", 1), 0);
    EXPECT_EQ(bpg_decoder_decode(bad_model.get(), file.data(), static_cast<int>(file.size())), -1)
        << "a missing model file must fail the decode";
}

// ---- 7. QP range ---------------------------------------------------------

TEST(QpRange, ComesFromTheModel) {
    PostfilterPtr pf = make_postfilter_builtin("default");
    ASSERT_TRUE(pf);
    int pf_lo = -1, pf_hi = -1;
    ASSERT_EQ(bpgr_pf_qp_range(pf.get(), &pf_lo, &pf_hi), BPGR_PF_OK);
    // Read from the model, not hard-coded (the default model is retrained
    // from time to time; it currently says 25..45). A slice QP is 0..51.
    std::printf("default model: slice QP %d..%d\n", pf_lo, pf_hi);
    EXPECT_LE(0, pf_lo);
    EXPECT_LE(pf_lo, pf_hi);
    EXPECT_LE(pf_hi, 51);

    DecoderPtr restored = make_decoder("default");
    ASSERT_TRUE(restored);
    int lo = -1, hi = -1;
    ASSERT_EQ(bpgr_decoder_restore_qp_range(restored.get(), &lo, &hi), BPGR_OK);
    EXPECT_EQ(lo, pf_lo);
    EXPECT_EQ(hi, pf_hi);

    // A model file: the identity model's header says 0..51.
    DecoderPtr identity = make_decoder(g_identity_model.c_str());
    ASSERT_TRUE(identity);
    ASSERT_EQ(bpgr_decoder_restore_qp_range(identity.get(), &lo, &hi), BPGR_OK);
    EXPECT_EQ(lo, 0);
    EXPECT_EQ(hi, 51);

    DecoderPtr plain = make_decoder(nullptr);
    ASSERT_TRUE(plain);
    lo = hi = 1234;
    EXPECT_EQ(bpgr_decoder_restore_qp_range(plain.get(), &lo, &hi), BPGR_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(bpgr_decoder_restore_qp_range(restored.get(), nullptr, &hi), BPGR_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(bpgr_decoder_restore_qp_range(nullptr, &lo, &hi), BPGR_ERR_INVALID_ARGUMENT);
}

// ---- 8. Precision --------------------------------------------------------

// The precision restoration runs at: an explicit request as given, auto as
// resolved on this CPU (never AUTO itself).
TEST(Precision, IsReported) {
    bpgr_precision p = BPGR_PRECISION_AUTO;
    DecoderPtr fp32 = make_decoder("default", BPGR_PRECISION_FP32);
    ASSERT_TRUE(fp32);
    ASSERT_EQ(bpgr_decoder_restore_precision(fp32.get(), &p), BPGR_OK);
    EXPECT_EQ(p, BPGR_PRECISION_FP32);
    DecoderPtr automatic = make_decoder("default", BPGR_PRECISION_AUTO);
    ASSERT_TRUE(automatic);
    ASSERT_EQ(bpgr_decoder_restore_precision(automatic.get(), &p), BPGR_OK);
    EXPECT_TRUE(p == BPGR_PRECISION_FP32 || p == BPGR_PRECISION_BF16 || p == BPGR_PRECISION_INT8) << int(p);
    DecoderPtr plain = make_decoder(nullptr);
    ASSERT_TRUE(plain);
    EXPECT_EQ(bpgr_decoder_restore_precision(plain.get(), &p), BPGR_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(bpgr_decoder_restore_precision(fp32.get(), nullptr), BPGR_ERR_INVALID_ARGUMENT);
}

TEST(QpRange, BadModelFailsCreate) {
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    s.threads = kThreads;
    s.restore = 1;
    s.restore_model = "/nonexistent/model.bpgrm";
    bpgr_decoder *raw = nullptr;
    EXPECT_EQ(bpgr_decoder_create(&s, &raw), BPGR_ERR_POSTFILTER);
    DecoderPtr dec(raw);
    if (dec) {
        EXPECT_NE(std::string(bpgr_decoder_last_error(dec.get())).find("model"), std::string::npos)
            << bpgr_decoder_last_error(dec.get());
    }
}

// ---- 9. animation: every frame restored with its own QP ----------------

TEST(Animation, FrameByFrame) {
    const char *name = "anim-alpha-x265.bpg";
    const Bytes file = read_fixture(name);
    PostfilterPtr pf = make_postfilter_builtin("default");
    ASSERT_TRUE(pf);
    // RGBA64 (the decoder's own network input) here; RGBA32 composition is
    // covered by AlphaPassthrough.
    for (bpgr_output_format format : {BPGR_OUTPUT_RGBA64}) {
        SCOPED_TRACE(format_name(format));
        DecoderPtr restored = open_decoder(file, "default");
        DecoderPtr plain = open_decoder(file, nullptr);
        ASSERT_TRUE(restored && plain);
        bpgr_image_info info;
        ASSERT_EQ(bpgr_decoder_get_info(plain.get(), &info), BPGR_OK);
        ASSERT_TRUE(info.has_animation && info.has_alpha);
        uint32_t frames = 0;
        for (;;) {
            SCOPED_TRACE("frame " + std::to_string(frames));
            ASSERT_EQ(bpgr_decoder_frame_index(restored.get()), frames);
            ASSERT_EQ(bpgr_decoder_frame_index(plain.get()), frames);
            EXPECT_EQ(bpgr_decoder_frame_qp(restored.get()), bpgr_decoder_frame_qp(plain.get()));
            const Image one_call = read_frame(restored.get(), format);
            const Image composed = compose(plain.get(), pf.get(), format);
            EXPECT_TRUE(same_pixels(one_call, composed));
            EXPECT_EQ(alpha_differences(one_call, read_frame(plain.get(), format)), 0u) << "alpha changed";
            ++frames;
            const bpgr_status a = bpgr_decoder_next_frame(restored.get());
            const bpgr_status b = bpgr_decoder_next_frame(plain.get());
            ASSERT_EQ(a, b);
            if (a == BPGR_END_OF_STREAM) break;
            ASSERT_EQ(a, BPGR_OK) << bpgr_decoder_last_error(restored.get());
        }
        EXPECT_GT(frames, 1u);
    }
}

}  // namespace

// Own main: the fixture and model paths come as the first arguments (gtest
// flags may follow). This definition keeps libgtest_main's main out of the
// link.
int main(int argc, char **argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s BPG_FIXTURE_DIR SOURCE_FIXTURE_DIR IDENTITY_MODEL [gtest flags]\n",
                     argv[0]);
        return 2;
    }
    g_bpg_dir = argv[1];
    g_src_dir = argv[2];
    g_identity_model = argv[3];
    return RUN_ALL_TESTS();
}
