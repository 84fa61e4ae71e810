#include "tsv_table.h"

#include <fstream>

namespace bpgr::test {

std::vector<std::string> split(const std::string &text, char separator) {
    std::vector<std::string> parts;
    if (text.empty()) return parts;
    size_t start = 0;
    for (;;) {
        const size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return parts;
}

std::string unescape_tsv_field(const std::string &field) {
    std::string out;
    out.reserve(field.size());
    for (size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 1 < field.size()) {
            const char next = field[++i];
            out += next == 'n' ? '\n' : next == 't' ? '\t' : next;
        } else {
            out += field[i];
        }
    }
    return out;
}

bool read_tsv(const std::string &path, std::vector<TsvRow> &rows, std::string &error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read " + path;
        return false;
    }
    std::string line;
    if (!std::getline(in, line)) {
        error = path + ": empty";
        return false;
    }
    const std::vector<std::string> columns = split(line, '\t');
    rows.clear();
    for (int line_number = 2; std::getline(in, line); ++line_number) {
        if (line.empty()) continue;
        const std::vector<std::string> fields = split(line, '\t');
        if (fields.size() != columns.size()) {
            error = path + ":" + std::to_string(line_number) + ": " +
                    std::to_string(fields.size()) + " fields, expected " +
                    std::to_string(columns.size());
            return false;
        }
        TsvRow row;
        for (size_t i = 0; i < columns.size(); ++i) row[columns[i]] = unescape_tsv_field(fields[i]);
        rows.push_back(std::move(row));
    }
    return true;
}

}  // namespace bpgr::test
