/* bpgr gdk-pixbuf loader: decoding a complete file into frames.
 * SPDX-License-Identifier: LGPL-3.0-or-later */
#include "bpg_frames.h"

#include <stdlib.h>
#include <string.h>

#include "bpgr/decoder.h"

static GdkPixbufError pixbuf_error_code(bpgr_status status) {
    switch (status) {
    case BPGR_ERR_OUT_OF_MEMORY:
    case BPGR_ERR_LIMIT_EXCEEDED:
        return GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY;
    case BPGR_ERR_UNSUPPORTED:
        return GDK_PIXBUF_ERROR_UNSUPPORTED_OPERATION;
    case BPGR_ERR_POSTFILTER:
    case BPGR_ERR_INTERNAL:
    case BPGR_ERR_INVALID_ARGUMENT:
        return GDK_PIXBUF_ERROR_FAILED;
    default:
        return GDK_PIXBUF_ERROR_CORRUPT_IMAGE;
    }
}

/* "<library message> (<status name>)"; the message alone names the problem. */
static void set_library_error(GError **error, bpgr_status status, const char *message) {
    g_set_error(error, GDK_PIXBUF_ERROR, pixbuf_error_code(status), "%s (%s)",
                message && *message ? message : "BPG decoding failed", bpgr_status_string(status));
}

BpgProbeResult bpg_probe_size(const guint8 *data, gsize size, int *width, int *height,
                              GError **error) {
    bpgr_image_info info;
    char message[256] = "";
    bpgr_status st = bpgr_probe(data, size, NULL, &info, message, sizeof message);
    if (st == BPGR_ERR_TRUNCATED) return BPG_PROBE_NEED_MORE;
    if (st != BPGR_OK) {
        set_library_error(error, st, message);
        return BPG_PROBE_FAILED;
    }
    if (info.width > G_MAXINT || info.height > G_MAXINT) {
        g_set_error(error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY,
                    "picture %ux%u is too large for a GdkPixbuf", info.width, info.height);
        return BPG_PROBE_FAILED;
    }
    *width = (int)info.width;
    *height = (int)info.height;
    return BPG_PROBE_SIZE_KNOWN;
}

guint64 bpg_max_file_bytes(void) {
    bpgr_limits limits;
    bpgr_default_limits(&limits);
    return limits.max_file_bytes ? limits.max_file_bytes : G_MAXUINT64;
}

void bpg_frames_clear(BpgFrames *frames) {
    if (frames->pixbufs) g_ptr_array_unref(frames->pixbufs);
    if (frames->delays_ms) g_array_unref(frames->delays_ms);
    memset(frames, 0, sizeof *frames);
}

/* The decoder handle, with restoration when the user opted in. */
static bpgr_decoder *create_decoder(GError **error) {
    bpgr_decoder_settings settings;
    bpgr_decoder_default_settings(&settings);
    settings.keep_extensions = 1;  /* for the ICC profile */
    const char *model = g_getenv(BPG_RESTORE_ENV);
    if (model && *model) {
        settings.restore = 1;
        settings.restore_model = model;
    }
    bpgr_decoder *dec = NULL;
    bpgr_status st = bpgr_decoder_create(&settings, &dec);
    if (st != BPGR_OK) {
        g_set_error(error, GDK_PIXBUF_ERROR, pixbuf_error_code(st), "%s=%s: %s (%s)", BPG_RESTORE_ENV,
                    model ? model : "", dec ? bpgr_decoder_last_error(dec) : "cannot create the decoder",
                    bpgr_status_string(st));
        bpgr_decoder_destroy(dec);
        return NULL;
    }
    return dec;
}

/* The ICC profile extension as base64, or NULL. */
static gchar *icc_profile_base64(const bpgr_decoder *dec, const bpgr_image_info *info) {
    for (uint32_t i = 0; i < info->extension_count; ++i) {
        uint32_t tag = 0;
        const uint8_t *bytes = NULL;
        size_t size = 0;
        if (bpgr_decoder_get_extension(dec, i, &tag, &bytes, &size) == BPGR_OK &&
            tag == BPGR_EXT_ICC_PROFILE && size > 0)
            return g_base64_encode(bytes, size);
    }
    return NULL;
}

