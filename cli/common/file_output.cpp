#include "file_output.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bpgr::cli {

namespace {

bool same_file(const std::string &a, const std::string &b) {
    struct stat sa, sb;
    if (a.empty() || b.empty() || a == "-" || b == "-") return false;
    if (stat(a.c_str(), &sa) != 0 || stat(b.c_str(), &sb) != 0) return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace

FileOutput::~FileOutput() {
    if (stream_ && !is_stdout_) std::fclose(stream_);
    if (!temp_path_.empty()) unlink(temp_path_.c_str());
}

bool FileOutput::open(const std::string &path, const std::string &input_path) {
    path_ = path;
    if (path == "-") {
        is_stdout_ = true;
        stream_ = stdout;
        return true;
    }
    if (same_file(path, input_path)) {
        error_ = path + ": refusing to overwrite the input file";
        return false;
    }
    std::string tmpl = path + ".tmp-XXXXXX";
    int fd = mkstemp(tmpl.data());
    if (fd < 0) {
        error_ = path + ": cannot create output file: " + std::strerror(errno);
        return false;
    }
    fchmod(fd, 0644);
    temp_path_ = tmpl;
    stream_ = fdopen(fd, "wb");
    if (!stream_) {
        error_ = path + ": " + std::strerror(errno);
        close(fd);
        return false;
    }
    return true;
}

bool FileOutput::commit() {
    if (!stream_) {
        error_ = path_ + ": output was not opened";
        return false;
    }
    if (is_stdout_) {
        bool ok = std::fflush(stream_) == 0 && !std::ferror(stream_);
        if (!ok) error_ = "write error on standard output";
        stream_ = nullptr;
        return ok;
    }
    bool ok = std::fflush(stream_) == 0 && !std::ferror(stream_);
    ok = (std::fclose(stream_) == 0) && ok;
    stream_ = nullptr;
    if (!ok) {
        error_ = path_ + ": I/O error while writing";
        return false;
    }
    if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
        error_ = path_ + ": cannot rename temporary file into place: " + std::strerror(errno);
        return false;
    }
    temp_path_.clear();
    return true;
}

bool read_whole_file(const std::string &path, std::string &bytes, std::string &error) {
    std::FILE *f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) {
        error = "Could not open " + path + ": " + std::strerror(errno);
        return false;
    }
    bytes.clear();
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
    bool ok = !std::ferror(f);
    if (f != stdin) std::fclose(f);
    if (!ok) error = "Error while reading file " + path;
    return ok;
}

}  // namespace bpgr::cli
