/* bpgr gdk-pixbuf loader: a GdkPixbufAnimation holding every decoded frame.
 * SPDX-License-Identifier: LGPL-3.0-or-later
 *
 * Frame i is shown for delays_ms[i]; the whole sequence plays loop_count
 * times (0 = forever), after which iterators stay on the last frame and
 * report a delay of -1, as gdk-pixbuf's GIF animations do. The loop count
 * is also readable as the "loop-count" property. */
#ifndef BPGR_PIXBUF_BPG_ANIMATION_H
#define BPGR_PIXBUF_BPG_ANIMATION_H

#define GDK_PIXBUF_ENABLE_BACKEND
#include <gdk-pixbuf/gdk-pixbuf.h>
#undef GDK_PIXBUF_ENABLE_BACKEND

#include "bpg_frames.h"

G_BEGIN_DECLS

#define BPG_TYPE_ANIMATION (bpg_animation_get_type())
G_DECLARE_FINAL_TYPE(BpgAnimation, bpg_animation, BPG, ANIMATION, GdkPixbufAnimation)

/* Takes over the frames (at least one); *frames is left empty. */
GdkPixbufAnimation *bpg_animation_new(BpgFrames *frames);

G_END_DECLS

#endif
