// Unit tests of the CLI output writers and bpgdec's name handling; no decoder
// needed. Each check prints FAIL and the test exits non-zero on any failure.
#include <png.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "dec_args.h"
#include "icc_fixture.h"
#include "md5.h"
#include "md5_writer.h"
#include "png_writer.h"
#include "ppm_writer.h"

namespace {

int g_failures = 0;

void expect(bool condition, const std::string &what) {
    if (!condition) {
        ++g_failures;
        std::fprintf(stderr, "FAIL %s\n", what.c_str());
    }
}

std::string md5_of(const std::string &text) {
    bpgr::cli::Md5 md5;
    md5.update(text.data(), text.size());
    return md5.hex_digest();
}

void test_md5_vectors() {
    // RFC 1321, appendix A.5.
    expect(md5_of("") == "d41d8cd98f00b204e9800998ecf8427e", "md5 of \"\"");
    expect(md5_of("a") == "0cc175b9c0f1b6a831c399e269772661", "md5 of a");
    expect(md5_of("abc") == "900150983cd24fb0d6963f7d28e17f72", "md5 of abc");
    expect(md5_of("message digest") == "f96b697d7cb7938d525a2f31aaf161d0", "md5 message digest");
    expect(md5_of("12345678901234567890123456789012345678901234567890123456789012345678901234567890") ==
               "57edf4a22be3c955ac49da2e2107b67a",
           "md5 of 80 digits");
    // Split updates must give the same digest as one update.
    std::string text(1000, '\0');
    for (size_t i = 0; i < text.size(); ++i) text[i] = char(i * 7 + 3);
    for (size_t split : {1u, 55u, 56u, 63u, 64u, 65u, 999u}) {
        bpgr::cli::Md5 md5;
        md5.update(text.data(), split);
        md5.update(text.data() + split, text.size() - split);
        expect(md5.hex_digest() == md5_of(text), "md5 split at " + std::to_string(split));
    }
}

// A 5x3 frame with padded rows.
struct TestFrame {
    std::vector<uint8_t> bytes;
    bpgr::cli::FrameView view;
    TestFrame(int channels, int bytes_per_sample, uint32_t width = 5, uint32_t height = 3) {
        view.width = width;
        view.height = height;
        view.channels = channels;
        view.bytes_per_sample = bytes_per_sample;
        view.stride = ptrdiff_t(view.row_bytes() + 7);
        bytes.assign(size_t(view.stride) * view.height, 0xee);
        for (uint32_t y = 0; y < view.height; ++y)
            for (size_t i = 0; i < view.row_bytes(); ++i)
                bytes[y * view.stride + i] = uint8_t(y * 40 + i * 3 + 1 + (i * i >> 7) + (y * i >> 5));
        view.pixels = bytes.data();
    }
    std::string packed() const {
        std::string out;
        for (uint32_t y = 0; y < view.height; ++y)
            out.append(reinterpret_cast<const char *>(bytes.data() + y * view.stride),
                       view.row_bytes());
        return out;
    }
};

void test_md5_writer() {
    TestFrame frame(3, 1);
    bpgr::cli::Md5Writer writer;
    std::string error;
    expect(writer.write_frame(frame.view, error), "md5 writer frame 1");
    expect(writer.write_frame(frame.view, error), "md5 writer frame 2");
    expect(writer.finish(error), "md5 writer finish");
    expect(writer.hex_digest() == md5_of(frame.packed() + frame.packed()),
           "md5 writer hashes rows without padding, frames concatenated");
}

std::string read_file(std::FILE *f) {
    std::string out;
    std::rewind(f);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    return out;
}

void test_ppm_writer() {
    TestFrame frame(3, 1);
    std::FILE *f = std::tmpfile();
    bpgr::cli::PpmWriter writer(f);
    std::string error;
    expect(writer.write_frame(frame.view, error) && writer.finish(error), "ppm write");
    std::fflush(f);
    expect(read_file(f) == "P6\n5 3\n255\n" + frame.packed(), "ppm bytes");
    expect(!writer.write_frame(frame.view, error), "ppm refuses a second frame");
    std::fclose(f);

    TestFrame rgba(4, 1);
    std::FILE *g = std::tmpfile();
    bpgr::cli::PpmWriter rgba_writer(g);
    expect(!rgba_writer.write_frame(rgba.view, error), "ppm refuses RGBA");
    std::fclose(g);
}

struct PngContents {
    uint32_t width = 0, height = 0;
    int bit_depth = 0, color_type = 0;
    std::string pixels;  // 16-bit samples big-endian, as stored
    std::string icc;
    bool ok = false;
};

PngContents read_png(std::FILE *f) {
    PngContents out;
    std::rewind(f);
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return PngContents{};
    }
    png_init_io(png, f);
    png_read_info(png, info);
    out.width = png_get_image_width(png, info);
    out.height = png_get_image_height(png, info);
    out.bit_depth = png_get_bit_depth(png, info);
    out.color_type = png_get_color_type(png, info);
    png_charp name;
    int compression;
    png_bytep profile;
    png_uint_32 profile_size;
    if (png_get_iCCP(png, info, &name, &compression, &profile, &profile_size))
        out.icc.assign(reinterpret_cast<const char *>(profile), profile_size);
    std::vector<uint8_t> row(png_get_rowbytes(png, info));
    for (uint32_t y = 0; y < out.height; ++y) {
        png_read_row(png, row.data(), nullptr);
        out.pixels.append(reinterpret_cast<const char *>(row.data()), row.size());
    }
    png_read_end(png, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);
    out.ok = true;
    return out;
}

