// SPDX-License-Identifier: LGPL-3.0-or-later
#include "progress_bar.h"

#include <unistd.h>

#include <algorithm>

namespace bpgr::cli {

namespace {
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kWidth = 40;
}  // namespace

ProgressBar::ProgressBar(std::FILE *stream, bool force, std::chrono::milliseconds show_after)
    : stream_(stream), enabled_(force || isatty(fileno(stream))), show_after_(show_after) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::callback(void *opaque, double fraction) {
    static_cast<ProgressBar *>(opaque)->update(fraction);
}

void ProgressBar::update(double fraction) {
    if (!enabled_) return;
    if (fraction >= 1.0) {  // one restoration (one frame) done: erase, start afresh next time
        finish();
        started_ = false;
        return;
    }
    const Clock::time_point now = Clock::now();
    if (!started_) {
        started_ = true;
        start_ = now;
    }
    if (now - start_ < show_after_ || (drawn_ && now - last_draw_ < kRedrawEvery)) return;
    const double f = std::clamp(fraction, 0.0, 1.0);
    const int filled = int(f * kWidth + 0.5);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(stream_, "\rrestoring [%s] %3d%%", bar, int(f * 100.0 + 0.5));
    std::fflush(stream_);
    drawn_ = true;
    last_draw_ = now;
}

void ProgressBar::finish() {
    if (!drawn_) return;
    std::fprintf(stream_, "\r%*s\r", kWidth + 18, "");
    std::fflush(stream_);
    drawn_ = false;
}

}  // namespace bpgr::cli
