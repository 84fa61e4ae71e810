// gdk-pixbuf suite: the robustness suite's seeded hostile files (damaged
// fixtures, tests/robustness/hostile_files.h) through the BPG loader.
//
//   pixbuf_hostile_test FIXTURE_DIR SEED FIRST COUNT
//
// Each file goes through a GdkPixbufLoader in chunks (whole, 7, 4096 or 1
// bytes, by index). Where the library decodes the file, so does the loader
// (same size and layout); where the library rejects it, the loader fails
// with a GError whose message begins with the library's message. No crash
// (the process would die), no GLib warning or critical (made fatal).
// Pixels are not compared here: some damaged streams (a slice cut short)
// decode "successfully" with samples libde265 never wrote, which differ from
// run to run; the fixtures test compares pixels of valid files.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "hostile_files.h"
#include "pixbuf_support.h"
#include "reference_decode.h"

namespace {

constexpr size_t kMaxFixtureBytes = 12000;  // as the robustness suite: skip the benchmark file
const size_t kChunks[] = {0, 7, 4096, 1};

}  // namespace

int main(int argc, char **argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s FIXTURE_DIR SEED FIRST COUNT\n", argv[0]);
        return 2;
    }
    pixbuf_test::make_warnings_fatal();
    const auto fixtures = robustness::load_fixtures(argv[1], kMaxFixtureBytes);
    const uint64_t seed = std::strtoull(argv[2], nullptr, 0);
    const uint64_t first = std::strtoull(argv[3], nullptr, 0);
    const uint64_t count = std::strtoull(argv[4], nullptr, 0);
    if (fixtures.empty()) {
        std::fprintf(stderr, "no fixtures in %s\n", argv[1]);
        return 2;
    }
    unsigned failures = 0, decoded = 0, rejected = 0;
    for (uint64_t i = first; i < first + count; ++i) {
        const robustness::HostileFile f = robustness::make_hostile_file(fixtures, seed, i);
        const size_t chunk = kChunks[i % 4];
        pixbuf_test::ReferenceImage ref;
        const bool library_ok = pixbuf_test::reference_decode(f.bytes, ref);
        GError *error = nullptr;
        GdkPixbufAnimation *anim = pixbuf_test::load_in_chunks(f.bytes, chunk, &error);
        std::string problem;
        if (anim) {
            ++decoded;
            if (!library_ok) {
                problem = "the loader decoded a file the library rejects (" + ref.error + ")";
            } else {
                GdkPixbuf *pixbuf = gdk_pixbuf_animation_get_static_image(anim);
                if (gdk_pixbuf_get_width(pixbuf) != int(ref.width) || gdk_pixbuf_get_height(pixbuf) != int(ref.height) ||
                    bool(gdk_pixbuf_get_has_alpha(pixbuf)) != ref.alpha)
                    problem = "the loader's picture differs in size or alpha from the library's";
            }
            g_object_unref(anim);
        } else {
            ++rejected;
            if (!error || !error->message || !*error->message) {
                problem = "failed without a GError message";
            } else if (library_ok) {
                problem = std::string("the loader rejected a file the library decodes: ") + error->message;
            } else if (!g_str_has_prefix(error->message, ref.error.c_str())) {
                problem = std::string("GError '") + error->message + "' does not carry the library's message '" +
                          ref.error + "'";
            }
            g_clear_error(&error);
        }
        if (!problem.empty()) {
            ++failures;
            std::fprintf(stderr, "FAIL file %llu (%s), chunks %zu: %s\n", static_cast<unsigned long long>(i),
                         f.description.c_str(), chunk, problem.c_str());
        }
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("hostile files %llu..%llu (seed %llu) through the loader: %u decoded, %u rejected with a GError, "
                "peak RSS %ld MiB, %u failures\n",
                static_cast<unsigned long long>(first), static_cast<unsigned long long>(first + count - 1),
                static_cast<unsigned long long>(seed), decoded, rejected, usage.ru_maxrss / 1024, failures);
    return failures ? 1 : 0;
}
