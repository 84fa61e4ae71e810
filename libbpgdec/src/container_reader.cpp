#include "container_reader.h"

namespace bpgr {

namespace {

constexpr uint32_t kMaxDecodableSide = 65535;  // the HEVC decoder's (libde265's) picture size limit

}  // namespace

Status parse_container(const uint8_t *data, size_t size, ParseDepth depth, bool keep_extensions,
                       const bpgr_limits *limits, BpgHeader &header) {
    ContainerLimits container_limits;
    if (limits) {
        container_limits.max_file_bytes = limits->max_file_bytes;
        container_limits.max_extension_bytes = limits->max_extension_bytes;
    }
    BPGR_RETURN_IF_ERROR(
        read_container(data, size, depth, keep_extensions, limits ? &container_limits : nullptr, header));
    if (depth != ParseDepth::kHeaders) return Status{};

    uint32_t min_cb = header.color_sps.min_cb_size();
    if (header.has_extra_plane() && header.alpha_sps.min_cb_size() > min_cb) min_cb = header.alpha_sps.min_cb_size();
    if (header.width + min_cb - 1 > kMaxDecodableSide || header.height + min_cb - 1 > kMaxDecodableSide) {
        return make_error(StatusCode::kUnsupported, "picture %ux%u: sides above 65535 cannot be decoded",
                          header.width, header.height);
    }
    if (limits) {
        if (limits->max_dimension && (header.width > limits->max_dimension || header.height > limits->max_dimension)) {
            return make_error(StatusCode::kLimitExceeded, "picture %ux%u exceeds the dimension limit %u",
                              header.width, header.height, limits->max_dimension);
        }
        uint64_t pixels = uint64_t{header.width} * header.height;
        if (limits->max_pixels && pixels > limits->max_pixels) {
            return make_error(StatusCode::kLimitExceeded, "picture %ux%u exceeds the pixel limit %llu",
                              header.width, header.height, static_cast<unsigned long long>(limits->max_pixels));
        }
    }
    return Status{};
}

}  // namespace bpgr
