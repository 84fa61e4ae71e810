#include "dec_args.h"

#include <getopt.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bpgr/version.h"

namespace bpgr::cli {

namespace {

// Long options that have no short form use values above the char range.
enum LongOptionId {
    kOptFrame = 256,
    kOptAllFrames,
    kOptMd5,
    kOptFormat,
    kOptHevc,
    kOptHevcAlpha,
    kOptThreads,
    kOptRestore,
    kOptModel,
    kOptPrecision,
    kOptPsnr,
};

const option kLongOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"frame", required_argument, nullptr, kOptFrame},
    {"all-frames", no_argument, nullptr, kOptAllFrames},
    {"md5", no_argument, nullptr, kOptMd5},
    {"format", required_argument, nullptr, kOptFormat},
    {"hevc", required_argument, nullptr, kOptHevc},
    {"hevc-alpha", required_argument, nullptr, kOptHevcAlpha},
    {"threads", required_argument, nullptr, kOptThreads},
    {"restore", no_argument, nullptr, kOptRestore},
    {"model", required_argument, nullptr, kOptModel},
    {"precision", required_argument, nullptr, kOptPrecision},
    {"psnr", required_argument, nullptr, kOptPsnr},
    {nullptr, 0, nullptr, 0},
};

struct NamedFormat {
    const char *name;
    bpgr_output_format format;
};
const NamedFormat kFormatNames[] = {
    {"rgb24", BPGR_OUTPUT_RGB24},   {"rgba32", BPGR_OUTPUT_RGBA32},
    {"rgb48", BPGR_OUTPUT_RGB48},   {"rgba64", BPGR_OUTPUT_RGBA64},
    {"cmyk32", BPGR_OUTPUT_CMYK32}, {"cmyk64", BPGR_OUTPUT_CMYK64},
};

struct NamedPrecision {
    const char *name;
    bpgr_precision precision;
};
const NamedPrecision kPrecisionNames[] = {
    {"auto", BPGR_PRECISION_AUTO},
    {"fp32", BPGR_PRECISION_FP32},
    {"bf16", BPGR_PRECISION_BF16},
    {"int8", BPGR_PRECISION_INT8},
};

// Whole-string non-negative decimal integer no larger than `max`.
bool parse_count(const char *text, long max, long &value) {
    if (!text || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
    errno = 0;
    char *end = nullptr;
    value = std::strtol(text, &end, 10);
    return errno == 0 && *end == '\0' && value <= max;
}

}  // namespace

void print_dec_usage(std::FILE *stream) {
    std::fputs(
        "BPG Image Decoder version " BPGR_LIBBPG_VERSION_STRING "\n"
        "usage: bpgdec [options] infile\n"
        "Options:\n"
        "-o outfile.[ppm|png]   set the output filename (default = out.png)\n"
        "-b bit_depth           PNG output only: use bit_depth per component (8 or 16, default = 8)\n"
        "-i                     display information about the image\n"
        "\n",
        stream);
    std::fprintf(stream, "bpgr %s additions:\n", bpgr_version());
    std::fputs(
        "infile or outfile '-'  read standard input / write standard output (PPM unless named .png)\n"
        "--frame N              write frame N of an animation (0-based; default: the first)\n"
        "--all-frames           write every frame; -o is a printf pattern, e.g. out-%03d.png\n"
        "--md5                  print the md5 of the decoded pixels (all frames unless --frame)\n"
        "                       instead of writing a file; RGBA32 if alpha else RGB24,\n"
        "                       RGBA64/RGB48 with -b 16; 16-bit samples little-endian\n"
        "--format F             pixel format for --md5: rgb24 rgba32 rgb48 rgba64 cmyk32 cmyk64\n"
        "--hevc FILE            write the rebuilt Annex-B HEVC stream of the colour planes\n"
        "--hevc-alpha FILE      same for the alpha/W plane stream\n"
        "                       (with --hevc*, decoding runs only when -o or --md5 is given)\n"
        "--threads N            decoder and PNG compression threads (0 = one per CPU, default)\n"
        "--restore              apply the restoration post-filter (RGB outputs only);\n"
        "                       shows a progress bar on stderr when it is a terminal\n"
        "                       and restoring takes longer than 0.7 s\n"
        "--model NAME|FILE      restoration model: built-in name or model file\n"
        "--precision P          restoration precision: auto fp32 bf16 int8 (default auto)\n"
        "--psnr ORIGINAL.png    print the RGB PSNR of the decoded frame against ORIGINAL;\n"
        "                       with --restore also the plain decode's PSNR and the gain\n"
        "                       (writes no file unless -o is given)\n"
        "-h, --help             show this help\n",
        stream);
}

