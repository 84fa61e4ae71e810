// Records failed expectations of one golden run with readable messages.
#pragma once

#include <cstdio>
#include <string>

namespace bpgr::test {

class CheckLog {
public:
    explicit CheckLog(std::string subject) : subject_(std::move(subject)) {}

    template <typename T>
    bool expect_eq(const std::string &what, const T &expected, const T &actual) {
        ++checks_;
        if (expected == actual) return true;
        fail(what + ": expected " + to_text(expected) + ", got " + to_text(actual));
        return false;
    }
    bool expect_true(const std::string &what, bool condition) {
        ++checks_;
        if (!condition) fail(what);
        return condition;
    }
    void fail(const std::string &message) {
        ++failures_;
        std::fprintf(stderr, "FAIL %s: %s\n", subject_.c_str(), message.c_str());
    }
    int checks() const { return checks_; }
    int failures() const { return failures_; }

private:
    static std::string to_text(const std::string &s) { return "'" + s + "'"; }
    static std::string to_text(const char *s) { return "'" + std::string(s) + "'"; }
    template <typename T>
    static std::string to_text(const T &v) { return std::to_string(v); }

    std::string subject_;
    int checks_ = 0;
    int failures_ = 0;
};

}  // namespace bpgr::test
