// bpgdec -i: header facts and extension list, in the reference's exact text.
#pragma once

#include <cstdio>
#include <string>

namespace bpgr::cli {

// Parses the header of `bytes` (no decoding) and prints the description to
// `out`. False if the data is not a readable BPG header.
bool print_image_info(const std::string &bytes, std::FILE *out);

}  // namespace bpgr::cli
