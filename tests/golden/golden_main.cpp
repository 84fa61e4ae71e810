// Golden test of one fixture: golden_test FIXTURE_DIR FILE.bpg {bpgr|libbpg}
// Decodes the file through the chosen API and compares everything the
// fixture tables record (fixtures/bpg/README.md). Exit 0 only if all match.
#include <cstdio>
#include <cstring>
#include <string>

#include "file_output.h"
#include "golden_checks.h"

int main(int argc, char **argv) {
    using namespace bpgr::test;
    if (argc != 4 || (std::strcmp(argv[3], "bpgr") != 0 && std::strcmp(argv[3], "libbpg") != 0)) {
        std::fprintf(stderr, "usage: %s FIXTURE_DIR FILE.bpg bpgr|libbpg\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1], file = argv[2], api = argv[3];
    ExpectedImage expected;
    std::string bytes, error;
    if (!load_expected_image(dir, file, expected, error) ||
        !bpgr::cli::read_whole_file(dir + "/" + file, bytes, error)) {
        std::fprintf(stderr, "FAIL %s: %s\n", file.c_str(), error.c_str());
        return 1;
    }
    CheckLog log(file + " [" + api + "]");
    if (api == "bpgr")
        check_with_bpgr_api(bytes, expected, log);
    else
        check_with_libbpg_api(bytes, expected, log);
    std::printf("%s [%s]: %d checks, %d failed\n", file.c_str(), api.c_str(), log.checks(),
                log.failures());
    return log.failures() == 0 && log.checks() > 0 ? 0 : 1;
}
