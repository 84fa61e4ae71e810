// bpgdec: decode a BPG image to PNG or PPM (drop-in for libbpg's bpgdec,
// plus the options listed by -h).
#include <cstdio>
#include <string>

#include "dec_args.h"
#include "decode_job.h"
#include "file_output.h"
#include "hevc_dump.h"
#include "info_printer.h"

int main(int argc, char **argv) {
    using namespace bpgr::cli;
    CliSettings settings;
    std::string error;
    switch (parse_dec_args(argc, argv, settings, error)) {
    case ParseOutcome::kShowHelp:
        print_dec_usage(stdout);
        return 1;
    case ParseOutcome::kError:
        if (!error.empty()) std::fprintf(stderr, "bpgdec: %s\n", error.c_str());
        return 1;
    case ParseOutcome::kRun:
        break;
    }

    std::string bytes;
    if (!read_whole_file(settings.input_path, bytes, error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    if (settings.info_only) {
        if (!print_image_info(bytes, stdout)) {
            std::fprintf(stderr, "Not a BPG image\n");
            return 1;
        }
        return 0;
    }
    if (!settings.hevc_path.empty() || !settings.hevc_alpha_path.empty()) {
        if (!write_hevc_streams(bytes, settings, error)) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        if (!settings.output_given && !settings.print_md5) return 0;
    }
    return run_decode_job(bytes, settings);
}
