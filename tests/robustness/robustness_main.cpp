// Robustness runner (suite 'robustness'): decodes hostile files from the
// seeded generator in-process and checks each outcome.
//
//   robustness_test FIXTURE_DIR SEED FIRST COUNT      decode files FIRST..FIRST+COUNT-1
//   robustness_test FIXTURE_DIR SEED FIRST COUNT --write DIR   only write them (for CLI checks)
//
// Per file: the decoder returns OK with a valid image (every frame converts)
// or an error code with a non-empty message, never BPGR_ERR_INTERNAL; no
// signal (a crash fails the test), no hang (a watchdog aborts after
// kFileSeconds and names the file), peak memory within the limits (plain
// builds; under ASan, LeakSanitizer checks leaks at exit instead).
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bpgr/decoder.h"
#include "bpgr/libbpg.h"
#include "hostile_files.h"

#if defined(__SANITIZE_ADDRESS__)
#define ROBUSTNESS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ROBUSTNESS_ASAN 1
#endif
#endif

namespace {

using robustness::HostileFile;

constexpr size_t kMaxFixtureBytes = 12000;  // skip the 800 KB benchmark file
constexpr int kFileSeconds = 60;            // per file, generous for ASan builds
constexpr uint64_t kMaxMemoryBytes = 256ull << 20;
constexpr uint64_t kRssAllowanceBytes = 512ull << 20;  // limit + libde265 and process overhead

std::atomic<uint64_t> g_current{0};
std::atomic<bool> g_busy{false};
std::atomic<int64_t> g_started_ms{0};
std::string g_description;  // written by the main thread before g_busy is set

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void watchdog() {
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        if (g_busy.load() && now_ms() - g_started_ms.load() > kFileSeconds * 1000) {
            std::fprintf(stderr, "HANG: file %llu (%s) ran more than %d s\n",
                         static_cast<unsigned long long>(g_current.load()), g_description.c_str(), kFileSeconds);
            std::fflush(stderr);
            std::_Exit(3);
        }
    }
}

struct Outcome {
    bool ok = true;          // the checks passed
    std::string result;      // "decoded" or the status name
    std::string problem;
};

Outcome decode_bpgr(const HostileFile &f, uint64_t index) {
    Outcome out;
    bpgr_decoder_settings s;
    bpgr_decoder_default_settings(&s);
    s.threads = 1;
    s.keep_extensions = index & 1;
    s.limits.max_memory_bytes = kMaxMemoryBytes;
    s.limits.max_frames = 16;
    bpgr_decoder *dec = nullptr;
    if (bpgr_decoder_create(&s, &dec) != BPGR_OK) return {false, "create", "create failed"};
    bpgr_status st = bpgr_decoder_open(dec, f.bytes.data(), f.bytes.size());
    const auto format = static_cast<bpgr_output_format>(index / 7 % 6);
    if (st == BPGR_OK) {
        bpgr_image_info info;
        if (bpgr_decoder_get_info(dec, &info) != BPGR_OK || info.width == 0 || info.height == 0) {
            out = {false, "decoded", "OK but no valid image info"};
        }
        do {
            const void *pixels = nullptr;
            ptrdiff_t stride = 0;
            bpgr_status rs = bpgr_decoder_read_frame_owned(dec, format, &pixels, &stride);
            if (rs != BPGR_OK || !pixels || stride < static_cast<ptrdiff_t>(info.width)) {
                out = {false, "decoded", std::string("frame conversion failed: ") + bpgr_decoder_last_error(dec)};
                break;
            }
        } while ((st = bpgr_decoder_next_frame(dec)) == BPGR_OK);
        if (out.ok) out.result = st == BPGR_END_OF_STREAM ? "decoded" : "later frame rejected";
    }
    if (st < 0) {
        out.result = bpgr_status_string(st);
        const char *msg = bpgr_decoder_last_error(dec);
        if (st == BPGR_ERR_INTERNAL) out = {false, out.result, std::string("internal error: ") + msg};
        if (!msg || !*msg) out = {false, out.result, "error without a message"};
    }
    bpgr_decoder_destroy(dec);
    return out;
}

