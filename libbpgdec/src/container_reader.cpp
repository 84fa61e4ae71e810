#include "container_reader.h"

#include "byte_reader.h"

namespace bpgr {

namespace {

constexpr uint8_t kMagic[4] = {0x42, 0x50, 0x47, 0xFB};
constexpr int kMaxBitDepth = 14;
constexpr int kColorSpaceCount = 5;
constexpr uint32_t kLibde265MaxSide = 65535;
constexpr uint32_t kReferenceSizeBound = 268435455;  // INT_MAX / 8 in the reference

Status ue7_error(ByteReader::Ue7Result r, const char *field, size_t offset) {
    switch (r) {
    case ByteReader::Ue7Result::kTruncated:
        return make_error(BPGR_ERR_TRUNCATED, "truncated %s at byte %zu", field, offset);
    case ByteReader::Ue7Result::kLeadingZero:
        return make_error(BPGR_ERR_INVALID_DATA, "%s at byte %zu: ue7 starts with 0x80", field,
                          offset);
    case ByteReader::Ue7Result::kTooLarge:
        return make_error(BPGR_ERR_INVALID_DATA, "%s at byte %zu exceeds 2^30-1", field, offset);
    case ByteReader::Ue7Result::kTooLong:
        return make_error(BPGR_ERR_INVALID_DATA, "%s at byte %zu: ue7 longer than 5 bytes", field,
                          offset);
    case ByteReader::Ue7Result::kOverflow:
        return make_error(BPGR_ERR_INVALID_DATA, "%s at byte %zu: ue7 value overflows 32 bits",
                          field, offset);
    case ByteReader::Ue7Result::kOk: break;
    }
    return Status{};
}

#define READ_UE7(reader, var, field, unlimited)                                     \
    do {                                                                            \
        size_t at_ = (reader).position();                                           \
        auto r_ = (reader).read_ue7((var), (unlimited));                            \
        if (r_ != ByteReader::Ue7Result::kOk) return ue7_error(r_, (field), at_);   \
    } while (0)

Status parse_compact_sps(ByteReader &reader, const char *which, CompactSps &sps) {
    uint32_t length = 0;
    READ_UE7(reader, length, "hevc_header_length", false);
    if (length > reader.remaining()) {
        return make_error(BPGR_ERR_TRUNCATED, "%s hevc_header of %u bytes at byte %zu runs past the end",
                          which, length, reader.position());
    }
    BitReader bits(reader.data() + reader.position(), length);
    sps.log2_min_cb_minus3 = bits.read_ue();
    sps.log2_diff_max_min_cb = bits.read_ue();
    sps.log2_min_tb_minus2 = bits.read_ue();
    sps.log2_diff_max_min_tb = bits.read_ue();
    sps.max_transform_hierarchy_depth_intra = bits.read_ue();
    sps.sao = bits.read_flag();
    sps.pcm = bits.read_flag();
    if (sps.pcm) {
        sps.pcm_bit_depth_luma_minus1 = bits.read_bits(4);
        sps.pcm_bit_depth_chroma_minus1 = bits.read_bits(4);
        sps.log2_min_pcm_cb_minus3 = bits.read_ue();
        sps.log2_diff_max_min_pcm_cb = bits.read_ue();
        sps.pcm_loop_filter_disabled = bits.read_flag();
    }
    sps.strong_intra_smoothing = bits.read_flag();
    sps.extension_present = bits.read_flag();
    if (sps.extension_present) {
        sps.range_extension = bits.read_flag();
        bits.read_bits(7);
        if (sps.range_extension) {
            for (bool &f : sps.range_flags) f = bits.read_flag();
        }
    }
    if (bits.overrun()) {
        return make_error(BPGR_ERR_TRUNCATED, "%s hevc_header (%u bytes) ends before its last field",
                          which, length);
    }
    // Values the HEVC decoder would reject anyway, checked here so the
    // synthesized SPS is always well-formed: log2 CB sizes 8..64, TB 4..32.
    uint32_t log2_min_cb = sps.log2_min_cb_minus3 + 3;
    uint32_t log2_ctb = log2_min_cb + sps.log2_diff_max_min_cb;
    uint32_t log2_min_tb = sps.log2_min_tb_minus2 + 2;
    uint32_t log2_max_tb = log2_min_tb + sps.log2_diff_max_min_tb;
    if (sps.log2_min_cb_minus3 > 3 || log2_ctb > 6 || log2_ctb < 4 || log2_min_tb >= log2_min_cb ||
        log2_max_tb > 5 || log2_max_tb > log2_ctb ||
        sps.max_transform_hierarchy_depth_intra > log2_ctb - log2_min_tb) {
        return make_error(BPGR_ERR_INVALID_DATA,
                          "%s hevc_header: invalid block sizes (CB 2^%u..2^%u, TB 2^%u..2^%u, depth %u)",
                          which, log2_min_cb, log2_ctb, log2_min_tb, log2_max_tb,
                          sps.max_transform_hierarchy_depth_intra);
    }
    if (sps.pcm) {
        uint32_t log2_min_pcm = sps.log2_min_pcm_cb_minus3 + 3;
        if (log2_min_pcm > 5 || log2_min_pcm + sps.log2_diff_max_min_pcm_cb > 5 ||
            log2_min_pcm + sps.log2_diff_max_min_pcm_cb > log2_ctb) {
            return make_error(BPGR_ERR_INVALID_DATA, "%s hevc_header: invalid PCM block sizes", which);
        }
    }
    reader.skip(length);
    return Status{};
}

Status parse_extensions(const uint8_t *data, size_t start, size_t end, bool animation,
                        BpgHeader &header) {
    ByteReader reader(data, end);
    reader.skip(start);
    bool have_anim_control = false;
    while (reader.position() < end) {
        uint32_t tag = 0, length = 0;
        READ_UE7(reader, tag, "extension tag", true);
        READ_UE7(reader, length, "extension length", false);
        size_t payload = reader.position();
        if (length > reader.remaining()) {
            return make_error(BPGR_ERR_TRUNCATED,
                              "extension tag %u at byte %zu: %u bytes of data, only %zu left in the block",
                              tag, payload, length, reader.remaining());
        }
        if (tag == BPGR_EXT_ANIMATION_CONTROL && animation) {
            // The three values are read with the extension block end as limit.
            ByteReader anim(data, end);
            anim.skip(payload);
            uint32_t loop = 0, num = 0, den = 0;
            READ_UE7(anim, loop, "animation loop_count", false);
            READ_UE7(anim, num, "animation frame_period_num", false);
            READ_UE7(anim, den, "animation frame_period_den", false);
            if (loop > 0xFFFF || num > 0xFFFF || den > 0xFFFF || num == 0 || den == 0) {
                return make_error(BPGR_ERR_INVALID_DATA,
                                  "animation control: loop %u, period %u/%u out of range", loop, num,
                                  den);
            }
            header.loop_count = static_cast<uint16_t>(loop);
            header.frame_period_num = static_cast<uint16_t>(num);
            header.frame_period_den = static_cast<uint16_t>(den);
            have_anim_control = true;
        }
        header.extensions.push_back(ExtensionRecord{tag, payload, length});
        reader.skip(length);
    }
    if (animation && !have_anim_control) {
        return make_error(BPGR_ERR_INVALID_DATA, "animation flag set but no animation control extension");
    }
    return Status{};
}

}  // namespace

Status parse_container(const uint8_t *data, size_t size, ParseDepth depth, bool keep_extensions,
                       const bpgr_limits *limits, BpgHeader &header) {
    header = BpgHeader{};
    if (size < 6) return make_error(BPGR_ERR_TRUNCATED, "file is %zu bytes, a BPG header needs at least 6", size);
    for (int i = 0; i < 4; ++i) {
        if (data[i] != kMagic[i]) return make_error(BPGR_ERR_NOT_BPG, "not a BPG file (bad magic number)");
    }
    if (limits && limits->max_file_bytes && size > limits->max_file_bytes) {
        return make_error(BPGR_ERR_LIMIT_EXCEEDED, "file is %zu bytes, limit %llu", size,
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
        return make_error(BPGR_ERR_INVALID_DATA, "invalid pixel format %u", header.pixel_format);
    if (header.bit_depth > kMaxBitDepth)
        return make_error(BPGR_ERR_INVALID_DATA, "invalid bit depth %u (max 14)", header.bit_depth);
    if (header.color_space >= kColorSpaceCount)
        return make_error(BPGR_ERR_INVALID_DATA, "invalid color space %u", header.color_space);
    if (header.pixel_format == 0 && header.color_space != 0)
        return make_error(BPGR_ERR_INVALID_DATA, "gray image with color space %u", header.color_space);
    if (header.has_w_plane() && header.pixel_format == 0)
        return make_error(BPGR_ERR_INVALID_DATA, "gray image with a W (CMYK) plane");

    ByteReader reader(data, size);
    reader.skip(6);
    READ_UE7(reader, header.width, "picture width", false);
    READ_UE7(reader, header.height, "picture height", false);
    if (header.width == 0 || header.height == 0)
        return make_error(BPGR_ERR_INVALID_DATA, "%s 0", header.width == 0 ? "width" : "height");
    if (depth == ParseDepth::kSize) return Status{};

    READ_UE7(reader, header.picture_data_length, "picture_data_length", false);
    if (header.has_extensions) {
        uint32_t ext_length = 0;
        READ_UE7(reader, ext_length, "extension_data_length", false);
        if (ext_length > reader.remaining()) {
            return make_error(BPGR_ERR_TRUNCATED,
                              "truncated extension data at byte %zu: %u bytes announced, %zu present",
                              reader.position(), ext_length, reader.remaining());
        }
        if (limits && limits->max_extension_bytes && ext_length > limits->max_extension_bytes) {
            return make_error(BPGR_ERR_LIMIT_EXCEEDED, "extension data of %u bytes exceeds the limit %llu",
                              ext_length, static_cast<unsigned long long>(limits->max_extension_bytes));
        }
        size_t start = reader.position();
        if (keep_extensions || header.animation) {
            BPGR_RETURN_IF_ERROR(parse_extensions(data, start, start + ext_length, header.animation, header));
        }
        reader.skip(ext_length);
    } else if (header.animation) {
        return make_error(BPGR_ERR_INVALID_DATA, "animation flag set but no animation control extension");
    }
    if (depth == ParseDepth::kExtensions) return Status{};
    if (header.picture_data_length != 0 && header.picture_data_length > reader.remaining()) {
        return make_error(BPGR_ERR_TRUNCATED, "picture data of %u bytes announced at byte %zu, %zu present",
                          header.picture_data_length, reader.position(), reader.remaining());
    }
    if (header.has_extra_plane()) BPGR_RETURN_IF_ERROR(parse_compact_sps(reader, "alpha", header.alpha_sps));
    BPGR_RETURN_IF_ERROR(parse_compact_sps(reader, "color", header.color_sps));
    header.hevc_data_offset = reader.position();

    // The reference's parameter-set size check (unpadded size).
    if (!(header.width + 128ull < kReferenceSizeBound / (header.height + 128ull))) {
        return make_error(BPGR_ERR_INVALID_DATA, "picture %ux%u is too large for BPG", header.width,
                          header.height);
    }
    uint32_t min_cb = header.color_sps.min_cb_size();
    if (header.has_extra_plane() && header.alpha_sps.min_cb_size() > min_cb) min_cb = header.alpha_sps.min_cb_size();
    if (header.width + min_cb - 1 > kLibde265MaxSide || header.height + min_cb - 1 > kLibde265MaxSide) {
        return make_error(BPGR_ERR_UNSUPPORTED, "picture %ux%u: sides above 65535 cannot be decoded",
                          header.width, header.height);
    }
    if (limits) {
        if (limits->max_dimension && (header.width > limits->max_dimension || header.height > limits->max_dimension)) {
            return make_error(BPGR_ERR_LIMIT_EXCEEDED, "picture %ux%u exceeds the dimension limit %u",
                              header.width, header.height, limits->max_dimension);
        }
        uint64_t pixels = uint64_t{header.width} * header.height;
        if (limits->max_pixels && pixels > limits->max_pixels) {
            return make_error(BPGR_ERR_LIMIT_EXCEEDED, "picture %ux%u exceeds the pixel limit %llu",
                              header.width, header.height,
                              static_cast<unsigned long long>(limits->max_pixels));
        }
    }
    return Status{};
}

}  // namespace bpgr
