// Drop-in for scripts (issue 15): every flag of libbpg 0.9.8's bpgenc, in
// every spelling the reference's getopt_long_only() accepts (-hash or --hash,
// unique prefixes, values attached or separate, -fps=30, options after the
// file), parses to the settings the reference gives it. Values the
// reference reads with strtoul(.., 0) (-fps, -loop) take hex and octal as it
// does.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "argv_builder.h"
#include "enc_args.h"

namespace {

struct Enc {
    bpgr::cli::ParseResult result;
    bpgr::cli::CliSettings cli;
};

Enc parse_enc(std::initializer_list<const char *> args) {
    Argv a("bpgenc", args);
    Enc e;
    std::string error;
    e.result = bpgr::cli::parse_enc_args(a.argc(), a.argv(), &e.cli, &error);
    return e;
}

// Every setting the command line can change.
std::string describe(const bpgr::cli::CliSettings &c) {
    const bpgr_encoder_settings &s = c.encoder;
    return "in=" + c.input_path + " out=" + c.output_path + " anim=" + std::to_string(c.animation) +
           " delayfile=" + c.delay_file + " fps=" + std::to_string(c.fps) + " keep=" +
           std::to_string(c.keep_metadata) + " verbose=" + std::to_string(c.verbose) + " qp=" +
           std::to_string(s.qp) + " alphaq=" + std::to_string(s.alpha_qp) + " f=" +
           std::to_string(int(s.chroma_format)) + " c=" + std::to_string(int(s.color_space)) + " b=" +
           std::to_string(s.bit_depth) + " lossless=" + std::to_string(s.lossless) + " m=" +
           std::to_string(s.compress_level) + " limited=" + std::to_string(s.limited_range) + " premul=" +
           std::to_string(s.premultiply_alpha) + " hash=" + std::to_string(s.hash) + " v=" +
           std::to_string(s.verbose) + " animated=" + std::to_string(s.animated) + " loop=" +
           std::to_string(s.loop_count) + " period=" + std::to_string(s.frame_period_num) + "/" +
           std::to_string(s.frame_period_den);
}

// Each spelling gives the settings of the first one, and that one differs
// from the defaults in what `check` expects.
template <typename Check>
void same_as_reference(std::initializer_list<std::initializer_list<const char *>> spellings, Check check) {
    const Enc first = parse_enc(*spellings.begin());
    ASSERT_EQ(first.result, bpgr::cli::ParseResult::kRun);
    check(first.cli);
    for (auto args : spellings) {
        const Enc e = parse_enc(args);
        std::string written;
        for (const char *a : args) written += std::string(a) + " ";
        ASSERT_EQ(e.result, bpgr::cli::ParseResult::kRun) << written;
        EXPECT_EQ(describe(e.cli), describe(first.cli)) << written;
    }
}

TEST(BpgencReferenceFlags, Defaults) {
    const Enc e = parse_enc({"in.png"});
    ASSERT_EQ(e.result, bpgr::cli::ParseResult::kRun);
    EXPECT_EQ(e.cli.output_path, "out.bpg");
    EXPECT_EQ(e.cli.encoder.qp, 29);
    EXPECT_EQ(e.cli.encoder.compress_level, 8);
    EXPECT_EQ(e.cli.encoder.bit_depth, 8);
    EXPECT_EQ(e.cli.encoder.chroma_format, BPGR_FORMAT_420);
    EXPECT_EQ(e.cli.encoder.color_space, BPGR_CS_YCBCR);
    EXPECT_EQ(e.cli.fps, 25);
}

TEST(BpgencReferenceFlags, MainOptions) {
    using S = bpgr::cli::CliSettings;
    same_as_reference({{"-o", "x.bpg", "in.png"}, {"-ox.bpg", "in.png"}, {"in.png", "-o", "x.bpg"}},
                      [](const S &c) { EXPECT_EQ(c.output_path, "x.bpg"); });
    same_as_reference({{"-q", "28", "in.png"}, {"-q28", "in.png"}, {"in.png", "-q", "28"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.qp, 28); });
    same_as_reference({{"-f", "444", "in.png"}, {"-f444", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.chroma_format, BPGR_FORMAT_444); });
    for (auto f : {std::pair<const char *, bpgr_pixel_format>{"420", BPGR_FORMAT_420},
                   {"422", BPGR_FORMAT_422},
                   {"420_video", BPGR_FORMAT_420_VIDEO},
                   {"422_video", BPGR_FORMAT_422_VIDEO}}) {
        const Enc e = parse_enc({"-f", f.first, "in.png"});
        ASSERT_EQ(e.result, bpgr::cli::ParseResult::kRun) << f.first;
        EXPECT_EQ(e.cli.encoder.chroma_format, f.second) << f.first;
    }
    same_as_reference({{"-c", "ycgco", "in.png"}, {"-cycgco", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.color_space, BPGR_CS_YCGCO); });
    for (auto cs : {std::pair<const char *, bpgr_color_space>{"ycbcr", BPGR_CS_YCBCR},
                    {"rgb", BPGR_CS_RGB},
                    {"ycbcr_bt709", BPGR_CS_YCBCR_BT709},
                    {"ycbcr_bt2020", BPGR_CS_YCBCR_BT2020}}) {
        const Enc e = parse_enc({"-c", cs.first, "in.png"});
        ASSERT_EQ(e.result, bpgr::cli::ParseResult::kRun) << cs.first;
        EXPECT_EQ(e.cli.encoder.color_space, cs.second) << cs.first;
    }
    same_as_reference({{"-b", "10", "in.png"}, {"-b10", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.bit_depth, 10); });
    same_as_reference({{"-lossless", "in.png"}, {"--lossless", "in.png"}, {"-los", "in.png"}},
                      [](const S &c) {
                          EXPECT_EQ(c.encoder.lossless, 1);
                          EXPECT_EQ(c.encoder.color_space, BPGR_CS_RGB);
                          EXPECT_EQ(c.encoder.chroma_format, BPGR_FORMAT_444);
                      });
    // Later options override what -lossless set, as in the reference.
    same_as_reference({{"-lossless", "-b", "10", "in.png"}}, [](const S &c) {
        EXPECT_EQ(c.encoder.lossless, 1);
        EXPECT_EQ(c.encoder.bit_depth, 10);
    });
    same_as_reference({{"-e", "x265", "-q", "30", "in.png"}, {"-ex265", "-q30", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.qp, 30); });
    same_as_reference({{"-m", "9", "in.png"}, {"-m9", "in.png"}, {"-m", "12", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.compress_level, 9); });  // clamped as the reference
    same_as_reference({{"-m", "1", "in.png"}, {"-m", "0", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.compress_level, 1); });
}

TEST(BpgencReferenceFlags, AnimationOptions) {
    using S = bpgr::cli::CliSettings;
    same_as_reference({{"-a", "f%d.png"}, {"f%d.png", "-a"}}, [](const S &c) {
        EXPECT_TRUE(c.animation);
        EXPECT_EQ(c.encoder.animated, 1);
    });
    same_as_reference({{"-fps", "30", "in.png"},
                       {"--fps", "30", "in.png"},
                       {"-fps=30", "in.png"},
                       {"--fps=30", "in.png"},
                       {"-fp", "30", "in.png"},
                       {"-fps", "0x1e", "in.png"},  // strtoul(.., 0), as the reference
                       {"-fps", "036", "in.png"}},  // octal 30
                      [](const S &c) {
                          EXPECT_EQ(c.fps, 30);
                          EXPECT_EQ(c.encoder.frame_period_num, 1);
                          EXPECT_EQ(c.encoder.frame_period_den, 30);
                      });
    same_as_reference({{"-loop", "3", "in.png"}, {"--loop", "3", "in.png"}, {"-loop=3", "in.png"},
                       {"-loo", "3", "in.png"}, {"-loop", "0x3", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.loop_count, 3); });
    same_as_reference({{"-delayfile", "d.txt", "in.png"}, {"--delayfile=d.txt", "in.png"}, {"-d", "d.txt", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.delay_file, "d.txt"); });
}

TEST(BpgencReferenceFlags, AdvancedOptions) {
    using S = bpgr::cli::CliSettings;
    same_as_reference({{"-alphaq", "40", "in.png"}, {"-alphaq=40", "in.png"}, {"--alphaq", "40", "in.png"},
                       {"-al", "40", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.alpha_qp, 40); });
    same_as_reference({{"-premul", "in.png"}, {"--premul", "in.png"}, {"-pre", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.premultiply_alpha, 1); });
    same_as_reference({{"-limitedrange", "in.png"}, {"--limitedrange", "in.png"}, {"-li", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.limited_range, 1); });
    same_as_reference({{"-hash", "in.png"}, {"--hash", "in.png"}, {"-ha", "in.png"}},
                      [](const S &c) { EXPECT_EQ(c.encoder.hash, 1); });
    same_as_reference({{"-keepmetadata", "in.png"}, {"--keepmetadata", "in.png"}, {"-keep", "in.png"}},
                      [](const S &c) { EXPECT_TRUE(c.keep_metadata); });
    same_as_reference({{"-v", "in.png"}, {"in.png", "-v"}}, [](const S &c) {
        EXPECT_TRUE(c.verbose);
        EXPECT_EQ(c.encoder.verbose, 1);
    });
    // Short options grouped, as getopt allows.
    same_as_reference({{"-va", "f%d.png"}, {"-v", "-a", "f%d.png"}}, [](const S &c) {
        EXPECT_TRUE(c.verbose);
        EXPECT_TRUE(c.animation);
    });
}

TEST(BpgencReferenceFlags, HelpAndRefusals) {
    using bpgr::cli::ParseResult;
    for (auto args : {std::initializer_list<const char *>{"-h"}, {"-help"}, {"--help"}, {"-h", "in.png"}})
        EXPECT_EQ(parse_enc(args).result, ParseResult::kHelp);
    // Refused by the reference too: a missing value, an unknown or ambiguous
    // option (-l is lossless, limitedrange or loop), out-of-range values.
    for (auto args : {std::initializer_list<const char *>{"-q"}, {"-x", "in.png"}, {"-l", "in.png"},
                      {"-q", "52", "in.png"}, {"-b", "13", "in.png"}, {"-f", "411", "in.png"},
                      {"-c", "xyz", "in.png"}, {"-e", "jctvc", "in.png"}, {"-alphaq", "-1", "in.png"},
                      {"-fps", "0", "in.png"}, {}}) {
        EXPECT_EQ(parse_enc(args).result, ParseResult::kError);
    }
}

}  // namespace
