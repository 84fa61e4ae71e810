#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "enc_args.h"

namespace bpgr::cli {
namespace {

constexpr int kMinLevel = 1, kMaxLevel = 9;

bool parse_int(const char *text, int *value) {
    char *end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (!*text || *end || v < -1000000 || v > 1000000) return false;
    *value = int(v);
    return true;
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
        "bpgenc (bpgr) - BPG image encoder on x265\n"
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
        "Input '-' reads standard input.\n");
}

ParseResult parse_enc_args(int argc, char **argv, CliSettings *cli, std::string *error) {
    bpgr_encoder_settings &s = cli->encoder;
    bpgr_encoder_default_settings(&s);
    auto need_value = [&](int &i, const char *opt) -> const char * {
        if (i + 1 >= argc) {
            *error = std::string("option ") + opt + " needs a value";
            return nullptr;
        }
        return argv[++i];
    };
    auto int_value = [&](int &i, const char *opt, int *out) {
        const char *v = need_value(i, opt);
        if (!v) return false;
        if (!parse_int(v, out)) {
            *error = std::string("invalid number for ") + opt + ": " + v;
            return false;
        }
        return true;
    };
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "-h") == 0 || std::strcmp(arg, "--help") == 0) {
            return ParseResult::kHelp;
        } else if (std::strcmp(arg, "-o") == 0) {
            const char *v = need_value(i, arg);
            if (!v) return ParseResult::kError;
            cli->output_path = v;
        } else if (std::strcmp(arg, "-q") == 0) {
            if (!int_value(i, arg, &s.qp)) return ParseResult::kError;
            if (s.qp < 0 || s.qp > 51) {
                *error = "qp must be between 0 and 51";
                return ParseResult::kError;
            }
        } else if (std::strcmp(arg, "-alphaq") == 0) {
            if (!int_value(i, arg, &s.alpha_qp)) return ParseResult::kError;
            if (s.alpha_qp < 0 || s.alpha_qp > 51) {
                *error = "alpha_qp must be between 0 and 51";
                return ParseResult::kError;
            }
        } else if (std::strcmp(arg, "-f") == 0) {
            const char *v = need_value(i, arg);
            int value;
            if (!v) return ParseResult::kError;
            if (!lookup(kChromaFormats, v, &value)) {
                *error = std::string("Invalid chroma format: ") + v;
                return ParseResult::kError;
            }
            s.chroma_format = bpgr_pixel_format(value);
        } else if (std::strcmp(arg, "-c") == 0) {
            const char *v = need_value(i, arg);
            int value;
            if (!v) return ParseResult::kError;
            if (!lookup(kColorSpaces, v, &value)) {
                *error = std::string("Invalid color space: ") + v;
                return ParseResult::kError;
            }
            s.color_space = bpgr_color_space(value);
        } else if (std::strcmp(arg, "-b") == 0) {
            if (!int_value(i, arg, &s.bit_depth)) return ParseResult::kError;
            if (s.bit_depth < 8 || s.bit_depth > 12) {
                *error = "Invalid bit depth (range: 8 to 12)";
                return ParseResult::kError;
            }
        } else if (std::strcmp(arg, "-lossless") == 0) {
            s.lossless = 1;
            s.color_space = BPGR_CS_RGB;
            s.chroma_format = BPGR_FORMAT_444;
            s.bit_depth = 8;
            s.limited_range = 0;
        } else if (std::strcmp(arg, "-e") == 0) {
            const char *v = need_value(i, arg);
            if (!v) return ParseResult::kError;
            if (std::strcmp(v, "jctvc") == 0) {
                *error = "encoder 'jctvc' is not available in this build (only x265)";
                return ParseResult::kError;
            }
            if (std::strcmp(v, "x265") != 0) {
                *error = std::string("unknown encoder '") + v + "' (available: x265)";
                return ParseResult::kError;
            }
        } else if (std::strcmp(arg, "-m") == 0) {
            if (!int_value(i, arg, &s.compress_level)) return ParseResult::kError;
            if (s.compress_level < kMinLevel) s.compress_level = kMinLevel;
            if (s.compress_level > kMaxLevel) s.compress_level = kMaxLevel;
        } else if (std::strcmp(arg, "-a") == 0) {
            cli->animation = true;
        } else if (std::strcmp(arg, "-fps") == 0) {
            if (!int_value(i, arg, &cli->fps)) return ParseResult::kError;
            if (cli->fps < 1 || cli->fps > 65535) {
                *error = "fps must be between 1 and 65535";
                return ParseResult::kError;
            }
        } else if (std::strcmp(arg, "-loop") == 0) {
            int loop;
            if (!int_value(i, arg, &loop)) return ParseResult::kError;
            if (loop < 0 || loop > 65535) {
                *error = "loop must be between 0 and 65535";
                return ParseResult::kError;
            }
            s.loop_count = uint16_t(loop);
        } else if (std::strcmp(arg, "-delayfile") == 0) {
            const char *v = need_value(i, arg);
            if (!v) return ParseResult::kError;
            cli->delay_file = v;
        } else if (std::strcmp(arg, "-premul") == 0) {
            s.premultiply_alpha = 1;
        } else if (std::strcmp(arg, "-limitedrange") == 0) {
            s.limited_range = 1;
        } else if (std::strcmp(arg, "-hash") == 0) {
            s.hash = 1;
        } else if (std::strcmp(arg, "-keepmetadata") == 0) {
            cli->keep_metadata = true;
        } else if (std::strcmp(arg, "-v") == 0) {
            cli->verbose = true;
            s.verbose = 1;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            *error = std::string("unknown option ") + arg;
            return ParseResult::kError;
        } else if (cli->input_path.empty()) {
            cli->input_path = arg;
        } else {
            *error = std::string("unexpected argument ") + arg;
            return ParseResult::kError;
        }
    }
    if (cli->input_path.empty()) {
        *error = "missing input filename";
        return ParseResult::kError;
    }
    s.animated = cli->animation ? 1 : 0;
    s.frame_period_num = 1;
    s.frame_period_den = uint16_t(cli->fps);
    return ParseResult::kRun;
}

}  // namespace bpgr::cli
