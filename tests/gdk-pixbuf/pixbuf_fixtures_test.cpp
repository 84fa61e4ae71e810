// gdk-pixbuf suite: every fixture of fixtures/bpg/manifest.tsv through the
// BPG loader module, compared with the library's own decode.
//
//   pixbuf_fixtures_test FIXTURE_DIR [FILE...]
//
// Needs GDK_PIXBUF_MODULE_FILE naming the build tree's loader cache (meson
// sets it). Per fixture:
//  - gdk_pixbuf_new_from_file: the first frame's pixels equal the library's
//    RGB24 (RGBA32 with alpha) output; an ICC profile arrives base64-encoded
//    as the "icc-profile" option; gdk_pixbuf_get_file_info gives the format
//    and size, gdk_pixbuf_new_from_file_at_size a picture of half the size;
//  - a GdkPixbufLoader fed in chunks of 1, 7 and 4096 bytes: every frame of
//    its animation equal to the library's;
//  - gdk_pixbuf_animation_new_from_file: frame count, per-frame delays and
//    loop count as the manifest records them, followed through the public
//    iterator (frames advance at their delays; a finite loop count ends on
//    the last frame with delay -1, loop count 0 keeps playing).
#include <gdk-pixbuf/gdk-pixbuf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "pixbuf_support.h"
#include "reference_decode.h"
#include "tsv_table.h"

