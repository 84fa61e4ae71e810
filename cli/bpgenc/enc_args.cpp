#include "enc_args.h"

#include <getopt.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bpgr/version.h"

namespace bpgr::cli {
namespace {

constexpr int kMinLevel = 1, kMaxLevel = 9;

// A whole-string integer. `base` 10 for the options the reference reads
// with atoi(), 0 (decimal, 0x hex, 0 octal) for those it reads with
// strtoul(.., 0). Trailing text, which the reference ignores, is refused.
bool parse_int(const char *text, int base, int *value) {
    char *end = nullptr;
    const long v = std::strtol(text, &end, base);
    if (!*text || *end || v < -1000000 || v > 1000000) return false;
    *value = int(v);
    return true;
}

// The reference's options (libbpg 0.9.8 bpgenc.c): getopt_long_only() with
// the same short options and long options, so every spelling it accepts
// parses the same here: -hash or --hash, unique prefixes (-keep), values
// attached (-q28, -fps=30) or separate, options after the input file.
// --help is the one addition.
constexpr char kShortOptions[] = ":q:o:hf:c:vm:b:e:a";  // leading ':': report a missing value
enum LongOptionId {
    kOptHash = 256,
    kOptKeepMetadata,
    kOptAlphaQp,
    kOptLossless,
    kOptLimitedRange,
    kOptPremul,
    kOptLoop,
    kOptFps,
    kOptDelayFile,
};
const option kLongOptions[] = {
    {"hash", no_argument, nullptr, kOptHash},
    {"keepmetadata", no_argument, nullptr, kOptKeepMetadata},
    {"alphaq", required_argument, nullptr, kOptAlphaQp},
    {"lossless", no_argument, nullptr, kOptLossless},
    {"limitedrange", no_argument, nullptr, kOptLimitedRange},
    {"premul", no_argument, nullptr, kOptPremul},
    {"loop", required_argument, nullptr, kOptLoop},
    {"fps", required_argument, nullptr, kOptFps},
    {"delayfile", required_argument, nullptr, kOptDelayFile},
    {"help", no_argument, nullptr, 'h'},
    {nullptr, 0, nullptr, 0},
};

// The option getopt just refused, as the user wrote it.
std::string refused_option(int argc, char **argv) {
    if (optopt > 0 && optopt < 256) return std::string("-") + char(optopt);
    const int at = optind - 1;
    return at > 0 && at < argc ? argv[at] : std::string("?");
}

struct NamedValue {
    const char *name;
    int value;
};

const NamedValue kChromaFormats[] = {
    {"420", BPGR_FORMAT_420}, {"422", BPGR_FORMAT_422}, {"444", BPGR_FORMAT_444},
    {"420_video", BPGR_FORMAT_420_VIDEO}, {"422_video", BPGR_FORMAT_422_VIDEO}};
const NamedValue kColorSpaces[] = {{"ycbcr", BPGR_CS_YCBCR},
                                   {"rgb", BPGR_CS_RGB},
                                   {"ycgco", BPGR_CS_YCGCO},
                                   {"ycbcr_bt709", BPGR_CS_YCBCR_BT709},
                                   {"ycbcr_bt2020", BPGR_CS_YCBCR_BT2020}};

template <size_t N>
bool lookup(const NamedValue (&table)[N], const char *name, int *value) {
    for (const NamedValue &nv : table)
        if (std::strcmp(nv.name, name) == 0) {
            *value = nv.value;
            return true;
        }
    return false;
}

}  // namespace

void print_enc_usage(std::FILE *out) {
    std::fprintf(out,
        "BPG Image Encoder version " BPGR_LIBBPG_VERSION_STRING "\n"
        "bpgr %s: the encoder on x265, the reference's options plus '-' for stdin/stdout\n"
        "usage: bpgenc [options] infile.[jpg|png]\n"
        "\n"
        "Main options:\n"
        "-h                   show the full help (including the advanced options)\n"
        "-o outfile           set output filename (default = out.bpg, '-' = stdout)\n"
        "-q qp                set quantizer parameter (smaller gives better quality,\n"
        "                     range: 0-51, default = 29)\n"
        "-f cfmt              set the preferred chroma format (420, 422, 444,\n"
        "                     420_video, 422_video, default=420)\n"
        "-c color_space       set the preferred color space (ycbcr, rgb, ycgco,\n"
        "                     ycbcr_bt709, ycbcr_bt2020, default=ycbcr)\n"
        "-b bit_depth         set the bit depth (8 to 12, default = 8)\n"
        "-lossless            enable lossless mode\n"
        "-e encoder           select the HEVC encoder (x265, default = x265)\n"
        "-m level             select the compression level (1=fast, 9=slow, default = 8)\n"
        "\n"
        "Animation options:\n"
        "-a                   generate animations from a sequence of images. Use %%d or\n"
        "                     %%Nd (N = number of digits) in the filename to specify the\n"
        "                     image index, starting from 0 or 1.\n"
        "-fps N               set the frame rate (default = 25)\n"
        "-loop N              set the number of times the animation is played. 0 means\n"
        "                     infinite (default = 0)\n"
        "-delayfile file      text file containing one number per image giving the\n"
        "                     display delay per image in centiseconds.\n"
        "\n"
        "Advanced options:\n"
        "-alphaq              set quantizer parameter for the alpha channel (default = same\n"
        "                     as -q value)\n"
        "-premul              store the color with premultiplied alpha\n"
        "-limitedrange        encode the color data with the limited range of video\n"
        "-hash                include MD5 hash in HEVC bitstream\n"
        "-keepmetadata        keep the metadata (from JPEG: EXIF, ICC profile, XMP, from\n"
        "                     PNG: ICC profile)\n"
        "-v                   show debug messages\n"
        "\n"
        "Input '-' reads standard input.\n",
        bpgr_version());
}

ParseResult parse_enc_args(int argc, char **argv, CliSettings *cli, std::string *error) {
    bpgr_encoder_settings &s = cli->encoder;
    bpgr_encoder_default_settings(&s);
    auto int_value = [&](const char *opt, int base, int *out) {
        if (!parse_int(optarg, base, out)) {
            *error = std::string("invalid number for ") + opt + ": " + optarg;
            return false;
        }
        return true;
    };
    optind = 0;  // glibc: start a new scan (also resets a half-read option group)
    opterr = 0;  // the messages below name the option as the user wrote it
    for (;;) {
        const int c = getopt_long_only(argc, argv, kShortOptions, kLongOptions, nullptr);
        if (c == -1) break;
        switch (c) {
        case 'h':
            return ParseResult::kHelp;
        case 'o':
            cli->output_path = optarg;
            break;
        case 'q':
            if (!int_value("-q", 10, &s.qp)) return ParseResult::kError;
            if (s.qp < 0 || s.qp > 51) {
                *error = "qp must be between 0 and 51";
                return ParseResult::kError;
            }
            break;
        case kOptAlphaQp:
            if (!int_value("-alphaq", 10, &s.alpha_qp)) return ParseResult::kError;
            if (s.alpha_qp < 0 || s.alpha_qp > 51) {
                *error = "alpha_qp must be between 0 and 51";
                return ParseResult::kError;
            }
            break;
        case 'f': {
            int value;
            if (!lookup(kChromaFormats, optarg, &value)) {
                *error = std::string("Invalid chroma format: ") + optarg;
                return ParseResult::kError;
            }
            s.chroma_format = bpgr_pixel_format(value);
            break;
        }
        case 'c': {
            int value;
            if (!lookup(kColorSpaces, optarg, &value)) {
                *error = std::string("Invalid color space: ") + optarg;
                return ParseResult::kError;
            }
            s.color_space = bpgr_color_space(value);
            break;
        }
        case 'b':
            if (!int_value("-b", 10, &s.bit_depth)) return ParseResult::kError;
            if (s.bit_depth < 8 || s.bit_depth > 12) {
                *error = "Invalid bit depth (range: 8 to 12)";
                return ParseResult::kError;
            }
            break;
        case kOptLossless:
            s.lossless = 1;
            s.color_space = BPGR_CS_RGB;
            s.chroma_format = BPGR_FORMAT_444;
            s.bit_depth = 8;
            s.limited_range = 0;
            break;
        case 'e':
            if (std::strcmp(optarg, "jctvc") == 0) {
                *error = "encoder 'jctvc' is not available in this build (only x265)";
                return ParseResult::kError;
            }
            if (std::strcmp(optarg, "x265") != 0) {
                *error = std::string("unknown encoder '") + optarg + "' (available: x265)";
                return ParseResult::kError;
            }
            break;
        case 'm':
            if (!int_value("-m", 10, &s.compress_level)) return ParseResult::kError;
            if (s.compress_level < kMinLevel) s.compress_level = kMinLevel;
            if (s.compress_level > kMaxLevel) s.compress_level = kMaxLevel;
            break;
        case 'a':
            cli->animation = true;
            break;
        case kOptFps:
            if (!int_value("-fps", 0, &cli->fps)) return ParseResult::kError;
            if (cli->fps < 1 || cli->fps > 65535) {
                *error = "fps must be between 1 and 65535";
                return ParseResult::kError;
            }
            break;
        case kOptLoop: {
            int loop;
            if (!int_value("-loop", 0, &loop)) return ParseResult::kError;
            if (loop < 0 || loop > 65535) {
                *error = "loop must be between 0 and 65535";
                return ParseResult::kError;
            }
            s.loop_count = uint16_t(loop);
            break;
        }
        case kOptDelayFile:
            cli->delay_file = optarg;
            break;
        case kOptPremul:
            s.premultiply_alpha = 1;
            break;
        case kOptLimitedRange:
            s.limited_range = 1;
            break;
        case kOptHash:
            s.hash = 1;
            break;
        case kOptKeepMetadata:
            cli->keep_metadata = true;
            break;
        case 'v':
            cli->verbose = true;
            s.verbose = 1;
            break;
        case ':':
            *error = "option " + refused_option(argc, argv) + " needs a value";
            return ParseResult::kError;
        default:
            *error = "unknown option " + refused_option(argc, argv);
            return ParseResult::kError;
        }
    }
    if (optind >= argc) {
        *error = "missing input filename";
        return ParseResult::kError;
    }
    cli->input_path = argv[optind];
    if (optind + 1 < argc) {
        *error = std::string("unexpected argument ") + argv[optind + 1];
        return ParseResult::kError;
    }
    s.animated = cli->animation ? 1 : 0;
    s.frame_period_num = 1;
    s.frame_period_den = uint16_t(cli->fps);
    return ParseResult::kRun;
}

}  // namespace bpgr::cli
