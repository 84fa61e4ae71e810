// JPEG input through libjpeg: 4:2:0 / 4:2:2 / 4:4:4 YCbCr and matching
// YCCK read as raw planes, gray, RGB, CMYK -> RGB + W (format doc 8.3);
// EXIF, XMP and ICC kept on request.
#include <cstdio>
#include <jpeglib.h>

#include <algorithm>
#include <csetjmp>
#include <cstring>
#include <map>

#include "input_image.h"

namespace bpgr::cli {
namespace {

constexpr int kApp1 = JPEG_APP0 + 1;
constexpr int kApp2 = JPEG_APP0 + 2;
constexpr char kExifPrefix[] = "Exif\0";  // 6 bytes with the implicit NUL
constexpr size_t kExifPrefixSize = 6;
constexpr char kXmpPrefix[] = "http://ns.adobe.com/xap/1.0/";  // + NUL
constexpr size_t kXmpPrefixSize = sizeof(kXmpPrefix);
constexpr char kIccPrefix[] = "ICC_PROFILE";  // + NUL, seq, count
constexpr size_t kIccHeaderSize = sizeof(kIccPrefix) + 2;

struct ErrorManager {
    jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void on_error(j_common_ptr cinfo) {
    auto *err = reinterpret_cast<ErrorManager *>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

void on_message(j_common_ptr, int) {}

bool has_prefix(const jpeg_saved_marker_ptr m, const char *prefix, size_t size) {
    return m->data_length >= size && std::memcmp(m->data, prefix, size) == 0;
}

void collect_metadata(j_decompress_ptr cinfo, InputImage *image) {
    bool have_exif = false, have_xmp = false;
    std::map<int, std::vector<uint8_t>> icc_chunks;
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next) {
        if (m->marker == kApp1 && !have_exif && has_prefix(m, kExifPrefix, kExifPrefixSize)) {
            have_exif = true;
            image->metadata.push_back(MetadataRecord{
                BPGR_EXT_EXIF, std::vector<uint8_t>(m->data + kExifPrefixSize, m->data + m->data_length)});
        } else if (m->marker == kApp1 && !have_xmp && has_prefix(m, kXmpPrefix, kXmpPrefixSize)) {
            have_xmp = true;
            image->metadata.push_back(MetadataRecord{
                BPGR_EXT_XMP, std::vector<uint8_t>(m->data + kXmpPrefixSize, m->data + m->data_length)});
        } else if (m->marker == kApp2 && m->data_length > kIccHeaderSize &&
                   has_prefix(m, kIccPrefix, sizeof(kIccPrefix))) {
            const int sequence = m->data[sizeof(kIccPrefix)];
            icc_chunks.emplace(sequence, std::vector<uint8_t>(m->data + kIccHeaderSize,
                                                              m->data + m->data_length));
        }
    }
    if (!icc_chunks.empty()) {
        MetadataRecord icc{BPGR_EXT_ICC_PROFILE, {}};
        for (auto &chunk : icc_chunks)
            icc.payload.insert(icc.payload.end(), chunk.second.begin(), chunk.second.end());
        image->metadata.push_back(std::move(icc));
    }
}

// Sampling of a YCbCr / YCCK JPEG that maps onto a BPG format without
// resampling; GRAY (0) when none does.
bpgr_pixel_format raw_format(const jpeg_decompress_struct &c, bool ycck) {
    const jpeg_component_info *ci = c.comp_info;
    auto is = [&](int i, int h, int v) { return ci[i].h_samp_factor == h && ci[i].v_samp_factor == v; };
    const bool chroma_1x1 = is(1, 1, 1) && is(2, 1, 1);
    if (!chroma_1x1) return BPGR_FORMAT_GRAY;
    if (is(0, 1, 1) && (!ycck || is(3, 1, 1))) return BPGR_FORMAT_444;
    if (is(0, 2, 1) && (!ycck || is(3, 2, 2))) return BPGR_FORMAT_422;
    if (is(0, 2, 2) && (!ycck || is(3, 2, 2))) return BPGR_FORMAT_420;
    return BPGR_FORMAT_GRAY;
}

void read_raw_planes(j_decompress_ptr c, InputImage *image) {
    const int components = c->num_components;
    const int rows_per_call = c->max_v_samp_factor * DCTSIZE;
    std::vector<std::vector<uint8_t>> block_rows(components);
    std::vector<std::vector<JSAMPROW>> row_ptrs(components);
    std::vector<JSAMPARRAY> arrays(components);
    for (int i = 0; i < components; i++) {
        const jpeg_component_info &ci = c->comp_info[i];
        const size_t row_width = size_t(ci.width_in_blocks) * DCTSIZE;
        const int rows = ci.v_samp_factor * DCTSIZE;
        block_rows[i].assign(row_width * rows, 0);
        row_ptrs[i].resize(rows);
        for (int r = 0; r < rows; r++) row_ptrs[i][r] = block_rows[i].data() + r * row_width;
        arrays[i] = row_ptrs[i].data();
        image->plane_strides[i] = ci.downsampled_width;
        image->planes[i].assign(size_t(ci.downsampled_width) * ci.downsampled_height, 0);
    }
    for (JDIMENSION done = 0; done < c->output_height; done += rows_per_call) {
        jpeg_read_raw_data(c, arrays.data(), JDIMENSION(rows_per_call));
        for (int i = 0; i < components; i++) {
            const jpeg_component_info &ci = c->comp_info[i];
            const JDIMENSION first = done / c->max_v_samp_factor * ci.v_samp_factor;
            const int rows = ci.v_samp_factor * DCTSIZE;
            for (int r = 0; r < rows && first + r < ci.downsampled_height; r++)
                std::memcpy(image->planes[i].data() + (first + r) * image->plane_strides[i],
                            row_ptrs[i][r], ci.downsampled_width);
        }
    }
}

// YCCK stores inverted YCbCr; undo it so the planes are plain YCbCr.
void invert_ycck(InputImage *image) {
    for (uint8_t &v : image->planes[0]) v = uint8_t(255 - v);
    for (int i = 1; i < 3; i++)
        for (uint8_t &v : image->planes[i]) v = uint8_t(v == 0 ? 255 : 256 - v);
}

void read_interleaved_planes(j_decompress_ptr c, InputImage *image) {
    const int components = c->output_components;
    const size_t w = c->output_width, h = c->output_height;
    std::vector<uint8_t> row(w * components);
    for (int i = 0; i < components; i++) {
        image->planes[i].assign(w * h, 0);
        image->plane_strides[i] = w;
    }
    while (c->output_scanline < c->output_height) {
        const size_t y = c->output_scanline;
        JSAMPROW rp = row.data();
        jpeg_read_scanlines(c, &rp, 1);
        for (size_t x = 0; x < w; x++)
            for (int i = 0; i < components; i++) image->planes[i][y * w + x] = row[x * components + i];
    }
}

}  // namespace

bool read_jpeg(const std::string &bytes, bool keep_metadata, InputImage *image,
               std::string *error) {
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error;
    err.pub.emit_message = on_message;
    err.message[0] = 0;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        *error = std::string("JPEG: ") + err.message;
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char *>(bytes.data()),
                 (unsigned long)bytes.size());
    if (keep_metadata) {
        jpeg_save_markers(&cinfo, kApp1, 0xFFFF);
        jpeg_save_markers(&cinfo, kApp2, 0xFFFF);
    }
    jpeg_read_header(&cinfo, TRUE);
    if (!input_size_allowed(cinfo.image_width, cinfo.image_height, "JPEG", error)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    if (keep_metadata) collect_metadata(&cinfo, image);
    image->width = cinfo.image_width;
    image->height = cinfo.image_height;
    image->layout = BPGR_INPUT_PLANES;
    bool raw = false, ycck = false;
    switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
        cinfo.out_color_space = JCS_GRAYSCALE;
        image->plane_format = BPGR_FORMAT_GRAY;
        break;
    case JCS_YCbCr:
        image->plane_format = raw_format(cinfo, false);
        raw = image->plane_format != BPGR_FORMAT_GRAY;
        if (!raw) {
            cinfo.out_color_space = JCS_YCbCr;
            image->plane_format = BPGR_FORMAT_444;
        }
        image->plane_color_space = BPGR_CS_YCBCR;
        break;
    case JCS_YCCK:
        image->plane_format = raw_format(cinfo, true);
        raw = ycck = image->plane_format != BPGR_FORMAT_GRAY;
        if (raw) {
            image->plane_color_space = BPGR_CS_YCBCR;
            break;
        }
        [[fallthrough]];
    case JCS_CMYK:
        cinfo.out_color_space = JCS_CMYK;
        image->plane_format = BPGR_FORMAT_444;
        image->plane_color_space = BPGR_CS_RGB;
        break;
    default:
        cinfo.out_color_space = JCS_RGB;
        image->plane_format = BPGR_FORMAT_444;
        image->plane_color_space = BPGR_CS_RGB;
        break;
    }
    if (raw) {
        cinfo.raw_data_out = TRUE;
        cinfo.do_fancy_upsampling = FALSE;
    }
    jpeg_start_decompress(&cinfo);
    if (raw)
        read_raw_planes(&cinfo, image);
    else
        read_interleaved_planes(&cinfo, image);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    if (ycck) invert_ycck(image);
    image->extra_plane_is_w = !image->planes[3].empty();
    return true;
}

}  // namespace bpgr::cli
