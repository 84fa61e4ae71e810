#include "info_printer.h"

#include <climits>

#include "bpgr/libbpg.h"

namespace bpgr::cli {

namespace {

const char *const kFormatNames[] = {"Gray", "4:2:0", "4:2:2", "4:4:4", "4:2:0_video",
                                    "4:2:2_video"};
const char *const kColorSpaceNames[] = {"YCbCr", "RGB", "YCgCo", "YCbCr_BT709",
                                        "YCbCr_BT2020"};

const char *extension_name(int tag) {
    switch (tag) {
    case 1: return "EXIF";
    case 2: return "ICC profile";
    case 3: return "XMP";
    case 4: return "Thumbnail";
    case 5: return "Animation control";
    default: return "Unknown";
    }
}

template <size_t N>
const char *name_or_unknown(const char *const (&names)[N], unsigned index) {
    return index < N ? names[index] : "?";
}

}  // namespace

bool print_image_info(const std::string &bytes, std::FILE *out) {
    BPGImageInfo info;
    BPGExtensionData *extensions = nullptr;
    const int size = bytes.size() > size_t(INT_MAX) ? INT_MAX : int(bytes.size());
    if (bpg_decoder_get_info_from_buf(&info, &extensions,
                                      reinterpret_cast<const uint8_t *>(bytes.data()), size) < 0)
        return false;

    std::fprintf(out, "size=%dx%d color_space=%s", int(info.width), int(info.height),
                 info.format == 0 ? "Gray" : name_or_unknown(kColorSpaceNames, info.color_space));
    if (info.has_w_plane) std::fprintf(out, " w_plane=%d", info.has_w_plane);
    if (info.has_alpha)
        std::fprintf(out, " alpha=%d premul=%d", info.has_alpha, info.premultiplied_alpha);
    std::fprintf(out, " format=%s limited_range=%d bit_depth=%d animation=%d\n",
                 name_or_unknown(kFormatNames, info.format), info.limited_range, info.bit_depth,
                 info.has_animation);
    if (extensions) {
        std::fprintf(out, "Extension data:\n");
        for (const BPGExtensionData *ext = extensions; ext; ext = ext->next)
            std::fprintf(out, "  tag=%d (%s) length=%d\n", int(ext->tag),
                         extension_name(int(ext->tag)), int(ext->buf_len));
    }
    bpg_decoder_free_extension_data(extensions);
    return true;
}

}  // namespace bpgr::cli
