#include "hostile_files.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace robustness {

namespace {

// splitmix64: small, fast, and the same on every platform.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
    uint8_t byte() { return static_cast<uint8_t>(next()); }

private:
    uint64_t state_;
};

// Where the header fields of a (valid) fixture lie; built by reading the
// fixture itself, independently of the library's parser.
struct Layout {
    size_t width_at = 6, height_at = 0, data_length_at = 0;
    size_t ext_length_at = 0, ext_at = 0, ext_size = 0;  // ext_* only if present
    size_t first_header_at = 0;  // alpha (if any) or colour hevc_header_length
    size_t hevc_at = 0;          // first NAL
    bool ok = false;
};

bool read_ue7(const Bytes &b, size_t &pos, uint32_t &v) {
    v = 0;
    for (int i = 0; i < 5 && pos < b.size(); ++i) {
        uint8_t c = b[pos++];
        v = (v << 7) | (c & 0x7F);
        if (!(c & 0x80)) return true;
    }
    return false;
}

Layout locate(const Bytes &b) {
    Layout l;
    if (b.size() < 8) return l;
    bool ext = (b[5] >> 3) & 1, extra = ((b[4] >> 4) & 1) || ((b[5] >> 2) & 1);
    size_t pos = 6;
    uint32_t v;
    if (!read_ue7(b, pos, v)) return l;
    l.height_at = pos;
    if (!read_ue7(b, pos, v)) return l;
    l.data_length_at = pos;
    if (!read_ue7(b, pos, v)) return l;
    if (ext) {
        l.ext_length_at = pos;
        if (!read_ue7(b, pos, v)) return l;
        l.ext_at = pos;
        l.ext_size = v;
        pos += v;
    }
    l.first_header_at = pos;
    for (int i = 0; i < (extra ? 2 : 1); ++i) {
        if (!read_ue7(b, pos, v)) return l;
        pos += v;
    }
    l.hevc_at = pos;
    l.ok = pos < b.size();
    return l;
}

Bytes ue7(uint64_t v) {
    Bytes out;
    do {
        out.insert(out.begin(), static_cast<uint8_t>((v & 0x7F) | (out.empty() ? 0 : 0x80)));
        v >>= 7;
    } while (v);
    return out;
}

size_t ue7_size(const Bytes &b, size_t at) {
    size_t n = 0;
    while (at + n < b.size() && (b[at + n] & 0x80)) ++n;
    return n + 1;
}

void replace_field(Bytes &b, size_t at, const Bytes &with) {
    size_t n = std::min(ue7_size(b, at), b.size() - at);
    b.erase(b.begin() + static_cast<ptrdiff_t>(at), b.begin() + static_cast<ptrdiff_t>(at + n));
    b.insert(b.begin() + static_cast<ptrdiff_t>(at), with.begin(), with.end());
}

std::string fmt(const char *format, uint64_t a = 0, uint64_t b = 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, format, static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
    return buf;
}

// Offsets of the NAL units after the first (just after each start code).
std::vector<size_t> nal_starts(const Bytes &b, size_t from) {
    std::vector<size_t> starts{from};
    for (size_t i = from; i + 3 < b.size(); ++i) {
        if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) starts.push_back(i + 3);
    }
    return starts;
}

const uint64_t kInterestingSizes[] = {0, 1, 7, 8, 64, 16383, 16384, 16385, 65535, 65536, 65537,
                                      (1u << 28) - 1, (1u << 30) - 1, 1u << 30, 0xFFFFFFFFull};

enum Kind {
    kTruncate, kBitFlips, kFormatByte, kFlagsByte, kDimensions, kDataLength, kExtensionLength,
    kExtensionGarbage, kHevcHeaderLength, kHevcHeaderBits, kStrayStartCode, kAlphaFlags, kNalHeader,
    kLongUe7, kSplice, kByteRuns, kKindCount
};

const char *const kKindNames[] = {
    "truncate", "bit-flips", "format-byte", "flags-byte", "dimensions", "data-length", "extension-length",
    "extension-garbage", "hevc-header-length", "hevc-header-bits", "stray-start-code", "alpha-flags",
    "nal-header", "long-ue7", "splice", "byte-runs"};

}  // namespace

int kind_count() { return kKindCount; }
const char *kind_name(int kind) { return kind >= 0 && kind < kKindCount ? kKindNames[kind] : "?"; }

