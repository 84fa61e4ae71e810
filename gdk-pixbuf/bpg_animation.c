/* bpgr gdk-pixbuf loader: the animation and its iterator.
 * SPDX-License-Identifier: LGPL-3.0-or-later */
#include "bpg_animation.h"

/* GdkPixbufAnimation's virtual functions still take GTimeVal. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

struct _BpgAnimation {
    GdkPixbufAnimation parent;
    GPtrArray *pixbufs;  /* GdkPixbuf *, owned */
    GArray *delays_ms;   /* int */
    guint loop_count;
    gint64 total_ms;     /* one play of the sequence */
};

G_DEFINE_TYPE(BpgAnimation, bpg_animation, GDK_TYPE_PIXBUF_ANIMATION)

enum { PROP_0, PROP_LOOP_COUNT };

/* ---- iterator ---------------------------------------------------------- */

#define BPG_TYPE_ANIMATION_ITER (bpg_animation_iter_get_type())
G_DECLARE_FINAL_TYPE(BpgAnimationIter, bpg_animation_iter, BPG, ANIMATION_ITER, GdkPixbufAnimationIter)

struct _BpgAnimationIter {
    GdkPixbufAnimationIter parent;
    BpgAnimation *anim;  /* owned reference */
    gint64 start_ms;
    guint frame;
    gint64 position_ms;  /* elapsed time at the last advance */
    gint64 frame_end_ms; /* elapsed time at which the current frame ends; -1 = shown for ever */
};

G_DEFINE_TYPE(BpgAnimationIter, bpg_animation_iter, GDK_TYPE_PIXBUF_ANIMATION_ITER)

static gint64 timeval_ms(const GTimeVal *tv) {
    if (tv) return (gint64)tv->tv_sec * 1000 + tv->tv_usec / 1000;
    return g_get_real_time() / 1000;
}

static int delay_of(const BpgAnimation *anim, guint frame) {
    return g_array_index(anim->delays_ms, int, frame);
}

/* Places the iterator at `elapsed_ms` after its start. */
static void iter_seek(BpgAnimationIter *iter, gint64 elapsed_ms) {
    const BpgAnimation *anim = iter->anim;
    iter->position_ms = elapsed_ms;
    const guint last = anim->pixbufs->len - 1;
    if (anim->pixbufs->len == 1 || anim->total_ms <= 0) {
        iter->frame = 0;
        iter->frame_end_ms = -1;
        return;
    }
    if (anim->loop_count && elapsed_ms >= anim->total_ms * (gint64)anim->loop_count) {
        iter->frame = last;  /* played out: stay on the last frame */
        iter->frame_end_ms = -1;
        return;
    }
    const gint64 play_start = elapsed_ms - elapsed_ms % anim->total_ms;
    gint64 position = elapsed_ms % anim->total_ms, end = 0;
    guint frame = 0;
    for (;; ++frame) {
        end += delay_of(anim, frame);
        if (position < end || frame == last) break;
    }
    iter->frame = frame;
    iter->frame_end_ms = play_start + end;
}

static int bpg_animation_iter_get_delay_time(GdkPixbufAnimationIter *base) {
    BpgAnimationIter *iter = BPG_ANIMATION_ITER(base);
    if (iter->frame_end_ms < 0) return -1;
    /* What is left of the current frame at the last advance. */
    const gint64 left = iter->frame_end_ms - iter->position_ms;
    return left < 1 ? 1 : (int)left;
}

static GdkPixbuf *bpg_animation_iter_get_pixbuf(GdkPixbufAnimationIter *base) {
    BpgAnimationIter *iter = BPG_ANIMATION_ITER(base);
    return g_ptr_array_index(iter->anim->pixbufs, iter->frame);
}

static gboolean bpg_animation_iter_on_currently_loading_frame(GdkPixbufAnimationIter *base) {
    (void)base;
    return FALSE;  /* every frame is decoded before the animation exists */
}

static gboolean bpg_animation_iter_advance(GdkPixbufAnimationIter *base, const GTimeVal *current_time) {
    BpgAnimationIter *iter = BPG_ANIMATION_ITER(base);
    gint64 now = timeval_ms(current_time);
    if (now < iter->start_ms) iter->start_ms = now;  /* the clock went back */
    const guint before = iter->frame;
    iter_seek(iter, now - iter->start_ms);
    return iter->frame != before;
}

