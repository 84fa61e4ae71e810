// What the fixtures say about one BPG file: its manifest.tsv row plus its
// frames.tsv and planes.tsv rows, in typed form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bpgr::test {

struct ExpectedPlane {
    int index = 0;
    std::string name;
    uint32_t width = 0, height = 0;
    int bit_depth = 0;
    std::string md5;
};

struct ExpectedFrame {
    std::string duration;  // "num/den"
    std::string md5_rgb8, md5_rgb16, md5_rgb24;
    std::vector<ExpectedPlane> planes;
};

struct ExpectedExtension {
    uint32_t tag = 0;
    uint32_t length = 0;
};

// One manifest md5 column and the output format (libbpg numbering) it uses.
struct Md5Column {
    std::string name;  // "md5_rgb8", ...
    int format = 0;    // 0 RGB24, 1 RGBA32, 2 RGB48, 3 RGBA64, 4 CMYK32, 5 CMYK64
    std::string md5;
};

struct ExpectedImage {
    std::string file;
    uint32_t width = 0, height = 0;
    int header_format = 0;  // raw 0..5
    int api_format = 0;     // bpg_decoder_get_info()'s normalised value
    int bit_depth = 0;
    int color_space = 0;
    bool has_alpha = false, premultiplied = false, w_plane = false;
    bool limited_range = false, animation = false;
    int frame_count = 0;
    int loop_count = 0;
    std::vector<ExpectedExtension> extensions;
    std::vector<Md5Column> md5_columns;  // rgb8, rgb16, rgb24, cmyk32, cmyk64
    std::vector<ExpectedFrame> frames;
};

// Loads the rows for `file` from manifest.tsv, frames.tsv and planes.tsv in
// `fixture_dir`. False + message if the file is not in the manifest or the
// tables disagree with each other.
bool load_expected_image(const std::string &fixture_dir, const std::string &file,
                         ExpectedImage &image, std::string &error);

bool is_cmyk_format(int format);
int bytes_per_pixel(int format);

}  // namespace bpgr::test
