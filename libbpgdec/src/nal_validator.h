// Checks each NAL unit of hevc_data against what a BPG file can describe,
// before libde265 sees it: header bits, layer and sub-layer ids, NAL unit
// types, the single PPS id, and slice types (I only in still images, I or P
// in animations, every stream starting with an intra picture). Pure parsing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "container_reader.h"
#include "hevc_stream_builder.h"
#include "bpgr_common/status.h"

namespace bpgr {

class NalValidator {
public:
    // `header` must outlive the validator (it is the FrameDecoder's).
    explicit NalValidator(const BpgHeader &header);

    // Checks the NAL units of one access unit, each list in stream order.
    // State (the current PPS fields, whether an intra picture was seen)
    // carries over to the next access unit.
    Status check_access_unit(const uint8_t *data, const std::vector<NalSpan> &color,
                             const std::vector<NalSpan> &alpha);

    // One NAL of the colour (`alpha` false) or alpha/W stream. Public for tests.
    Status check_nal(const uint8_t *data, const NalSpan &nal, bool alpha);

private:
    struct StreamState {
        uint32_t ctb_count = 0;  // PicSizeInCtbsY of the synthesized SPS
        bool have_pps = false;
        bool dependent_slices = false;
        uint32_t extra_slice_header_bits = 0;
        bool seen_intra_picture = false;
    };

    Status check_pps(const uint8_t *nal, size_t size, size_t offset, StreamState &stream);
    Status check_slice(const uint8_t *nal, size_t size, size_t offset, const char *which,
                       StreamState &stream);

    const BpgHeader &header_;
    StreamState color_;
    StreamState alpha_;
};

}  // namespace bpgr
