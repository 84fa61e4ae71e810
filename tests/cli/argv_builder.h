// A writable argv for the command-line parsers' tests.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

// argv for a parse: "prog" then the arguments, writable as getopt wants.
class Argv {
public:
    Argv(const char *prog, std::initializer_list<const char *> args) {
        strings_.push_back(prog);
        for (const char *a : args) strings_.push_back(a);
        for (std::string &s : strings_) pointers_.push_back(s.data());
        pointers_.push_back(nullptr);
    }
    int argc() const { return int(strings_.size()); }
    char **argv() { return pointers_.data(); }

private:
    std::vector<std::string> strings_;
    std::vector<char *> pointers_;
};
