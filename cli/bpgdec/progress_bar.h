// SPDX-License-Identifier: LGPL-3.0-or-later
// A restoration progress bar on stderr: drawn only when stderr is a terminal
// and the work has already taken a while (so small images print nothing),
// redrawn at most every 100 ms, erased when a restoration reports 1.0.
#ifndef BPGR_CLI_PROGRESS_BAR_H
#define BPGR_CLI_PROGRESS_BAR_H

#include <chrono>
#include <cstdio>

namespace bpgr::cli {

class ProgressBar {
public:
    // Shows nothing unless `stream` is a terminal (or `force` is set, for
    // tests), and nothing before the restoration has run `show_after`.
    explicit ProgressBar(std::FILE *stream, bool force = false,
                         std::chrono::milliseconds show_after = std::chrono::milliseconds(700));
    ~ProgressBar();
    ProgressBar(const ProgressBar &) = delete;
    ProgressBar &operator=(const ProgressBar &) = delete;

    // The callback for bpgr_decoder_settings.progress (opaque = this).
    static void callback(void *opaque, double fraction);
    void update(double fraction);
    // Erases the bar if one was drawn.
    void finish();

private:
    using Clock = std::chrono::steady_clock;
    std::FILE *stream_;
    bool enabled_;
    std::chrono::milliseconds show_after_;
    bool started_ = false;
    bool drawn_ = false;
    Clock::time_point start_{}, last_draw_{};
};

}  // namespace bpgr::cli

#endif
