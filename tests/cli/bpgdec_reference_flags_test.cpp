// Drop-in for scripts (issue 15): every flag of libbpg 0.9.8's bpgdec, in
// every spelling the reference's getopt("ho:b:i") accepts, parses to the
// settings the reference gives it.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "argv_builder.h"
#include "dec_args.h"

namespace {

bpgr::cli::ParseOutcome parse_dec(std::initializer_list<const char *> args, bpgr::cli::CliSettings &out) {
    Argv a("bpgdec", args);
    std::string error;
    out = bpgr::cli::CliSettings{};
    return bpgr::cli::parse_dec_args(a.argc(), a.argv(), out, error);
}

TEST(BpgdecReferenceFlags, OutputBitDepthInfoInEverySpelling) {
    using bpgr::cli::ParseOutcome;
    for (auto args : {std::initializer_list<const char *>{"-o", "x.png", "-b", "16", "in.bpg"},
                      {"-ox.png", "-b16", "in.bpg"},
                      {"in.bpg", "-o", "x.png", "-b", "16"},
                      {"-b", "16", "in.bpg", "-ox.png"}}) {
        bpgr::cli::CliSettings s;
        ASSERT_EQ(parse_dec(args, s), ParseOutcome::kRun);
        EXPECT_EQ(s.input_path, "in.bpg");
        EXPECT_EQ(s.output_path, "x.png");
        EXPECT_TRUE(s.output_given);
        EXPECT_EQ(s.bit_depth, 16);
        EXPECT_FALSE(s.info_only);
    }
    for (auto args : {std::initializer_list<const char *>{"-i", "in.bpg"}, {"in.bpg", "-i"}, {"-ib16", "in.bpg"}}) {
        bpgr::cli::CliSettings s;
        ASSERT_EQ(parse_dec(args, s), ParseOutcome::kRun);
        EXPECT_TRUE(s.info_only);
        EXPECT_EQ(s.input_path, "in.bpg");
    }
    bpgr::cli::CliSettings s;
    ASSERT_EQ(parse_dec({"-b", "8", "in.bpg"}, s), ParseOutcome::kRun);
    EXPECT_EQ(s.output_path, "out.png");  // the reference's default
    EXPECT_FALSE(s.output_given);
    EXPECT_EQ(parse_dec({"-h"}, s), ParseOutcome::kShowHelp);
    EXPECT_EQ(parse_dec({"-ih", "in.bpg"}, s), ParseOutcome::kShowHelp);
    EXPECT_EQ(parse_dec({}, s), ParseOutcome::kShowHelp);  // no input: the help, as the reference
    EXPECT_EQ(parse_dec({"-o"}, s), ParseOutcome::kError);
    EXPECT_EQ(parse_dec({"-x", "in.bpg"}, s), ParseOutcome::kError);
}

}  // namespace
