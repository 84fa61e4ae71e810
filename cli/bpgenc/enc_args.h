// bpgenc command line -> CliSettings + encoder settings (reference flags
// and defaults, format doc 8.1).
#pragma once

#include <cstdio>
#include <string>

#include "bpgr/encoder.h"

namespace bpgr::cli {

struct CliSettings {
    std::string input_path;
    std::string output_path = "out.bpg";
    bool animation = false;     // -a: input_path is a %d pattern
    std::string delay_file;     // -delayfile
    int fps = 25;
    bool keep_metadata = false;
    bool verbose = false;
    bpgr_encoder_settings encoder{};
};

enum class ParseResult { kRun, kHelp, kError };

// Fills *cli from the reference's options (every spelling libbpg 0.9.8's
// getopt_long_only() accepts). On kError, *error holds the message. May
// reorder argv (GNU getopt moves the file names last).
ParseResult parse_enc_args(int argc, char **argv, CliSettings *cli, std::string *error);

// The help text: the reference's first line ("BPG Image Encoder version
// 0.9.8", which scripts parse), the bpgr version, then the options.
void print_enc_usage(std::FILE *out);

}  // namespace bpgr::cli