// The libbpg-compatible API: no message to check, only no crash, no hang,
// and a consistent picture when it succeeds.
Outcome decode_libbpg(const HostileFile &f, uint64_t index) {
    Outcome out{true, "libbpg rejected", ""};
    BPGDecoderContext *s = bpg_decoder_open();
    bpg_decoder_keep_extension_data(s, index & 1);
    BPGImageInfo info;
    if (bpg_decoder_get_info_from_buf(&info, nullptr, f.bytes.data(), static_cast<int>(f.bytes.size())) == 0 &&
        uint64_t{info.width} * info.height <= (1u << 22) &&
        bpg_decoder_decode(s, f.bytes.data(), static_cast<int>(f.bytes.size())) == 0) {
        out.result = "libbpg decoded";
        bpg_decoder_get_info(s, &info);
        auto format = static_cast<BPGDecoderOutputFormat>(index / 7 % 6);
        static const int kBytes[] = {3, 4, 6, 8, 4, 8};
        std::vector<uint8_t> line(static_cast<size_t>(info.width) * kBytes[format]);
        for (int frame = 0; frame < 16 && bpg_decoder_start(s, format) == 0; ++frame) {
            for (uint32_t y = 0; y < info.height; ++y) {
                if (bpg_decoder_get_line(s, line.data()) != 0) {
                    out = {false, out.result, "get_line failed inside the picture"};
                    break;
                }
            }
        }
    }
    bpg_decoder_close(s);
    return out;
}

long peak_rss_bytes() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss * 1024L;
}

}  // namespace

int main(int argc, char **argv) {
    robustness::HostileRun run;
    if (!robustness::parse_hostile_run(argc, argv, " [--write DIR]", kMaxFixtureBytes, run)) return 2;
    const auto &fixtures = run.fixtures;
    const uint64_t seed = run.seed, first = run.first, count = run.count;
    if (argc == 7 && std::strcmp(argv[5], "--write") == 0) {
        std::ofstream index_file(std::string(argv[6]) + "/index.tsv");
        for (uint64_t i = first; i < first + count; ++i) {
            HostileFile f = robustness::make_hostile_file(fixtures, seed, i);
            std::string name = "hostile-" + std::to_string(i) + ".bpg";
            std::ofstream(std::string(argv[6]) + "/" + name, std::ios::binary)
                .write(reinterpret_cast<const char *>(f.bytes.data()), static_cast<std::streamsize>(f.bytes.size()));
            index_file << name << '\t' << f.description << '\n';
        }
        return 0;
    }

    std::thread(watchdog).detach();
    std::map<std::string, uint64_t> outcomes;
    std::map<std::string, uint64_t> per_kind_decoded;
    uint64_t failures = 0;
    long rss_before = peak_rss_bytes();
    for (uint64_t i = first; i < first + count; ++i) {
        HostileFile f = robustness::make_hostile_file(fixtures, seed, i);
        g_description = f.description;
        g_current = i;
        g_started_ms = now_ms();
        g_busy = true;
        Outcome o = i % 4 == 3 ? decode_libbpg(f, i) : decode_bpgr(f, i);
        g_busy = false;
        ++outcomes[o.result];
        if (o.result == "decoded") ++per_kind_decoded[robustness::kind_name(static_cast<int>(i % robustness::kind_count()))];
        if (!o.ok) {
            ++failures;
            std::fprintf(stderr, "FAIL file %llu (%s): %s\n", static_cast<unsigned long long>(i),
                         f.description.c_str(), o.problem.c_str());
        }
    }
    long rss = peak_rss_bytes();
    std::printf("seed %llu, files %llu..%llu from %zu fixtures\n", static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(first), static_cast<unsigned long long>(first + count - 1),
                fixtures.size());
    for (const auto &[result, n] : outcomes) std::printf("  %-28s %llu\n", result.c_str(), static_cast<unsigned long long>(n));
    std::printf("  peak RSS %ld MiB (before %ld MiB)\n", rss >> 20, rss_before >> 20);
#ifndef ROBUSTNESS_ASAN
    if (static_cast<uint64_t>(rss) > kMaxMemoryBytes + kRssAllowanceBytes) {
        std::fprintf(stderr, "FAIL peak RSS %ld MiB exceeds the memory limit plus allowance\n", rss >> 20);
        ++failures;
    }
#endif
    std::printf("%llu failures\n", static_cast<unsigned long long>(failures));
    return failures ? 1 : 0;
}