namespace {

using pixbuf_test::ReferenceImage;

struct Expected {
    ReferenceImage ref;
    unsigned frames = 1;
    unsigned loop_count = 0;
    bool animated = false;
    std::vector<int> delays_ms;  // from the manifest's num/den durations
};

int failures = 0;

void fail(const std::string &file, const std::string &what) {
    ++failures;
    std::fprintf(stderr, "FAIL %s: %s\n", file.c_str(), what.c_str());
}

// The loader shows a frame of num/den seconds for round(1000 num / den) ms,
// at least 10 ms.
int delay_ms(const std::string &duration) {
    unsigned num = 0, den = 1;
    if (std::sscanf(duration.c_str(), "%u/%u", &num, &den) != 2 || den == 0) return -2;
    long ms = std::lround(1000.0 * num / den);
    return ms < 10 ? 10 : int(ms);
}

std::string base64(const std::vector<uint8_t> &bytes) {
    gchar *text = g_base64_encode(bytes.data(), bytes.size());
    std::string s = text;
    g_free(text);
    return s;
}

void check_icc(const std::string &file, GdkPixbuf *pixbuf, const ReferenceImage &ref, const char *how) {
    const gchar *icc = gdk_pixbuf_get_option(pixbuf, "icc-profile");
    if (ref.icc_profile.empty()) {
        if (icc) fail(file, std::string(how) + ": icc-profile option on a file without a profile");
    } else if (!icc || base64(ref.icc_profile) != icc) {
        fail(file, std::string(how) + ": icc-profile option missing or not the file's profile in base64");
    }
}

void check_new_from_file(const std::string &path, const std::string &file, const Expected &e) {
    GError *error = nullptr;
    GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file(path.c_str(), &error);
    if (!pixbuf) {
        fail(file, std::string("gdk_pixbuf_new_from_file: ") + (error ? error->message : "no error"));
        g_clear_error(&error);
        return;
    }
    std::string diff = pixbuf_test::compare_frame(pixbuf, e.ref, 0);
    if (!diff.empty()) fail(file, "gdk_pixbuf_new_from_file: " + diff);
    check_icc(file, pixbuf, e.ref, "gdk_pixbuf_new_from_file");
    g_object_unref(pixbuf);

    // The size alone (the loader is stopped after the header), and a scaled load.
    int w = 0, h = 0;
    GdkPixbufFormat *format = gdk_pixbuf_get_file_info(path.c_str(), &w, &h);
    gchar *name = format ? gdk_pixbuf_format_get_name(format) : nullptr;
    if (!name || std::string(name) != "bpg" || w != int(e.ref.width) || h != int(e.ref.height))
        fail(file, "gdk_pixbuf_get_file_info: format " + std::string(name ? name : "none") + ", " +
                       std::to_string(w) + "x" + std::to_string(h));
    g_free(name);
    const int want = std::max(1, int(std::max(e.ref.width, e.ref.height)) / 2);
    pixbuf = gdk_pixbuf_new_from_file_at_size(path.c_str(), want, want, &error);
    if (!pixbuf || std::max(gdk_pixbuf_get_width(pixbuf), gdk_pixbuf_get_height(pixbuf)) != want) {
        fail(file, "gdk_pixbuf_new_from_file_at_size(" + std::to_string(want) + "): " +
                       (pixbuf ? "wrong size" : error ? error->message : "no error"));
    }
    g_clear_error(&error);
    if (pixbuf) g_object_unref(pixbuf);
}

// Walks the animation through its iterator with a synthetic clock.
void check_animation_timeline(const std::string &file, GdkPixbufAnimation *anim, const Expected &e,
                              const char *how) {
    const std::string where = std::string(how) + ": ";
    if (bool(gdk_pixbuf_animation_is_static_image(anim)) != (e.frames == 1)) {
        fail(file, where + "is_static_image disagrees with the frame count");
    }
    if (e.frames == 1) {
        std::string diff = pixbuf_test::compare_frame(gdk_pixbuf_animation_get_static_image(anim), e.ref, 0);
        if (!diff.empty()) fail(file, where + "static image: " + diff);
        return;
    }
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    GTimeVal t = {1000, 0};
    GdkPixbufAnimationIter *iter = gdk_pixbuf_animation_get_iter(anim, &t);
    long elapsed = 0, total = 0;
    for (int d : e.delays_ms) total += d;
    auto advance_to = [&](long ms) {
        elapsed = ms;
        GTimeVal now = {1000 + ms / 1000, (ms % 1000) * 1000};
        gdk_pixbuf_animation_iter_advance(iter, &now);
    };
    // One play: each frame in turn, for its delay.
    for (unsigned i = 0; i < e.frames; ++i) {
        const int delay = gdk_pixbuf_animation_iter_get_delay_time(iter);
        if (delay != e.delays_ms[i]) {
            fail(file, where + "frame " + std::to_string(i) + " delay " + std::to_string(delay) + " ms, expected " +
                           std::to_string(e.delays_ms[i]));
        }
        std::string diff = pixbuf_test::compare_frame(gdk_pixbuf_animation_iter_get_pixbuf(iter), e.ref, i);
        if (!diff.empty()) fail(file, where + "frame " + std::to_string(i) + ": " + diff);
        advance_to(elapsed + e.delays_ms[i]);
    }
    // Mid-frame: the delay left is what remains of the frame.
    const ReferenceImage &ref = e.ref;
    GdkPixbuf *after_one_play = gdk_pixbuf_animation_iter_get_pixbuf(iter);
    const int delay_after = gdk_pixbuf_animation_iter_get_delay_time(iter);
    if (e.loop_count == 1) {
        if (pixbuf_test::compare_frame(after_one_play, ref, e.frames - 1) != "" || delay_after != -1)
            fail(file, where + "loop count 1: after one play the last frame should stay (delay -1)");
    } else {
        if (pixbuf_test::compare_frame(after_one_play, ref, 0) != "" || delay_after != e.delays_ms[0])
            fail(file, where + "after one play the animation should start again at frame 0");
    }
    if (e.loop_count > 1) {
        advance_to(total * e.loop_count - 1);
        if (pixbuf_test::compare_frame(gdk_pixbuf_animation_iter_get_pixbuf(iter), ref, e.frames - 1) != "" ||
            gdk_pixbuf_animation_iter_get_delay_time(iter) != 1)
            fail(file, where + "1 ms before the end of play " + std::to_string(e.loop_count) +
                           ": not on the last frame with 1 ms left");
        advance_to(total * e.loop_count);
        if (gdk_pixbuf_animation_iter_get_delay_time(iter) != -1 ||
            pixbuf_test::compare_frame(gdk_pixbuf_animation_iter_get_pixbuf(iter), ref, e.frames - 1) != "")
            fail(file, where + "after " + std::to_string(e.loop_count) + " plays: not stopped on the last frame");
        advance_to(total * e.loop_count + 100000);
        if (gdk_pixbuf_animation_iter_get_delay_time(iter) != -1)
            fail(file, where + "played-out animation started again");
    } else if (e.loop_count == 0) {
        advance_to(total * 1000 + e.delays_ms[0]);
        if (pixbuf_test::compare_frame(gdk_pixbuf_animation_iter_get_pixbuf(iter), ref, 1) != "" ||
            gdk_pixbuf_animation_iter_get_delay_time(iter) != e.delays_ms[1])
            fail(file, where + "loop count 0: play 1001 is not at frame 1");
    }
    g_object_unref(iter);
    G_GNUC_END_IGNORE_DEPRECATIONS

    if (g_object_class_find_property(G_OBJECT_GET_CLASS(anim), "loop-count")) {
        guint loops = 0;
        g_object_get(anim, "loop-count", &loops, nullptr);
        if (loops != e.loop_count)
            fail(file, where + "loop-count property " + std::to_string(loops) + ", expected " +
                           std::to_string(e.loop_count));
    } else {
        fail(file, where + "the animation has no loop-count property");
    }
}

void check_animation_from_file(const std::string &path, const std::string &file, const Expected &e) {
    GError *error = nullptr;
    GdkPixbufAnimation *anim = gdk_pixbuf_animation_new_from_file(path.c_str(), &error);
    if (!anim) {
        fail(file, std::string("gdk_pixbuf_animation_new_from_file: ") + (error ? error->message : "no error"));
        g_clear_error(&error);
        return;
    }
    int w = 0, h = 0;
    w = gdk_pixbuf_animation_get_width(anim);
    h = gdk_pixbuf_animation_get_height(anim);
    if (w != int(e.ref.width) || h != int(e.ref.height)) fail(file, "animation size differs from the picture's");
    check_animation_timeline(file, anim, e, "gdk_pixbuf_animation_new_from_file");
    g_object_unref(anim);
}

void check_chunks(const std::vector<uint8_t> &bytes, const std::string &file, const Expected &e, size_t chunk) {
    const std::string how = "loader, " + std::to_string(chunk) + "-byte chunks";
    GError *error = nullptr;
    GdkPixbufAnimation *anim = pixbuf_test::load_in_chunks(bytes, chunk, &error);
    if (!anim) {
        fail(file, how + ": " + (error ? error->message : "no error"));
        g_clear_error(&error);
        return;
    }
    check_icc(file, gdk_pixbuf_animation_get_static_image(anim), e.ref, how.c_str());
    check_animation_timeline(file, anim, e, how.c_str());
    g_object_unref(anim);
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FIXTURE_DIR [FILE...]\n", argv[0]);
        return 2;
    }
    if (!g_getenv("GDK_PIXBUF_MODULE_FILE")) {
        std::fprintf(stderr, "GDK_PIXBUF_MODULE_FILE is not set (run through meson test)\n");
        return 2;
    }
    pixbuf_test::make_warnings_fatal();
    const std::string dir = argv[1];
    std::vector<bpgr::test::TsvRow> rows;
    std::string error;
    if (!bpgr::test::read_tsv(dir + "/manifest.tsv", rows, error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 2;
    }
    std::vector<std::string> only(argv + 2, argv + argc);
    unsigned checked = 0;
    for (const auto &row : rows) {
        const std::string file = row.at("file");
        if (!only.empty() && std::find(only.begin(), only.end(), file) == only.end()) continue;
        const std::string path = dir + "/" + file;
        std::vector<uint8_t> bytes;
        Expected e;
        if (!pixbuf_test::read_file(path, bytes) || !pixbuf_test::reference_decode(bytes, e.ref)) {
            fail(file, "the library cannot decode it: " + e.ref.error);
            continue;
        }
        e.frames = unsigned(std::stoul(row.at("frames")));
        e.loop_count = unsigned(std::stoul(row.at("loop_count")));
        e.animated = row.at("animation") == "1";
        for (const std::string &d : bpgr::test::split(row.at("durations"), ',')) e.delays_ms.push_back(delay_ms(d));
        if (e.ref.frames.size() != e.frames || e.delays_ms.size() != e.frames) {
            fail(file, "the manifest and the library disagree on the frame count");
            continue;
        }
        check_new_from_file(path, file, e);
        check_animation_from_file(path, file, e);
        for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}}) check_chunks(bytes, file, e, chunk);
        ++checked;
    }
    std::printf("%u fixtures through the gdk-pixbuf loader, %d failures\n", checked, failures);
    return failures || checked == 0 ? 1 : 0;
}
