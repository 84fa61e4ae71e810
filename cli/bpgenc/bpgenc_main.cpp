// bpgenc: PNG/JPEG (or a numbered sequence of them) -> BPG.
#include <cstdio>
#include <string>
#include <vector>

#include "bpgr/encoder.h"
#include "enc_args.h"
#include "file_output.h"
#include "frame_sequence.h"
#include "input_image.h"

using namespace bpgr::cli;

namespace {

constexpr int kExitFailure = 1;

int fail(const std::string &message) {
    std::fprintf(stderr, "bpgenc: %s\n", message.c_str());
    return kExitFailure;
}

bool load(const std::string &path, bool keep_metadata, InputImage *image, std::string *error) {
    std::string bytes;
    if (!read_whole_file(path, bytes, *error)) return false;
    if (!read_input_image(bytes, keep_metadata, image, error)) {
        *error = (path == "-" ? std::string("<stdin>") : path) + ": " + *error;
        return false;
    }
    return true;
}

struct EncoderHandle {
    bpgr_encoder *enc = nullptr;
    ~EncoderHandle() { bpgr_encoder_destroy(enc); }
};

struct OwnedBuffer {
    uint8_t *data = nullptr;
    size_t size = 0;
    ~OwnedBuffer() { bpgr_encoder_free(data); }
};

int run(const CliSettings &cli) {
    std::vector<std::string> frame_paths;
    std::vector<int> ticks;
    std::string error;
    if (cli.animation) {
        if (!list_frame_files(cli.input_path, &frame_paths, &error)) return fail(error);
        if (!cli.delay_file.empty() && !read_delay_ticks(cli.delay_file, cli.fps, &ticks, &error))
            return fail(error);
    } else {
        frame_paths.push_back(cli.input_path);
    }

    EncoderHandle handle;
    if (bpgr_encoder_create(&cli.encoder, &handle.enc) < 0) return fail("invalid encoder settings");
    for (size_t i = 0; i < frame_paths.size(); i++) {
        InputImage image;
        if (!load(frame_paths[i], cli.keep_metadata && i == 0, &image, &error)) return fail(error);
        if (i == 0)
            for (const MetadataRecord &rec : image.metadata)
                if (bpgr_encoder_add_extension(handle.enc, rec.tag, rec.payload.data(),
                                               rec.payload.size()) < 0)
                    return fail(bpgr_encoder_last_error(handle.enc));
        const bpgr_input_image view = image.view();
        const uint32_t frame_ticks = i < ticks.size() ? uint32_t(ticks[i]) : 1;
        if (bpgr_encoder_add_frame(handle.enc, &view, frame_ticks) < 0)
            return fail(frame_paths[i] + ": " + bpgr_encoder_last_error(handle.enc));
        if (cli.verbose)
            std::fprintf(stderr, "frame %zu: %ux%u\n", i, image.width, image.height);
    }
    OwnedBuffer bpg;
    if (bpgr_encoder_finish(handle.enc, &bpg.data, &bpg.size) < 0)
        return fail(bpgr_encoder_last_error(handle.enc));

    FileOutput out;
    if (!out.open(cli.output_path, cli.animation ? std::string() : cli.input_path))
        return fail(out.error());
    if (std::fwrite(bpg.data, 1, bpg.size, out.stream()) != bpg.size)
        return fail(cli.output_path + ": write error");
    if (!out.commit()) return fail(out.error());
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    CliSettings cli;
    std::string error;
    switch (parse_enc_args(argc, argv, &cli, &error)) {
    case ParseResult::kHelp:
        print_enc_usage(stdout);
        return kExitFailure;  // as the reference
    case ParseResult::kError:
        std::fprintf(stderr, "bpgenc: %s\n", error.c_str());
        if (argc <= 1) print_enc_usage(stderr);
        return kExitFailure;
    case ParseResult::kRun:
        break;
    }
    return run(cli);
}
