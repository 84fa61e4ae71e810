// A bpgr library failure on its way to Python: the status code and the
// library's sentence. module.cpp registers the translator that raises the
// matching bpgr.Error subclass (bpgr/errors.py) from it.
#pragma once

#include <exception>
#include <string>

#include "bpgr/status.h"

namespace bpgr::python {

class StatusError : public std::exception {
public:
    StatusError(bpgr_status status, std::string message)
        : status_(status), message_(std::move(message)) {}
    bpgr_status status() const { return status_; }
    const std::string &message() const { return message_; }
    const char *what() const noexcept override { return message_.c_str(); }

private:
    bpgr_status status_;
    std::string message_;
};

// Raises StatusError; an empty message becomes the status's own name.
[[noreturn]] void throw_status(bpgr_status status, const std::string &message);

// Installs the C++ -> Python translation of StatusError.
void register_status_error_translator();

}  // namespace bpgr::python
