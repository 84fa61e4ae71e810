// Replay driver: without libFuzzer, each fuzz target is built with this
// main, which runs LLVMFuzzerTestOneInput once per file of the directories
// (or files) named on the command line. Used by suite 'fuzz' over the
// committed corpus and fixtures/crashers.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

bool run_file(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return false;
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A copy of exactly `size` bytes, so ASan sees reads past the end.
    std::vector<uint8_t> exact(bytes);
    LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size());
    return true;
}

}  // namespace

int main(int argc, char **argv) {
    size_t count = 0;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path arg(argv[i]);
        std::error_code ec;
        if (std::filesystem::is_directory(arg, ec)) {
            std::vector<std::filesystem::path> files;
            // open/ holds finds that are not fixed yet (fixtures/crashers/README.md).
            for (auto it = std::filesystem::recursive_directory_iterator(arg);
                 it != std::filesystem::recursive_directory_iterator(); ++it) {
                if (it->is_directory() && it->path().filename() == "open") {
                    it.disable_recursion_pending();
                } else if (it->is_regular_file() && it->path().filename() != "README.md") {
                    files.push_back(it->path());
                }
            }
            std::sort(files.begin(), files.end());
            for (const auto &f : files) {
                ok = run_file(f) && ok;
                ++count;
            }
        } else {
            ok = run_file(arg) && ok;
            ++count;
        }
    }
    std::printf("replayed %zu inputs\n", count);
    return ok && count > 0 ? 0 : 1;
}
