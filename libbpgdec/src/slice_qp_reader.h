// Reads the slice QP of an intra picture (PPS init_qp + slice_qp_delta of
// the first slice), for QP-aware restoration. Pure parsing.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bpgr {

struct PpsQpFields {
    bool valid = false;
    bool output_flag_present = false;
    uint32_t num_extra_slice_header_bits = 0;
    int init_qp = 26;
};

// `nal` points at the NAL header (escaped bytes as in the file).
PpsQpFields read_pps_qp_fields(const uint8_t *nal, size_t size);

// Slice QP of an I slice that starts a picture, or -1 when it cannot be
// read (P slices, a non-first slice, malformed data).
int read_intra_slice_qp(const uint8_t *nal, size_t size, const PpsQpFields &pps, bool sao_enabled,
                        bool monochrome);

}  // namespace bpgr