static void bpg_animation_iter_finalize(GObject *object) {
    BpgAnimationIter *iter = BPG_ANIMATION_ITER(object);
    g_clear_object(&iter->anim);
    G_OBJECT_CLASS(bpg_animation_iter_parent_class)->finalize(object);
}

static void bpg_animation_iter_class_init(BpgAnimationIterClass *klass) {
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    GdkPixbufAnimationIterClass *iter_class = GDK_PIXBUF_ANIMATION_ITER_CLASS(klass);
    object_class->finalize = bpg_animation_iter_finalize;
    iter_class->get_delay_time = bpg_animation_iter_get_delay_time;
    iter_class->get_pixbuf = bpg_animation_iter_get_pixbuf;
    iter_class->on_currently_loading_frame = bpg_animation_iter_on_currently_loading_frame;
    iter_class->advance = bpg_animation_iter_advance;
}

static void bpg_animation_iter_init(BpgAnimationIter *iter) {
    (void)iter;
}

/* ---- animation --------------------------------------------------------- */

static gboolean bpg_animation_is_static_image(GdkPixbufAnimation *base) {
    return BPG_ANIMATION(base)->pixbufs->len == 1;
}

static GdkPixbuf *bpg_animation_get_static_image(GdkPixbufAnimation *base) {
    return g_ptr_array_index(BPG_ANIMATION(base)->pixbufs, 0);
}

static void bpg_animation_get_size(GdkPixbufAnimation *base, int *width, int *height) {
    GdkPixbuf *first = bpg_animation_get_static_image(base);
    if (width) *width = gdk_pixbuf_get_width(first);
    if (height) *height = gdk_pixbuf_get_height(first);
}

static GdkPixbufAnimationIter *bpg_animation_get_iter(GdkPixbufAnimation *base, const GTimeVal *start_time) {
    BpgAnimationIter *iter = g_object_new(BPG_TYPE_ANIMATION_ITER, NULL);
    iter->anim = g_object_ref(BPG_ANIMATION(base));
    iter->start_ms = timeval_ms(start_time);
    iter_seek(iter, 0);
    return GDK_PIXBUF_ANIMATION_ITER(iter);
}

static void bpg_animation_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec) {
    BpgAnimation *anim = BPG_ANIMATION(object);
    if (prop_id == PROP_LOOP_COUNT)
        g_value_set_uint(value, anim->loop_count);
    else
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static void bpg_animation_finalize(GObject *object) {
    BpgAnimation *anim = BPG_ANIMATION(object);
    g_clear_pointer(&anim->pixbufs, g_ptr_array_unref);
    g_clear_pointer(&anim->delays_ms, g_array_unref);
    G_OBJECT_CLASS(bpg_animation_parent_class)->finalize(object);
}

static void bpg_animation_class_init(BpgAnimationClass *klass) {
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    GdkPixbufAnimationClass *anim_class = GDK_PIXBUF_ANIMATION_CLASS(klass);
    object_class->finalize = bpg_animation_finalize;
    object_class->get_property = bpg_animation_get_property;
    anim_class->is_static_image = bpg_animation_is_static_image;
    anim_class->get_static_image = bpg_animation_get_static_image;
    anim_class->get_size = bpg_animation_get_size;
    anim_class->get_iter = bpg_animation_get_iter;
    g_object_class_install_property(
        object_class, PROP_LOOP_COUNT,
        g_param_spec_uint("loop-count", "Loop count", "Plays of the whole animation, 0 = forever", 0,
                          G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static void bpg_animation_init(BpgAnimation *anim) {
    (void)anim;
}

GdkPixbufAnimation *bpg_animation_new(BpgFrames *frames) {
    g_return_val_if_fail(frames->pixbufs && frames->pixbufs->len > 0, NULL);
    BpgAnimation *anim = g_object_new(BPG_TYPE_ANIMATION, NULL);
    anim->pixbufs = g_steal_pointer(&frames->pixbufs);
    anim->delays_ms = g_steal_pointer(&frames->delays_ms);
    anim->loop_count = frames->loop_count;
    for (guint i = 0; i < anim->delays_ms->len; ++i) anim->total_ms += delay_of(anim, i);
    bpg_frames_clear(frames);
    return GDK_PIXBUF_ANIMATION(anim);
}

G_GNUC_END_IGNORE_DEPRECATIONS
