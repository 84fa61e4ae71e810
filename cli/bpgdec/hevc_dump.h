// bpgdec --hevc / --hevc-alpha: write the rebuilt Annex-B HEVC streams.
#pragma once

#include <string>

#include "dec_args.h"

namespace bpgr::cli {

// Writes the layers requested in `settings`. False + message on failure.
bool write_hevc_streams(const std::string &bpg_bytes, const CliSettings &settings,
                        std::string &error);

}  // namespace bpgr::cli
