#include "expected_image.h"

#include <cstdlib>

#include "tsv_table.h"

namespace bpgr::test {

namespace {

int index_of(const char *const *names, int count, const std::string &name) {
    for (int i = 0; i < count; ++i)
        if (name == names[i]) return i;
    return -1;
}

const char *const kFormatNames[] = {"Gray", "4:2:0", "4:2:2", "4:4:4", "4:2:0_video",
                                    "4:2:2_video"};
const char *const kColorSpaceNames[] = {"YCbCr", "RGB", "YCgCo", "YCbCr_BT709",
                                        "YCbCr_BT2020"};

long to_long(const std::string &s) { return std::strtol(s.c_str(), nullptr, 10); }

}  // namespace

bool is_cmyk_format(int format) { return format == 4 || format == 5; }

int bytes_per_pixel(int format) {
    static const int kBytes[] = {3, 4, 6, 8, 4, 8};
    return format >= 0 && format < 6 ? kBytes[format] : 0;
}

bool load_expected_image(const std::string &fixture_dir, const std::string &file,
                         ExpectedImage &image, std::string &error) {
    std::vector<TsvRow> manifest, frames, planes;
    if (!read_tsv(fixture_dir + "/manifest.tsv", manifest, error) ||
        !read_tsv(fixture_dir + "/frames.tsv", frames, error) ||
        !read_tsv(fixture_dir + "/planes.tsv", planes, error))
        return false;
    const TsvRow *row = nullptr;
    for (const TsvRow &r : manifest)
        if (r.at("file") == file) row = &r;
    if (!row) {
        error = file + " is not in manifest.tsv";
        return false;
    }
    const TsvRow &m = *row;
    image.file = file;
    image.width = uint32_t(to_long(m.at("width")));
    image.height = uint32_t(to_long(m.at("height")));
    image.header_format = index_of(kFormatNames, 6, m.at("format"));
    image.api_format = index_of(kFormatNames, 6, m.at("api_format"));
    image.bit_depth = int(to_long(m.at("bit_depth")));
    image.color_space = index_of(kColorSpaceNames, 5, m.at("color_space"));
    image.has_alpha = m.at("alpha") != "none";
    image.premultiplied = m.at("alpha") == "premul";
    image.w_plane = m.at("w_plane") == "1";
    image.limited_range = m.at("limited_range") == "1";
    image.animation = m.at("animation") == "1";
    image.frame_count = int(to_long(m.at("frames")));
    image.loop_count = int(to_long(m.at("loop_count")));
    if (image.header_format < 0 || image.api_format < 0 || image.color_space < 0) {
        error = file + ": unknown format or colour space name in manifest.tsv";
        return false;
    }
    if (m.at("extensions") != "-") {
        for (const std::string &entry : split(m.at("extensions"), ',')) {
            const std::vector<std::string> parts = split(entry, ':');
            if (parts.size() != 2) {
                error = file + ": bad extensions field " + m.at("extensions");
                return false;
            }
            image.extensions.push_back({uint32_t(to_long(parts[0])), uint32_t(to_long(parts[1]))});
        }
    }
    image.md5_columns = {
        {"md5_rgb8", image.has_alpha ? 1 : 0, m.at("md5_rgb8")},
        {"md5_rgb16", image.has_alpha ? 3 : 2, m.at("md5_rgb16")},
        {"md5_rgb24", 0, m.at("md5_rgb24")},
        {"md5_cmyk32", 4, m.at("md5_cmyk32")},
        {"md5_cmyk64", 5, m.at("md5_cmyk64")},
    };

    const std::vector<std::string> durations = split(m.at("durations"), ',');
    image.frames.assign(size_t(image.frame_count), ExpectedFrame{});
    if (durations.size() != image.frames.size()) {
        error = file + ": durations list does not match the frame count";
        return false;
    }
    size_t frame_rows = 0;
    for (const TsvRow &r : frames) {
        if (r.at("file") != file) continue;
        const long index = to_long(r.at("frame"));
        if (index < 0 || index >= image.frame_count) {
            error = file + ": frames.tsv frame " + r.at("frame") + " out of range";
            return false;
        }
        ExpectedFrame &f = image.frames[size_t(index)];
        f.duration = r.at("duration");
        f.md5_rgb8 = r.at("md5_rgb8");
        f.md5_rgb16 = r.at("md5_rgb16");
        f.md5_rgb24 = r.at("md5_rgb24");
        if (f.duration != durations[size_t(index)]) {
            error = file + ": frames.tsv and manifest.tsv durations differ";
            return false;
        }
        ++frame_rows;
    }
    if (frame_rows != image.frames.size()) {
        error = file + ": frames.tsv has " + std::to_string(frame_rows) + " rows, manifest says " +
                std::to_string(image.frame_count) + " frames";
        return false;
    }
    for (const TsvRow &r : planes) {
        if (r.at("file") != file) continue;
        const long index = to_long(r.at("frame"));
        if (index < 0 || index >= image.frame_count) {
            error = file + ": planes.tsv frame " + r.at("frame") + " out of range";
            return false;
        }
        ExpectedPlane p;
        p.index = int(to_long(r.at("plane")));
        p.name = r.at("name");
        p.width = uint32_t(to_long(r.at("width")));
        p.height = uint32_t(to_long(r.at("height")));
        p.bit_depth = int(to_long(r.at("bit_depth")));
        p.md5 = r.at("md5");
        image.frames[size_t(index)].planes.push_back(p);
    }
    for (const ExpectedFrame &f : image.frames) {
        if (f.planes.empty()) {
            error = file + ": planes.tsv lacks a frame";
            return false;
        }
    }
    return true;
}

}  // namespace bpgr::test
