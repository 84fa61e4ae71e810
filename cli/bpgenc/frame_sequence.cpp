#include "frame_sequence.h"

#include <cmath>
#include <cstdio>
#include <sys/stat.h>

namespace bpgr::cli {
namespace {

constexpr int kMaxTicks = 65535;
constexpr int kMaxFrames = 100000;

bool file_exists(const std::string &path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

}  // namespace

bool expand_frame_pattern(const std::string &pattern, int index, std::string *path) {
    size_t field_start = std::string::npos, field_end = 0;
    int width = 0;
    for (size_t i = 0; i < pattern.size(); i++) {
        if (pattern[i] != '%') continue;
        size_t j = i + 1;
        int w = 0;
        while (j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9') w = w * 10 + (pattern[j++] - '0');
        if (j < pattern.size() && pattern[j] == 'd') {
            if (field_start != std::string::npos) return false;
            field_start = i;
            field_end = j + 1;
            width = w;
        }
    }
    if (field_start == std::string::npos || width > 20) return false;
    char digits[32];
    std::snprintf(digits, sizeof digits, "%0*d", width, index);
    *path = pattern.substr(0, field_start) + digits + pattern.substr(field_end);
    return true;
}

bool list_frame_files(const std::string &pattern, std::vector<std::string> *paths,
                      std::string *error) {
    std::string path;
    if (!expand_frame_pattern(pattern, 0, &path)) {
        *error = pattern + ": an animation needs %d or %Nd in the input filename";
        return false;
    }
    int first = file_exists(path) ? 0 : 1;
    for (int index = first; index < kMaxFrames; index++) {
        expand_frame_pattern(pattern, index, &path);
        if (!file_exists(path)) break;
        paths->push_back(path);
    }
    if (paths->empty()) {
        *error = pattern + ": no frame file found (index 0 or 1)";
        return false;
    }
    return true;
}

int delay_to_ticks(float delay_cs, int fps) {
    const long ticks = std::lrint(delay_cs * float(fps) / 100.0f);
    return int(std::min<long>(std::max<long>(ticks, 1), kMaxTicks));
}

bool read_delay_ticks(const std::string &path, int fps, std::vector<int> *ticks,
                      std::string *error) {
    std::FILE *f = std::fopen(path.c_str(), "r");
    if (!f) {
        *error = path + ": cannot open the delay file";
        return false;
    }
    float delay;
    while (std::fscanf(f, "%f", &delay) == 1) ticks->push_back(delay_to_ticks(delay, fps));
    const bool bad = !std::feof(f);
    std::fclose(f);
    if (bad) {
        *error = path + ": the delay file must contain numbers only";
        return false;
    }
    return true;
}

}  // namespace bpgr::cli