OutputKind output_kind_for_name(const std::string &path) {
    const size_t slash = path.find_last_of('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.find_last_of('.');
    if (dot == std::string::npos) return OutputKind::kPpm;
    const std::string ext = name.substr(dot + 1);
    if (ext.size() == 3 && std::tolower(static_cast<unsigned char>(ext[0])) == 'p' &&
        std::tolower(static_cast<unsigned char>(ext[1])) == 'p' &&
        std::tolower(static_cast<unsigned char>(ext[2])) == 'm')
        return OutputKind::kPpm;
    return OutputKind::kPng;
}

bool expand_frame_pattern(const std::string &pattern, unsigned frame, std::string &name,
                          std::string &error) {
    name.clear();
    int conversions = 0;
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%') {
            name += pattern[i];
            continue;
        }
        if (i + 1 < pattern.size() && pattern[i + 1] == '%') {
            name += '%';
            ++i;
            continue;
        }
        // %[0][width]d only: the pattern comes from the command line.
        size_t j = i + 1;
        const bool zero_pad = j < pattern.size() && pattern[j] == '0';
        if (zero_pad) ++j;
        int width = 0;
        while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j])) &&
               width < 100)
            width = width * 10 + (pattern[j++] - '0');
        if (j >= pattern.size() || (pattern[j] != 'd' && pattern[j] != 'u')) {
            error = "output pattern '" + pattern + "': only %d, %u, %0Nd and %% are allowed";
            return false;
        }
        std::string digits = std::to_string(frame);
        while (int(digits.size()) < width) digits.insert(0, 1, zero_pad ? '0' : ' ');
        name += digits;
        ++conversions;
        i = j;
    }
    if (conversions != 1) {
        error = "--all-frames needs an output pattern with one frame number, e.g. -o out-%03d.png";
        return false;
    }
    return true;
}

ParseOutcome parse_dec_args(int argc, char **argv, CliSettings &settings, std::string &error) {
    bool model_given = false, precision_given = false;
    optind = 0;  // glibc: start a new scan (also resets a half-read option group)
    for (;;) {
        const int c = getopt_long(argc, argv, "ho:b:i", kLongOptions, nullptr);
        if (c == -1) break;
        long value = 0;
        switch (c) {
        case 'h':
            return ParseOutcome::kShowHelp;
        case 'o':
            settings.output_path = optarg;
            settings.output_given = true;
            break;
        case 'b':
            settings.bit_depth = std::atoi(optarg);
            break;
        case 'i':
            settings.info_only = true;
            break;
        case kOptFrame:
            if (!parse_count(optarg, 1L << 30, value)) {
                error = std::string("--frame: not a frame number: ") + optarg;
                return ParseOutcome::kError;
            }
            settings.frame = value;
            break;
        case kOptAllFrames:
            settings.all_frames = true;
            break;
        case kOptMd5:
            settings.print_md5 = true;
            break;
        case kOptFormat: {
            bool known = false;
            for (const NamedFormat &f : kFormatNames) {
                if (std::strcmp(optarg, f.name) == 0) {
                    settings.md5_format = f.format;
                    known = true;
                }
            }
            if (!known) {
                error = std::string("--format: unknown pixel format '") + optarg +
                        "' (rgb24 rgba32 rgb48 rgba64 cmyk32 cmyk64)";
                return ParseOutcome::kError;
            }
            settings.format_given = true;
            break;
        }
        case kOptHevc:
            settings.hevc_path = optarg;
            break;
        case kOptHevcAlpha:
            settings.hevc_alpha_path = optarg;
            break;
        case kOptThreads:
            if (!parse_count(optarg, 1024, value)) {
                error = std::string("--threads: expected 0..1024, got ") + optarg;
                return ParseOutcome::kError;
            }
            settings.threads = int(value);
            break;
        case kOptRestore:
            settings.restore = true;
            break;
        case kOptModel:
            settings.restore_model = optarg;
            model_given = true;
            break;
        case kOptPrecision: {
            bool known = false;
            for (const NamedPrecision &p : kPrecisionNames) {
                if (std::strcmp(optarg, p.name) == 0) {
                    settings.restore_precision = p.precision;
                    known = true;
                }
            }
            if (!known) {
                error = std::string("--precision: unknown value '") + optarg +
                        "' (auto fp32 bf16 int8)";
                return ParseOutcome::kError;
            }
            precision_given = true;
            break;
        }
        case kOptPsnr:
            settings.psnr_reference = optarg;
            break;
        default:  // getopt has printed its diagnostic
            return ParseOutcome::kError;
        }
    }
    if (optind >= argc) return ParseOutcome::kShowHelp;
    settings.input_path = argv[optind];

    if (settings.format_given && !settings.print_md5) {
        error = "--format applies to --md5 only";
        return ParseOutcome::kError;
    }
    if ((model_given || precision_given) && !settings.restore) {
        error = "--model and --precision need --restore";
        return ParseOutcome::kError;
    }
    if (!settings.psnr_reference.empty() && (settings.print_md5 || settings.all_frames)) {
        error = "--psnr excludes --md5 and --all-frames";
        return ParseOutcome::kError;
    }
    if (settings.all_frames && settings.frame >= 0) {
        error = "--frame and --all-frames exclude each other";
        return ParseOutcome::kError;
    }
    return ParseOutcome::kRun;
}

const char *precision_name(bpgr_precision precision) {
    for (const NamedPrecision &n : kPrecisionNames)
        if (n.precision == precision) return n.name;
    return "?";
}

}  // namespace bpgr::cli
