// bpgdec command line: argv -> CliSettings (no file-scope state).
#pragma once

#include <string>

#include "bpgr/decoder.h"
#include "output_formats.h"  // OutputKind, output_kind_for_name: which writer a file name picks

namespace bpgr::cli {

struct CliSettings {
    std::string input_path;                 // "-" = stdin
    std::string output_path = "out.png";    // "-" = stdout; a printf pattern with --all-frames
    bool output_given = false;
    int bit_depth = 8;                      // -b, as atoi() read it; checked where it applies
    bool info_only = false;                 // -i

    // Additions to the reference's flags.
    long frame = -1;                        // --frame N; -1 = the default choice
    bool all_frames = false;                // --all-frames
    bool print_md5 = false;                 // --md5
    bool format_given = false;              // --format (with --md5)
    bpgr_output_format md5_format = BPGR_OUTPUT_RGB24;
    std::string hevc_path;                  // --hevc FILE: colour stream (layer 0)
    std::string hevc_alpha_path;            // --hevc-alpha FILE: alpha/W stream (layer 1)
    int threads = 0;                        // --threads N, 0 = one per CPU
    bool restore = false;                   // --restore
    std::string restore_model;              // --model NAME|FILE, "" = default
    bpgr_precision restore_precision = BPGR_PRECISION_AUTO;
    std::string psnr_reference;             // --psnr ORIGINAL.png
};

enum class ParseOutcome {
    kRun,       // settings are complete
    kShowHelp,  // -h, or no input file: print usage, exit status 1 (as the reference)
    kError      // message in `error` (or already printed by getopt), exit status 1
};

ParseOutcome parse_dec_args(int argc, char **argv, CliSettings &settings, std::string &error);

// The help text: the reference's, then the additions.
void print_dec_usage(std::FILE *stream);

// "auto", "fp32", "bf16" or "int8", as --precision spells them.
const char *precision_name(bpgr_precision precision);

// Expands the single %d-style conversion of an --all-frames pattern
// ("out-%03d.png"). False + message when the pattern has none, more than
// one, or another conversion.
bool expand_frame_pattern(const std::string &pattern, unsigned frame, std::string &name,
                          std::string &error);

}  // namespace bpgr::cli