HostileFile make_hostile_file(const std::vector<Fixture> &fixtures, uint64_t seed, uint64_t index) {
    Rng rng(seed * 0x100000001B3ull ^ (index + 1) * 0x9E3779B97F4A7C15ull);
    const Fixture &fx = fixtures[rng.below(fixtures.size())];
    Bytes b = fx.bytes;
    const Layout l = locate(b);
    const int kind = static_cast<int>(index % kKindCount);
    std::string what;
    auto interesting = [&] { return kInterestingSizes[rng.below(std::size(kInterestingSizes))]; };
    switch (kind) {
    case kTruncate: {
        // Half the cuts inside the header and first NALs, where parsing is densest.
        size_t limit = rng.below(2) ? std::min(b.size(), l.hevc_at + 16) : b.size();
        size_t keep = rng.below(limit);
        b.resize(keep);
        what = fmt("keep %llu bytes", keep);
        break;
    }
    case kBitFlips: {
        size_t flips = 1 + rng.below(8);
        size_t span = rng.below(2) ? std::min(b.size(), l.hevc_at + 32) : b.size();
        for (size_t i = 0; i < flips; ++i) b[rng.below(span)] ^= static_cast<uint8_t>(1u << rng.below(8));
        what = fmt("%llu bits in the first %llu bytes", flips, span);
        break;
    }
    case kFormatByte:  // pixel format (incl. 6, 7), alpha1, bit depth (incl. 15..23)
        b[4] = rng.byte();
        what = fmt("byte 4 = 0x%02llx", b[4]);
        break;
    case kFlagsByte:  // colour space (incl. reserved), extension, alpha2, range, animation
        b[5] = rng.byte();
        what = fmt("byte 5 = 0x%02llx", b[5]);
        break;
    case kDimensions: {
        uint64_t w = rng.below(3) ? interesting() : rng.below(70000);
        uint64_t h = rng.below(3) ? interesting() : rng.below(70000);
        if (rng.below(2)) {
            replace_field(b, l.height_at, ue7(h));
            replace_field(b, l.width_at, ue7(w));
            what = fmt("%llux%llu", w, h);
        } else {
            replace_field(b, rng.below(2) ? l.width_at : l.height_at, ue7(w));
            what = fmt("one side %llu", w);
        }
        break;
    }
    case kDataLength: {
        uint64_t v = rng.below(2) ? interesting() : b.size() - l.hevc_at + rng.below(64) - 32;
        replace_field(b, l.data_length_at, ue7(v & 0xFFFFFFFFull));
        what = fmt("picture_data_length %llu", v & 0xFFFFFFFFull);
        break;
    }
    case kExtensionLength: {
        uint64_t v = rng.below(2) ? interesting() : l.ext_size + rng.below(16) - 8;
        if (!l.ext_length_at) {  // add an extension flag and a lying length
            b[5] |= 0x08;
            Bytes field = ue7(v & 0xFFFFFFFFull);
            b.insert(b.begin() + static_cast<ptrdiff_t>(l.first_header_at), field.begin(), field.end());
        } else {
            replace_field(b, l.ext_length_at, ue7(v & 0xFFFFFFFFull));
        }
        what = fmt("extension_data_length %llu", v & 0xFFFFFFFFull);
        break;
    }
    case kExtensionGarbage: {
        Bytes block;
        size_t n = rng.below(48);
        for (size_t i = 0; i < n; ++i) block.push_back(rng.below(4) ? rng.byte() : static_cast<uint8_t>(rng.below(8)));
        if (l.ext_length_at) {
            b.erase(b.begin() + static_cast<ptrdiff_t>(l.ext_length_at),
                    b.begin() + static_cast<ptrdiff_t>(l.ext_at + l.ext_size));
        } else {
            b[5] |= 0x08;
        }
        Bytes field = ue7(block.size());
        field.insert(field.end(), block.begin(), block.end());
        size_t at = l.ext_length_at ? l.ext_length_at : l.first_header_at;
        b.insert(b.begin() + static_cast<ptrdiff_t>(at), field.begin(), field.end());
        if (rng.below(3) == 0) b[5] |= 1;  // animation: records are always parsed
        what = fmt("%llu random record bytes, flags 0x%02llx", n, b[5]);
        break;
    }
    case kHevcHeaderLength: {
        uint64_t v = rng.below(2) ? interesting() : rng.below(12);
        replace_field(b, l.first_header_at, ue7(v & 0xFFFFFFFFull));
        what = fmt("first hevc_header_length %llu", v & 0xFFFFFFFFull);
        break;
    }
    case kHevcHeaderBits: {  // block sizes, PCM, range-extension flags
        size_t at = l.first_header_at + 1;
        size_t n = 1 + rng.below(4);
        for (size_t i = 0; i < n && at < b.size(); ++i) b[at + rng.below(std::min<size_t>(4, b.size() - at))] = rng.byte();
        what = fmt("%llu compact-header bytes at %llu", n, at);
        break;
    }
    case kStrayStartCode: {
        size_t count = 1 + rng.below(3);
        for (size_t i = 0; i < count; ++i) {
            size_t at = l.hevc_at + rng.below(b.size() - l.hevc_at + 1);
            Bytes sc = {0, 0, 1};
            if (rng.below(2)) sc.insert(sc.begin(), 0);
            for (size_t k = rng.below(6); k > 0; --k) sc.push_back(rng.byte());
            b.insert(b.begin() + static_cast<ptrdiff_t>(at), sc.begin(), sc.end());
        }
        what = fmt("%llu start codes", count);
        break;
    }
    case kAlphaFlags: {
        uint8_t mode = static_cast<uint8_t>(rng.below(4));
        b[4] = static_cast<uint8_t>((b[4] & ~0x10) | ((mode & 1) << 4));
        b[5] = static_cast<uint8_t>((b[5] & ~0x04) | ((mode & 2) << 1));
        what = fmt("alpha1 %llu alpha2 %llu", mode & 1, mode >> 1);
        break;
    }
    case kNalHeader: {
        std::vector<size_t> starts = nal_starts(b, l.hevc_at);
        size_t at = starts[rng.below(starts.size())];
        if (at + 1 < b.size()) {
            if (rng.below(2)) {
                b[at] = static_cast<uint8_t>(rng.below(64) << 1 | (b[at] & 0x81));  // type
            } else {
                b[at + 1] = rng.byte();  // layer low bits, temporal id
            }
        }
        what = fmt("NAL at %llu: %02llx", at, at + 1 < b.size() ? (b[at] << 8 | b[at + 1]) : 0);
        break;
    }
    case kLongUe7: {  // non-canonical, over-long and overflowing encodings
        size_t at = rng.below(2) ? l.width_at : l.data_length_at;
        Bytes field;
        size_t groups = 2 + rng.below(7);
        field.push_back(rng.below(3) ? static_cast<uint8_t>(0x80 | rng.below(128)) : 0x80);
        for (size_t i = 1; i + 1 < groups; ++i) field.push_back(static_cast<uint8_t>(0x80 | rng.below(128)));
        field.push_back(static_cast<uint8_t>(rng.below(128)));
        replace_field(b, at, field);
        what = fmt("%llu-byte ue7 at %llu", groups, at);
        break;
    }
    case kSplice: {
        const Fixture &other = fixtures[rng.below(fixtures.size())];
        size_t cut = l.hevc_at + rng.below(b.size() - l.hevc_at);
        size_t from = rng.below(other.bytes.size());
        b.resize(cut);
        b.insert(b.end(), other.bytes.begin() + static_cast<ptrdiff_t>(from), other.bytes.end());
        what = "with the tail of " + other.name + fmt(" from %llu at %llu", from, cut);
        break;
    }
    case kByteRuns: {
        size_t at = rng.below(b.size());
        size_t n = 1 + rng.below(64);
        if (rng.below(2)) {
            uint8_t v = rng.below(2) ? 0 : 0xFF;
            b.insert(b.begin() + static_cast<ptrdiff_t>(at), n, v);
            what = fmt("insert %llu x 0x%02llx", n, v) + fmt(" at %llu", at);
        } else {
            n = std::min(n, b.size() - at);
            b.erase(b.begin() + static_cast<ptrdiff_t>(at), b.begin() + static_cast<ptrdiff_t>(at + n));
            what = fmt("delete %llu at %llu", n, at);
        }
        break;
    }
    }
    return HostileFile{fx.name + " " + kKindNames[kind] + " " + what, std::move(b)};
}

std::vector<Fixture> load_fixtures(const std::string &dir, size_t max_bytes) {
    std::vector<Fixture> out;
    for (const auto &entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".bpg" || entry.file_size() > max_bytes) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (locate(bytes).ok) out.push_back(Fixture{entry.path().filename().string(), std::move(bytes)});
    }
    std::sort(out.begin(), out.end(), [](const Fixture &a, const Fixture &b) { return a.name < b.name; });
    return out;
}

bool parse_hostile_run(int argc, char **argv, const char *extra_usage, size_t max_bytes, HostileRun &run) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s FIXTURE_DIR SEED FIRST COUNT%s\n", argv[0], extra_usage);
        return false;
    }
    run.fixtures = load_fixtures(argv[1], max_bytes);
    run.seed = std::strtoull(argv[2], nullptr, 0);
    run.first = std::strtoull(argv[3], nullptr, 0);
    run.count = std::strtoull(argv[4], nullptr, 0);
    if (run.fixtures.empty()) {
        std::fprintf(stderr, "no fixtures in %s\n", argv[1]);
        return false;
    }
    return true;
}

}  // namespace robustness
