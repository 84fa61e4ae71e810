#include "pixbuf_support.h"

#include <cstring>

namespace pixbuf_test {

GdkPixbufAnimation *load_in_chunks(const std::vector<uint8_t> &bytes, size_t chunk, GError **error) {
    GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_type("bpg", error);
    if (!loader) return nullptr;
    if (chunk == 0) chunk = bytes.size() ? bytes.size() : 1;
    bool ok = true;
    for (size_t pos = 0; ok && pos < bytes.size(); pos += chunk) {
        const size_t n = std::min(chunk, bytes.size() - pos);
        ok = gdk_pixbuf_loader_write(loader, bytes.data() + pos, n, error);
    }
    // After a failed write the loader is already closed; closing again is a no-op.
    if (ok) ok = gdk_pixbuf_loader_close(loader, error);
    else gdk_pixbuf_loader_close(loader, nullptr);
    GdkPixbufAnimation *anim = nullptr;
    if (ok) {
        anim = gdk_pixbuf_loader_get_animation(loader);
        if (anim) g_object_ref(anim);
    }
    g_object_unref(loader);
    return anim;
}

std::string compare_frame(GdkPixbuf *pixbuf, const ReferenceImage &ref, size_t frame) {
    if (!pixbuf) return "no pixbuf";
    const int channels = ref.alpha ? 4 : 3;
    if (gdk_pixbuf_get_width(pixbuf) != int(ref.width) || gdk_pixbuf_get_height(pixbuf) != int(ref.height))
        return "size " + std::to_string(gdk_pixbuf_get_width(pixbuf)) + "x" +
               std::to_string(gdk_pixbuf_get_height(pixbuf)) + ", expected " + std::to_string(ref.width) + "x" +
               std::to_string(ref.height);
    if (gdk_pixbuf_get_n_channels(pixbuf) != channels || bool(gdk_pixbuf_get_has_alpha(pixbuf)) != ref.alpha ||
        gdk_pixbuf_get_bits_per_sample(pixbuf) != 8 || gdk_pixbuf_get_colorspace(pixbuf) != GDK_COLORSPACE_RGB)
        return "layout: " + std::to_string(gdk_pixbuf_get_n_channels(pixbuf)) + " channels, " +
               std::to_string(gdk_pixbuf_get_bits_per_sample(pixbuf)) + " bits, expected " +
               std::to_string(channels) + " channels of 8 bits";
    const guint8 *pixels = gdk_pixbuf_read_pixels(pixbuf);
    const int stride = gdk_pixbuf_get_rowstride(pixbuf);
    const size_t row = size_t{ref.width} * channels;
    for (uint32_t y = 0; y < ref.height; ++y) {
        const uint8_t *expected = ref.frames[frame].data() + y * row;
        const guint8 *got = pixels + size_t(y) * stride;
        if (std::memcmp(expected, got, row) != 0) {
            size_t x = 0;
            while (expected[x] == got[x]) ++x;
            return "pixels differ from the library's decode at row " + std::to_string(y) + ", x " +
                   std::to_string(x / channels) + " channel " + std::to_string(x % channels) + ": " +
                   std::to_string(got[x]) + " vs " + std::to_string(expected[x]);
        }
    }
    return "";
}

void make_warnings_fatal() {
    g_log_set_always_fatal(static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL |
                                                       G_LOG_FATAL_MASK));
}

}  // namespace pixbuf_test
