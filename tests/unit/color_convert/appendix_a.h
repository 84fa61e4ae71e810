// Appendix A of bpg-format.md as data: the reference's conversion constants,
// parsed from the verbatim table text in appendix_a_table.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bpgr::test {

struct ScalarRow {
    int out_bits, limited, bit_depth;
    int64_t c_one, y_one, y_offset;
};

struct MatrixRow {
    int out_bits, limited, bit_depth;
    std::string matrix;  // "BT601", "BT709", "BT2020"
    int64_t c_r_cr, c_g_cb, c_g_cr, c_b_cb;
};

const std::vector<ScalarRow> &appendix_a1();
const std::vector<MatrixRow> &appendix_a2();

// nullptr when the table has no such row.
const ScalarRow *find_scalar_row(int out_bits, bool limited, int bit_depth);
const MatrixRow *find_matrix_row(int out_bits, bool limited, int bit_depth, int color_space);

}  // namespace bpgr::test
