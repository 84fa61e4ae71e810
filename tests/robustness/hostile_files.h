// Seeded, reproducible generator of hostile BPG files: each file is one
// fixture with one kind of damage (truncation, bit flips, header field
// edits, lying lengths, extension garbage, stray start codes, alpha flags
// without an alpha stream, ...). Same seed and index -> same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace robustness {

using Bytes = std::vector<uint8_t>;

struct Fixture {
    std::string name;
    Bytes bytes;
};

struct HostileFile {
    std::string description;  // "<fixture> <mutation> <details>", enough to rebuild it by hand
    Bytes bytes;
};

// Number of mutation kinds; kind_name(k) names each for the summary.
int kind_count();
const char *kind_name(int kind);

// File `index` of the stream with `seed` (kind = index % kind_count()).
HostileFile make_hostile_file(const std::vector<Fixture> &fixtures, uint64_t seed, uint64_t index);

// Every *.bpg of `dir` no larger than `max_bytes`, sorted by name.
std::vector<Fixture> load_fixtures(const std::string &dir, size_t max_bytes);

// What a runner of hostile files takes: FIXTURE_DIR SEED FIRST COUNT.
struct HostileRun {
    std::vector<Fixture> fixtures;  // load_fixtures(FIXTURE_DIR, max_bytes)
    uint64_t seed = 0, first = 0, count = 0;
};

// Reads argv[1..4] into `run`. False after printing the usage (with
// `extra_usage` after COUNT) or "no fixtures in DIR" on stderr.
bool parse_hostile_run(int argc, char **argv, const char *extra_usage, size_t max_bytes, HostileRun &run);

}  // namespace robustness
