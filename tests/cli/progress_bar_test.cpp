// The restoration progress bar of bpgdec: silent when not a terminal or not
// yet slow, drawn and then erased otherwise.
#include <cstdio>
#include <string>

#include "progress_bar.h"

namespace {

int failures = 0;

void check(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "FAIL: %s\n", what);
        ++failures;
    }
}

std::string contents(std::FILE *f) {
    std::fflush(f);
    std::string out;
    std::rewind(f);
    int c;
    while ((c = std::fgetc(f)) != EOF) out.push_back(char(c));
    return out;
}

}  // namespace

int main() {
    using bpgr::cli::ProgressBar;
    using std::chrono::milliseconds;
    {  // a file is not a terminal: nothing, whatever the fractions
        std::FILE *f = std::tmpfile();
        ProgressBar bar(f, false, milliseconds(0));
        for (double x = 0.0; x <= 1.0; x += 0.25) ProgressBar::callback(&bar, x);
        check(contents(f).empty(), "no output when the stream is not a terminal");
        std::fclose(f);
    }
    {  // forced, shown at once: a bar with the percentage, erased by 1.0
        std::FILE *f = std::tmpfile();
        ProgressBar bar(f, true, milliseconds(0));
        ProgressBar::callback(&bar, 0.0);
        ProgressBar::callback(&bar, 0.5);  // within 100 ms of the first draw: skipped
        const std::string drawn = contents(f);
        check(drawn.find("restoring [") != std::string::npos && drawn.find("  0%") != std::string::npos,
              "the first call draws a bar at 0%");
        check(drawn.find("50%") == std::string::npos, "redraws are rate-limited");
        ProgressBar::callback(&bar, 1.0);
        const std::string done = contents(f);
        check(done.size() > drawn.size() && done.back() == '\r', "1.0 erases the bar (ends on a carriage return)");
        const size_t erase = done.rfind('\r', done.size() - 2);
        check(erase != std::string::npos &&
                  done.find_first_not_of(' ', erase + 1) == done.size() - 1,
              "the erasing line holds only blanks");
        std::fclose(f);
    }
    {  // forced but not yet slow: nothing (small images print no bar)
        std::FILE *f = std::tmpfile();
        ProgressBar bar(f, true, milliseconds(60000));
        ProgressBar::callback(&bar, 0.1);
        ProgressBar::callback(&bar, 0.9);
        ProgressBar::callback(&bar, 1.0);
        check(contents(f).empty(), "no bar before the show-after delay");
        std::fclose(f);
    }
    if (failures == 0) std::printf("progress bar: all checks passed\n");
    return failures ? 1 : 0;
}
