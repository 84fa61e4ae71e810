// Atomic file output for the CLIs: write to a temporary file beside the
// target, rename over it on success, remove it on failure.
#pragma once

#include <cstdio>
#include <string>

namespace bpgr::cli {

class FileOutput {
public:
    FileOutput() = default;
    FileOutput(const FileOutput &) = delete;
    FileOutput &operator=(const FileOutput &) = delete;
    ~FileOutput();  // removes the temporary file unless commit() succeeded

    // path "-" means stdout (no temporary file). Returns false and sets
    // error() if the temporary file cannot be created, or if `path` names
    // the same file as `input_path` (never overwrite the input).
    bool open(const std::string &path, const std::string &input_path = "");
    std::FILE *stream() const { return stream_; }
    // Flushes, closes and renames into place. False + error() on failure.
    bool commit();
    const std::string &error() const { return error_; }

private:
    std::string path_;
    std::string temp_path_;
    std::FILE *stream_ = nullptr;
    bool is_stdout_ = false;
    std::string error_;
};

// Reads a whole file ("-" = stdin). False + message on failure.
bool read_whole_file(const std::string &path, std::string &bytes, std::string &error);

}  // namespace bpgr::cli
