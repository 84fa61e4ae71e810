// Animation input: the %d / %Nd filename pattern and the delay file.
#pragma once

#include <string>
#include <vector>

namespace bpgr::cli {

// Expands a pattern containing %d or %Nd for one index; false if the
// pattern has no (or more than one) such field.
bool expand_frame_pattern(const std::string &pattern, int index, std::string *path);

// Frame files that exist: index 0.. or, if there is no frame 0, 1.., until
// the first missing index.
bool list_frame_files(const std::string &pattern, std::vector<std::string> *paths,
                      std::string *error);

// Delays in centiseconds (one float per frame) -> ticks of 1/fps seconds,
// as the reference computes them (float, lrint, clamped to 1..65535).
bool read_delay_ticks(const std::string &path, int fps, std::vector<int> *ticks,
                      std::string *error);

int delay_to_ticks(float delay_cs, int fps);

}  // namespace bpgr::cli
