/* bpgr gdk-pixbuf loader module (libpixbufloader-bpg.so): format
 * registration and incremental loading.
 * SPDX-License-Identifier: LGPL-3.0-or-later
 *
 * libbpgdec decodes from a complete buffer, so load_increment collects the
 * bytes (announcing the size as soon as the header is complete, and failing
 * early on data that can never become a BPG file) and stop_load decodes
 * every frame. Still images are handed over as a pixbuf, animations as a
 * BpgAnimation. */
#define GDK_PIXBUF_ENABLE_BACKEND
#include <gdk-pixbuf/gdk-pixbuf-io.h>
#undef GDK_PIXBUF_ENABLE_BACKEND

#include "bpg_animation.h"
#include "bpg_frames.h"

/* First header probe at this many bytes, then each time the buffer doubles,
 * so 1-byte increments cost O(n log n) probing, not O(n^2). */
#define FIRST_PROBE_BYTES 16

typedef struct {
    GdkPixbufModuleSizeFunc size_func;
    GdkPixbufModulePreparedFunc prepared_func;
    GdkPixbufModuleUpdatedFunc updated_func;
    gpointer user_data;
    GByteArray *data;
    gsize next_probe_bytes;
    gboolean size_announced;
    gboolean cancelled;  /* the size callback asked for a 0x0 picture */
    GError *failure;     /* why load_increment failed; stop_load reports it again */
} BpgLoadContext;

static void free_context(BpgLoadContext *ctx) {
    g_byte_array_unref(ctx->data);
    g_clear_error(&ctx->failure);
    g_free(ctx);
}

/* Tells the host the picture size; FALSE if it answered 0x0 (only wanted the size). */
static gboolean announce_size(BpgLoadContext *ctx, int width, int height) {
    ctx->size_announced = TRUE;
    if (ctx->size_func) {
        ctx->size_func(&width, &height, ctx->user_data);
        if (width == 0 || height == 0) ctx->cancelled = TRUE;
    }
    return !ctx->cancelled;
}

static gpointer bpg_begin_load(GdkPixbufModuleSizeFunc size_func, GdkPixbufModulePreparedFunc prepared_func,
                               GdkPixbufModuleUpdatedFunc updated_func, gpointer user_data, GError **error) {
    (void)error;
    BpgLoadContext *ctx = g_new0(BpgLoadContext, 1);
    ctx->size_func = size_func;
    ctx->prepared_func = prepared_func;
    ctx->updated_func = updated_func;
    ctx->user_data = user_data;
    ctx->data = g_byte_array_new();
    ctx->next_probe_bytes = FIRST_PROBE_BYTES;
    return ctx;
}

/* Records the failure (the buffer is no longer needed) and reports it. */
static gboolean fail_increment(BpgLoadContext *ctx, GError *failure, GError **error) {
    ctx->failure = failure;
    g_byte_array_set_size(ctx->data, 0);
    g_propagate_error(error, g_error_copy(failure));
    return FALSE;
}

static gboolean bpg_load_increment(gpointer context, const guchar *buf, guint size, GError **error) {
    BpgLoadContext *ctx = context;
    if (ctx->failure) {
        g_propagate_error(error, g_error_copy(ctx->failure));
        return FALSE;
    }
    if (ctx->cancelled) return TRUE;
    if ((guint64)ctx->data->len + size > bpg_max_file_bytes()) {
        return fail_increment(ctx,
                              g_error_new(GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY,
                                          "file is more than %" G_GUINT64_FORMAT
                                          " bytes, the decoder's file size limit",
                                          bpg_max_file_bytes()),
                              error);
    }
    g_byte_array_append(ctx->data, buf, size);
    if (ctx->size_announced || ctx->data->len < ctx->next_probe_bytes) return TRUE;

    int width = 0, height = 0;
    GError *probe_error = NULL;
    switch (bpg_probe_size(ctx->data->data, ctx->data->len, &width, &height, &probe_error)) {
    case BPG_PROBE_NEED_MORE:
        ctx->next_probe_bytes = (gsize)ctx->data->len * 2;
        return TRUE;
    case BPG_PROBE_FAILED:
        return fail_increment(ctx, probe_error, error);
    case BPG_PROBE_SIZE_KNOWN:
        break;
    }
    if (!announce_size(ctx, width, height)) g_byte_array_set_size(ctx->data, 0);
    return TRUE;
}

/* Decodes the collected file and hands the result to the host. */
static gboolean finish_load(BpgLoadContext *ctx, GError **error) {
    if (ctx->failure) {
        g_propagate_error(error, g_error_copy(ctx->failure));
        return FALSE;
    }
    if (ctx->cancelled) {
        g_set_error_literal(error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_FAILED,
                            "BPG loading stopped: the caller asked for a 0x0 picture");
        return FALSE;
    }
    BpgFrames frames = {0};
    if (!bpg_frames_decode(ctx->data->data, ctx->data->len, &frames, error)) return FALSE;
    g_byte_array_set_size(ctx->data, 0);

    GdkPixbuf *first = g_object_ref(g_ptr_array_index(frames.pixbufs, 0));
    const int width = gdk_pixbuf_get_width(first), height = gdk_pixbuf_get_height(first);
    gboolean ok = TRUE;
    if (!ctx->size_announced && !announce_size(ctx, width, height)) {
        g_set_error_literal(error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_FAILED,
                            "BPG loading stopped: the caller asked for a 0x0 picture");
        ok = FALSE;
    } else {
        GdkPixbufAnimation *anim = frames.animated ? bpg_animation_new(&frames) : NULL;
        if (ctx->prepared_func) ctx->prepared_func(first, anim, ctx->user_data);
        if (ctx->updated_func) ctx->updated_func(first, 0, 0, width, height, ctx->user_data);
        if (anim) g_object_unref(anim);
    }
    g_object_unref(first);
    bpg_frames_clear(&frames);
    return ok;
}

static gboolean bpg_stop_load(gpointer context, GError **error) {
    BpgLoadContext *ctx = context;
    gboolean ok = finish_load(ctx, error);
    free_context(ctx);
    return ok;
}

G_MODULE_EXPORT void fill_vtable(GdkPixbufModule *module);
G_MODULE_EXPORT void fill_info(GdkPixbufFormat *info);

G_MODULE_EXPORT void fill_vtable(GdkPixbufModule *module) {
    module->begin_load = bpg_begin_load;
    module->stop_load = bpg_stop_load;
    module->load_increment = bpg_load_increment;
}

G_MODULE_EXPORT void fill_info(GdkPixbufFormat *info) {
    static GdkPixbufModulePattern signature[] = {
        {(char *)"BPG\xfb", NULL, 100},
        {NULL, NULL, 0},
    };
    static gchar *mime_types[] = {(gchar *)"image/x-bpg", NULL};
    static gchar *extensions[] = {(gchar *)"bpg", NULL};
    info->name = (gchar *)"bpg";
    info->signature = signature;
    info->description = (gchar *)"BPG (Better Portable Graphics) image";
    info->mime_types = mime_types;
    info->extensions = extensions;
    info->flags = GDK_PIXBUF_FORMAT_THREADSAFE;
    info->license = (gchar *)"LGPL";
}
