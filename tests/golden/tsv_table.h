// Reads the fixture TSV files (one header row, tab separated, fields with
// \n, \t and \\ escapes, as fixtures/bpg/README.md describes).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace bpgr::test {

using TsvRow = std::map<std::string, std::string>;

// All rows of `path`, keyed by the header's column names. False + message if
// the file cannot be read or a row has the wrong number of fields.
bool read_tsv(const std::string &path, std::vector<TsvRow> &rows, std::string &error);

// Undoes the field escapes (\n, \t, \\).
std::string unescape_tsv_field(const std::string &field);

// Splits on `separator`; an empty string gives no parts.
std::vector<std::string> split(const std::string &text, char separator);

}  // namespace bpgr::test
