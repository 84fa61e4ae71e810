// bpgenc command line -> CliSettings + encoder settings (reference flags
// and defaults, format doc 8.1).
#pragma once

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

// Fills *cli. On kError, *error holds the message.
ParseResult parse_enc_args(int argc, char **argv, CliSettings *cli, std::string *error);

void print_enc_usage(std::FILE *out);

}  // namespace bpgr::cli
