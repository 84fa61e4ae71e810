/* bpgr gdk-pixbuf loader: a complete BPG file decoded into pixbufs.
 * SPDX-License-Identifier: LGPL-3.0-or-later
 *
 * Uses only libbpgdec's public API. Every frame becomes an 8-bit RGB or RGBA
 * (straight alpha) GdkPixbuf: the library's RGB24 / RGBA32 output, which
 * already reduces 10..14-bit samples to 8 bits and converts CMYK (W-plane)
 * files to RGB. An embedded ICC profile is attached to every frame as the
 * "icc-profile" option (base64, as gdk-pixbuf's own loaders do). */
#ifndef BPGR_PIXBUF_BPG_FRAMES_H
#define BPGR_PIXBUF_BPG_FRAMES_H

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/* Opt-in restoration: set to a built-in model name ("default", "paper") or a
 * model file path to restore every picture the loader decodes. */
#define BPG_RESTORE_ENV "BPGR_PIXBUF_RESTORE_MODEL"

/* Frames shorter than this are shown this long (a 0 ms frame would make a
 * viewer spin). */
#define BPG_MIN_FRAME_DELAY_MS 10

typedef struct {
    GPtrArray *pixbufs;   /* GdkPixbuf *, one per frame, owned */
    GArray *delays_ms;    /* int per frame; 0 for still images */
    guint loop_count;     /* plays of the whole animation, 0 = forever */
    gboolean animated;    /* the header's animation flag */
} BpgFrames;

typedef enum {
    BPG_PROBE_NEED_MORE,  /* the header or extension block is not complete yet */
    BPG_PROBE_SIZE_KNOWN,
    BPG_PROBE_FAILED      /* *error set: more data cannot make this a valid file */
} BpgProbeResult;

/* Header-only look at the first `size` bytes of a file. */
BpgProbeResult bpg_probe_size(const guint8 *data, gsize size, int *width, int *height,
                              GError **error);

/* Largest file the loader buffers: the library's default max_file_bytes. */
guint64 bpg_max_file_bytes(void);

/* Decodes every frame of a complete file into *frames (zeroed by the caller).
 * On failure returns FALSE with *error holding the library's message and
 * frames left empty. */
gboolean bpg_frames_decode(const guint8 *data, gsize size, BpgFrames *frames, GError **error);

void bpg_frames_clear(BpgFrames *frames);

G_END_DECLS

#endif