void test_png_writer(const std::string &icc_fixture) {
    const std::string icc = bpgr::test::icc_profile_from(icc_fixture);
    expect(icc.size() > 132, "ICC profile found in " + icc_fixture);
    for (int channels : {3, 4}) {
        for (int bytes_per_sample : {1, 2}) {
            const std::string what = "png " + std::to_string(channels) + "ch " +
                                     std::to_string(8 * bytes_per_sample) + "bit";
            TestFrame frame(channels, bytes_per_sample);
            bpgr::cli::ImageMetadata metadata;
            if (channels == 3) {
                metadata.icc_profile = reinterpret_cast<const uint8_t *>(icc.data());
                metadata.icc_profile_size = icc.size();
            }
            std::FILE *f = std::tmpfile();
            bpgr::cli::PngWriter writer(f, metadata);
            std::string error;
            expect(writer.write_frame(frame.view, error) && writer.finish(error),
                   what + " write: " + error);
            std::fflush(f);
            const PngContents png = read_png(f);
            std::fclose(f);
            expect(png.ok, what + " readable");
            expect(png.width == 5 && png.height == 3, what + " size");
            expect(png.bit_depth == 8 * bytes_per_sample, what + " depth");
            expect(png.color_type == (channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB),
                   what + " colour type");
            std::string expected = frame.packed();
            if (bytes_per_sample == 2)  // written from native (LE) samples, stored big-endian
                for (size_t i = 0; i < expected.size(); i += 2) std::swap(expected[i], expected[i + 1]);
            expect(png.pixels == expected, what + " pixels");
            expect(png.icc == (channels == 3 ? icc : std::string()), what + " iCCP");
        }
    }
}

// Frames large enough for the multi-threaded image data path, with strip
// counts that do not divide the height, read back with libpng.
void test_png_parallel() {
    struct Case { int channels, bytes_per_sample; uint32_t width, height; int threads, filter; };
    const Case cases[] = {
        {3, 1, 1024, 401, 3, bpgr::cli::PngSettings::kFilterUp},
        {3, 1, 1024, 401, 2, bpgr::cli::PngSettings::kFilterNone},
        {4, 2, 600, 301, 4, bpgr::cli::PngSettings::kFilterUp},
        {3, 2, 700, 333, 1, bpgr::cli::PngSettings::kFilterUp},
    };
    for (const Case &c : cases) {
        const std::string what = "png parallel " + std::to_string(c.width) + "x" +
                                 std::to_string(c.height) + " threads " + std::to_string(c.threads);
        TestFrame frame(c.channels, c.bytes_per_sample, c.width, c.height);
        bpgr::cli::PngSettings settings;
        settings.threads = c.threads;
        settings.filter = c.filter;
        std::FILE *f = std::tmpfile();
        bpgr::cli::PngWriter writer(f, {}, settings);
        std::string error;
        expect(writer.write_frame(frame.view, error) && writer.finish(error), what + " write: " + error);
        std::fflush(f);
        const PngContents png = read_png(f);
        std::fclose(f);
        std::string expected = frame.packed();
        if (c.bytes_per_sample == 2)
            for (size_t i = 0; i < expected.size(); i += 2) std::swap(expected[i], expected[i + 1]);
        expect(png.ok && png.width == c.width && png.height == c.height, what + " readable");
        expect(png.pixels == expected, what + " pixels");
    }
}

void test_output_names() {
    using bpgr::cli::OutputKind;
    using bpgr::cli::output_kind_for_name;
    expect(output_kind_for_name("out.png") == OutputKind::kPng, "out.png is PNG");
    expect(output_kind_for_name("out.jpg") == OutputKind::kPng, "out.jpg is PNG");
    expect(output_kind_for_name("out.ppm") == OutputKind::kPpm, "out.ppm is PPM");
    expect(output_kind_for_name("OUT.PpM") == OutputKind::kPpm, "OUT.PpM is PPM");
    expect(output_kind_for_name("out") == OutputKind::kPpm, "no dot is PPM");
    expect(output_kind_for_name("-") == OutputKind::kPpm, "- is PPM");
    expect(output_kind_for_name("dir.d/out") == OutputKind::kPpm, "dot in a folder name only");
    expect(output_kind_for_name("a.ppm.png") == OutputKind::kPng, "last dot counts");

    std::string name, error;
    expect(bpgr::cli::expand_frame_pattern("f-%03d.png", 7, name, error) && name == "f-007.png",
           "pattern %03d");
    expect(bpgr::cli::expand_frame_pattern("%d%%.ppm", 12, name, error) && name == "12%.ppm",
           "pattern %d and %%");
    expect(!bpgr::cli::expand_frame_pattern("out.png", 0, name, error), "pattern without %d");
    expect(!bpgr::cli::expand_frame_pattern("%d-%d.png", 0, name, error), "pattern with two");
    expect(!bpgr::cli::expand_frame_pattern("%s.png", 0, name, error), "pattern with %s");
    expect(!bpgr::cli::expand_frame_pattern("%n.png", 0, name, error), "pattern with %n");
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s BPG_WITH_ICC_PROFILE\n", argv[0]);
        return 2;
    }
    test_md5_vectors();
    test_md5_writer();
    test_ppm_writer();
    test_png_writer(argv[1]);
    test_png_parallel();
    test_output_names();
    std::printf("%s\n", g_failures == 0 ? "all passed" : "FAILED");
    return g_failures == 0 ? 0 : 1;
}
