#include "container_header.h"

#include <iterator>

#include "bpgr/format.h"
#include "byte_reader.h"
#include "byte_writer.h"
#include "ue7_status.h"

namespace bpgr {

namespace {

constexpr uint8_t kMagic[4] = {0x42, 0x50, 0x47, 0xFB};
constexpr int kMaxBitDepth = 14;
constexpr int kColorSpaceCount = 5;
constexpr uint32_t kReferenceSizeBound = 268435455;  // INT_MAX / 8 in the reference

Status read_extensions(const uint8_t *data, size_t start, size_t end, BpgHeader &header) {
    AnimationControl control;
    BPGR_RETURN_IF_ERROR(read_extension_block(data, start, end, header.animation, header.extensions, control));
    if (header.animation) {
        header.loop_count = control.loop_count;
        header.frame_period_num = control.frame_period_num;
        header.frame_period_den = control.frame_period_den;
    }
    return Status{};
}

void append_length_prefixed(const std::vector<uint8_t> &bytes, std::vector<uint8_t> *out) {
    append_ue7(uint32_t(bytes.size()), out);
    out->insert(out->end(), bytes.begin(), bytes.end());
}

}  // namespace

Status read_container(const uint8_t *data, size_t size, ParseDepth depth, bool keep_extensions,
                      const ContainerLimits *limits, BpgHeader &header) {
    header = BpgHeader{};
    if (size < 6) {
        return make_error(StatusCode::kTruncated, "file is %zu bytes, a BPG header needs at least 6", size);
    }
    for (int i = 0; i < 4; ++i) {
        if (data[i] != kMagic[i]) return make_error(StatusCode::kWrongFormat, "not a BPG file (bad magic number)");
    }
    if (limits && limits->max_file_bytes && size > limits->max_file_bytes) {
        return make_error(StatusCode::kLimitExceeded, "file is %zu bytes, limit %llu", size,
                          static_cast<unsigned long long>(limits->max_file_bytes));
    }
    uint8_t b4 = data[4], b5 = data[5];
    header.pixel_format = b4 >> 5;
    header.alpha1 = (b4 >> 4) & 1;
    header.bit_depth = static_cast<uint8_t>((b4 & 15) + 8);
    header.color_space = b5 >> 4;
    header.has_extensions = (b5 >> 3) & 1;
    header.alpha2 = (b5 >> 2) & 1;
    header.limited_range = (b5 >> 1) & 1;
    header.animation = b5 & 1;
    if (header.pixel_format > 5)
        return make_error(StatusCode::kInvalidData, "invalid pixel format %u", header.pixel_format);
    if (header.bit_depth > kMaxBitDepth)
        return make_error(StatusCode::kInvalidData, "invalid bit depth %u (max 14)", header.bit_depth);
    if (header.color_space >= kColorSpaceCount)
        return make_error(StatusCode::kInvalidData, "invalid color space %u", header.color_space);
    if (header.pixel_format == 0 && header.color_space != 0)
        return make_error(StatusCode::kInvalidData, "gray image with color space %u", header.color_space);
    if (header.has_w_plane() && header.pixel_format == 0)
        return make_error(StatusCode::kInvalidData, "gray image with a W (CMYK) plane");

    ByteReader reader(data, size);
    reader.skip(6);
    BPGR_READ_UE7(reader, header.width, "picture width", false);
    BPGR_READ_UE7(reader, header.height, "picture height", false);
    if (header.width == 0 || header.height == 0)
        return make_error(StatusCode::kInvalidData, "%s 0", header.width == 0 ? "width" : "height");
    if (depth == ParseDepth::kSize) return Status{};

    BPGR_READ_UE7(reader, header.picture_data_length, "picture_data_length", false);
    if (header.has_extensions) {
        uint32_t ext_length = 0;
        BPGR_READ_UE7(reader, ext_length, "extension_data_length", false);
        if (ext_length > reader.remaining()) {
            return make_error(StatusCode::kTruncated,
                              "truncated extension data at byte %zu: %u bytes announced, %zu present",
                              reader.position(), ext_length, reader.remaining());
        }
        if (limits && limits->max_extension_bytes && ext_length > limits->max_extension_bytes) {
            return make_error(StatusCode::kLimitExceeded, "extension data of %u bytes exceeds the limit %llu",
                              ext_length, static_cast<unsigned long long>(limits->max_extension_bytes));
        }
        size_t start = reader.position();
        if (keep_extensions || header.animation) {
            BPGR_RETURN_IF_ERROR(read_extensions(data, start, start + ext_length, header));
        }
        reader.skip(ext_length);
    } else if (header.animation) {
        return make_error(StatusCode::kInvalidData, "animation flag set but no animation control extension");
    }
    if (depth == ParseDepth::kExtensions) return Status{};
    if (header.picture_data_length != 0 && header.picture_data_length > reader.remaining()) {
        return make_error(StatusCode::kTruncated, "picture data of %u bytes announced at byte %zu, %zu present",
                          header.picture_data_length, reader.position(), reader.remaining());
    }
    if (header.has_extra_plane()) BPGR_RETURN_IF_ERROR(read_compact_sps(reader, "alpha", header.alpha_sps));
    BPGR_RETURN_IF_ERROR(read_compact_sps(reader, "color", header.color_sps));
    header.hevc_data_offset = reader.position();

    // The reference's parameter-set size check (unpadded size).
    if (!(header.width + 128ull < kReferenceSizeBound / (header.height + 128ull))) {
        return make_error(StatusCode::kInvalidData, "picture %ux%u is too large for BPG", header.width,
                          header.height);
    }
    return Status{};
}

std::vector<uint8_t> write_container_header(const BpgHeader &h, const uint8_t *payloads) {
    std::vector<uint8_t> extensions;
    if (h.animation) {
        const std::vector<uint8_t> control =
            write_animation_control({h.loop_count, h.frame_period_num, h.frame_period_den});
        append_extension_record(BPGR_EXT_ANIMATION_CONTROL, control.data(), control.size(), &extensions);
    }
    for (const ExtensionRecord &rec : h.extensions) {
        if (rec.tag == BPGR_EXT_ANIMATION_CONTROL) continue;
        append_extension_record(rec.tag, payloads + rec.offset, rec.size, &extensions);
    }
    const bool has_extension = !extensions.empty();

    std::vector<uint8_t> out(std::begin(kMagic), std::end(kMagic));
    out.push_back(uint8_t((h.pixel_format << 5) | (h.alpha1 << 4) | (h.bit_depth - 8)));
    out.push_back(uint8_t((h.color_space << 4) | (has_extension << 3) | (h.alpha2 << 2) | (h.limited_range << 1) |
                          int(h.animation)));
    append_ue7(h.width, &out);
    append_ue7(h.height, &out);
    append_ue7(h.picture_data_length, &out);
    if (has_extension) append_length_prefixed(extensions, &out);
    if (h.has_extra_plane()) append_length_prefixed(write_compact_sps(h.alpha_sps), &out);
    append_length_prefixed(write_compact_sps(h.color_sps), &out);
    return out;
}

}  // namespace bpgr
