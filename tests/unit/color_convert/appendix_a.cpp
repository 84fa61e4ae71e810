#include "appendix_a.h"

#include <sstream>

#include "appendix_a_table.h"

namespace bpgr::test {

namespace {

// Splits "| a | b | c |" into its cell texts.
std::vector<std::string> cells(const std::string &line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    std::string cell;
    std::getline(in, cell, '|');  // text before the first bar
    while (std::getline(in, cell, '|')) {
        size_t first = cell.find_first_not_of(' ');
        size_t last = cell.find_last_not_of(' ');
        if (first != std::string::npos) out.push_back(cell.substr(first, last - first + 1));
    }
    return out;
}

std::vector<std::vector<std::string>> table_rows(const char *text, size_t columns) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto row = cells(line);
        if (row.size() == columns) rows.push_back(row);
    }
    return rows;
}

}  // namespace

const std::vector<ScalarRow> &appendix_a1() {
    static const std::vector<ScalarRow> rows = [] {
        std::vector<ScalarRow> out;
        for (const auto &c : table_rows(kAppendixA1, 6))
            out.push_back({std::stoi(c[0]), std::stoi(c[1]), std::stoi(c[2]), std::stoll(c[3]),
                           std::stoll(c[4]), std::stoll(c[5])});
        return out;
    }();
    return rows;
}

const std::vector<MatrixRow> &appendix_a2() {
    static const std::vector<MatrixRow> rows = [] {
        std::vector<MatrixRow> out;
        for (const auto &c : table_rows(kAppendixA2, 8))
            out.push_back({std::stoi(c[0]), std::stoi(c[1]), std::stoi(c[2]), c[3],
                           std::stoll(c[4]), std::stoll(c[5]), std::stoll(c[6]), std::stoll(c[7])});
        return out;
    }();
    return rows;
}

const ScalarRow *find_scalar_row(int out_bits, bool limited, int bit_depth) {
    for (const auto &row : appendix_a1())
        if (row.out_bits == out_bits && row.limited == int(limited) && row.bit_depth == bit_depth)
            return &row;
    return nullptr;
}

const MatrixRow *find_matrix_row(int out_bits, bool limited, int bit_depth, int color_space) {
    const char *name = color_space == 0   ? "BT601"
                       : color_space == 3 ? "BT709"
                       : color_space == 4 ? "BT2020"
                                          : "";
    for (const auto &row : appendix_a2())
        if (row.out_bits == out_bits && row.limited == int(limited) && row.bit_depth == bit_depth &&
            row.matrix == name)
            return &row;
    return nullptr;
}

}  // namespace bpgr::test
