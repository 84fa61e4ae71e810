// bpgdec's decoding path: input bytes -> decoder -> the chosen writer.
#pragma once

#include <string>

#include "dec_args.h"

namespace bpgr::cli {

// Decodes `bpg_bytes` as `settings` asks and writes the output file(s) or
// prints the md5. Returns the process exit status (0 or 1); messages go to
// stderr.
int run_decode_job(const std::string &bpg_bytes, const CliSettings &settings);

}  // namespace bpgr::cli
