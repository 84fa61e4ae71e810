// The two golden checks of one fixture: through bpgr/decoder.h and through
// the libbpg-compatible bpgr/libbpg.h.
#pragma once

#include <string>

#include "check_log.h"
#include "expected_image.h"

namespace bpgr::test {

void check_with_bpgr_api(const std::string &bytes, const ExpectedImage &expected, CheckLog &log);
void check_with_libbpg_api(const std::string &bytes, const ExpectedImage &expected,
                           CheckLog &log);

// MD5 of a plane as planes.tsv defines it: every sample a uint16 LE, rows
// top to bottom, no padding. `row_at(y)` gives row y's samples.
template <typename RowAt>
std::string plane_md5(uint32_t width, uint32_t height, RowAt row_at);

}  // namespace bpgr::test

#include "md5.h"

namespace bpgr::test {

template <typename RowAt>
std::string plane_md5(uint32_t width, uint32_t height, RowAt row_at) {
    bpgr::cli::Md5 md5;
    std::string row_le(size_t(width) * 2, '\0');
    for (uint32_t y = 0; y < height; ++y) {
        const uint16_t *row = row_at(y);
        for (uint32_t x = 0; x < width; ++x) {
            row_le[2 * x] = char(row[x] & 0xff);
            row_le[2 * x + 1] = char(row[x] >> 8);
        }
        md5.update(row_le.data(), row_le.size());
    }
    return md5.hex_digest();
}

}  // namespace bpgr::test