static int frame_delay_ms(const bpgr_decoder *dec) {
    uint32_t num = 0, den = 1;
    if (bpgr_decoder_frame_duration(dec, &num, &den) != BPGR_OK || den == 0) return BPG_MIN_FRAME_DELAY_MS;
    guint64 ms = ((guint64)num * 1000 + den / 2) / den;
    if (ms > G_MAXINT) ms = G_MAXINT;
    return ms < BPG_MIN_FRAME_DELAY_MS ? BPG_MIN_FRAME_DELAY_MS : (int)ms;
}

/* Converts the decoder's current frame into a new pixbuf. */
static GdkPixbuf *current_frame(bpgr_decoder *dec, const bpgr_image_info *info, const gchar *icc,
                                GError **error) {
    const gboolean alpha = info->has_alpha != 0;
    GdkPixbuf *pixbuf = gdk_pixbuf_new(GDK_COLORSPACE_RGB, alpha, 8, (int)info->width, (int)info->height);
    if (!pixbuf) {
        g_set_error(error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY,
                    "not enough memory for a %ux%u picture", info->width, info->height);
        return NULL;
    }
    bpgr_status st = bpgr_decoder_read_frame(dec, alpha ? BPGR_OUTPUT_RGBA32 : BPGR_OUTPUT_RGB24,
                                             gdk_pixbuf_get_pixels(pixbuf), gdk_pixbuf_get_rowstride(pixbuf));
    if (st != BPGR_OK) {
        set_library_error(error, st, bpgr_decoder_last_error(dec));
        g_object_unref(pixbuf);
        return NULL;
    }
    if (icc) gdk_pixbuf_set_option(pixbuf, "icc-profile", icc);
    return pixbuf;
}

static gboolean decode_all(bpgr_decoder *dec, const guint8 *data, gsize size, BpgFrames *frames,
                           GError **error) {
    bpgr_status st = bpgr_decoder_open(dec, data, size);
    if (st != BPGR_OK) {
        set_library_error(error, st, bpgr_decoder_last_error(dec));
        return FALSE;
    }
    bpgr_image_info info;
    bpgr_decoder_get_info(dec, &info);
    if (info.width > G_MAXINT || info.height > G_MAXINT) {
        g_set_error(error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY,
                    "picture %ux%u is too large for a GdkPixbuf", info.width, info.height);
        return FALSE;
    }
    /* Decoded frames stay in memory as pixbufs: the library's memory limit
     * bounds their total. */
    bpgr_limits limits;
    bpgr_default_limits(&limits);
    const guint64 frame_bytes = (guint64)info.width * info.height * (info.has_alpha ? 4 : 3);
    gchar *icc = icc_profile_base64(dec, &info);
    frames->animated = info.has_animation != 0;
    frames->loop_count = info.loop_count;
    gboolean ok = TRUE;
    do {
        const guint64 total = frame_bytes * (frames->pixbufs->len + 1);
        if (limits.max_memory_bytes && total > limits.max_memory_bytes) {
            g_set_error(error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY,
                        "animation frames need more than the memory limit of %" G_GUINT64_FORMAT
                        " bytes (frame %u)", (guint64)limits.max_memory_bytes, frames->pixbufs->len);
            ok = FALSE;
            break;
        }
        GdkPixbuf *pixbuf = current_frame(dec, &info, icc, error);
        if (!pixbuf) {
            ok = FALSE;
            break;
        }
        g_ptr_array_add(frames->pixbufs, pixbuf);
        int delay = frames->animated ? frame_delay_ms(dec) : 0;
        g_array_append_val(frames->delays_ms, delay);
    } while ((st = bpgr_decoder_next_frame(dec)) == BPGR_OK);
    if (ok && st != BPGR_END_OF_STREAM) {
        set_library_error(error, st, bpgr_decoder_last_error(dec));
        ok = FALSE;
    }
    g_free(icc);
    return ok;
}

gboolean bpg_frames_decode(const guint8 *data, gsize size, BpgFrames *frames, GError **error) {
    bpgr_decoder *dec = create_decoder(error);
    if (!dec) return FALSE;
    frames->pixbufs = g_ptr_array_new_with_free_func(g_object_unref);
    frames->delays_ms = g_array_new(FALSE, FALSE, sizeof(int));
    gboolean ok = decode_all(dec, data, size, frames, error);
    bpgr_decoder_destroy(dec);
    if (!ok) bpg_frames_clear(frames);
    return ok;
}
