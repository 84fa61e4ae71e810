/* bpgr: BPG encoder on x265, C API.
 * SPDX-License-Identifier: GPL-2.0-or-later (links x265)
 *
 * Typical use (still image):
 *
 *   bpgr_encoder_settings s;
 *   bpgr_encoder_default_settings(&s);
 *   s.qp = 28;
 *   bpgr_input_image img = {0};
 *   img.width = w; img.height = h; img.layout = BPGR_INPUT_RGB;
 *   img.sample_bits = 8; img.pixels = rgb; img.stride = 3 * w;
 *   uint8_t *bpg; size_t bpg_size;
 *   char msg[256];
 *   if (bpgr_encode(&s, &img, &bpg, &bpg_size, msg, sizeof msg) < 0) ...;
 *   fwrite(bpg, 1, bpg_size, f);
 *   bpgr_encoder_free(bpg);
 *
 * Animations and metadata use a handle: bpgr_encoder_create, then
 * bpgr_encoder_add_extension (any number, any time before finish),
 * bpgr_encoder_add_frame once per frame, bpgr_encoder_finish.
 *
 * Files follow libbpg 0.9.8's bpgenc (x265 path): the QP convention is the
 * reference's (x265 codes I slices at max(0, qp - 3)), colour conversion and
 * chroma decimation are the reference's integer arithmetic. No call throws;
 * every fallible call returns a bpgr_status (see bpgr/status.h) and the
 * handle keeps a sentence describing the failure. */
#ifndef BPGR_ENCODER_H
#define BPGR_ENCODER_H

#include <stddef.h>
#include <stdint.h>

#include "bpgr/export.h"
#include "bpgr/format.h"
#include "bpgr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bpgr_encoder bpgr_encoder;

#define BPGR_ENCODER_SETTINGS_VERSION 1u
typedef struct bpgr_encoder_settings {
    uint32_t version;                /* BPGR_ENCODER_SETTINGS_VERSION */
    int qp;                          /* 0..51; default 29 */
    int alpha_qp;                    /* 0..51 for the alpha plane; -1 (default) = qp */
    bpgr_pixel_format chroma_format; /* preferred format, used when the source is
                                        4:4:4 and not RGB; BPGR_FORMAT_GRAY is
                                        invalid here. Default BPGR_FORMAT_420 */
    bpgr_color_space color_space;    /* for RGB(A) input; default BPGR_CS_YCBCR.
                                        RGB always stays 4:4:4. Ignored for gray
                                        and plane input */
    int bit_depth;                   /* 8..12; default 8 */
    int lossless;                    /* lossless HEVC coding; default 0. Only
                                        exact with RGB/4:4:4 or gray at 8 bits from
                                        8-bit sources (as the reference's -lossless) */
    int compress_level;              /* 1..9 (out of range values are clamped);
                                        x265 preset superfast..placebo; default 8 */
    int limited_range;               /* video range, RGB(A)/gray input only; default 0 */
    int premultiply_alpha;           /* store colour premultiplied by alpha
                                        (alpha2_flag); default 0 */
    int hash;                        /* MD5 decoded picture hash SEI; default 0 */
    int threads;                     /* x265 worker threads; 0 (default) = auto */
    int verbose;                     /* x265 log to stderr; default 0 */
    /* Animation. */
    int animated;                    /* default 0: exactly one frame */
    uint16_t loop_count;             /* 0 (default) = forever */
    uint16_t frame_period_num;       /* seconds per tick = num / den; default 1 */
    uint16_t frame_period_den;       /* default 25 */
} bpgr_encoder_settings;

typedef enum bpgr_input_layout {
    /* Interleaved samples, uint8 (sample_bits 8) or native-endian uint16
     * (sample_bits 16); converted with settings.color_space. */
    BPGR_INPUT_GRAY = 0,
    BPGR_INPUT_GRAY_ALPHA = 1,
    BPGR_INPUT_RGB = 2,
    BPGR_INPUT_RGBA = 3,
    /* Separate 8-bit planes already in plane_color_space / plane_format
     * (e.g. JPEG raw data); rescaled to the bit depth, never colour converted. */
    BPGR_INPUT_PLANES = 4
} bpgr_input_layout;

typedef struct bpgr_input_image {
    uint32_t width, height;          /* 1..65535 each */
    bpgr_input_layout layout;
    /* Interleaved layouts. */
    int sample_bits;                 /* 8 or 16 */
    const void *pixels;
    ptrdiff_t stride;                /* bytes per row */
    int alpha_premultiplied;         /* the colour samples are already
                                        premultiplied (then premultiply_alpha
                                        does not multiply again) */
    /* BPGR_INPUT_PLANES. planes[0..2]: Y Cb Cr (YCbCr) or R G B (RGB); gray
     * uses planes[0] only. Chroma planes of 4:2:0 / 4:2:2 are ceil(W/2) wide
     * (and ceil(H/2) high for 4:2:0), JPEG siting. planes[3]: extra plane
     * (W x H) or NULL. */
    bpgr_pixel_format plane_format;  /* GRAY, 420, 422 or 444 */
    bpgr_color_space plane_color_space; /* YCBCR or RGB */
    const uint8_t *planes[4];
    ptrdiff_t plane_strides[4];      /* bytes per row */
    int extra_plane_is_w;            /* planes[3] is a CMYK "W" plane, not alpha */
} bpgr_input_image;

BPGR_API void bpgr_encoder_default_settings(bpgr_encoder_settings *settings);

/* Creates an encoder. BPGR_ERR_INVALID_ARGUMENT on NULL pointers, a wrong
 * settings version or an out-of-range value (then *out is NULL). The x265
 * encoders are opened by the first frame. */
BPGR_API bpgr_status bpgr_encoder_create(const bpgr_encoder_settings *settings, bpgr_encoder **out);
BPGR_API void bpgr_encoder_destroy(bpgr_encoder *enc);

/* The sentence describing the last failure on this handle ("" if none). */
BPGR_API const char *bpgr_encoder_last_error(const bpgr_encoder *enc);

/* Adds a metadata record (BPGR_EXT_EXIF, BPGR_EXT_ICC_PROFILE, BPGR_EXT_XMP or
 * any tag other than BPGR_EXT_ANIMATION_CONTROL, which the encoder writes
 * itself). Records are written in call order. The data is copied. */
BPGR_API bpgr_status bpgr_encoder_add_extension(bpgr_encoder *enc, uint32_t tag, const uint8_t *data,
                                                size_t size);

/* Encodes one frame. All frames must have the same size and layout. A
 * second frame needs settings.animated. duration_ticks (1..65535, in frame
 * periods) is only used for animations. Errors: BPGR_ERR_INVALID_ARGUMENT
 * (bad image description), BPGR_ERR_UNSUPPORTED, BPGR_ERR_ENCODE (x265),
 * BPGR_ERR_OUT_OF_MEMORY. */
BPGR_API bpgr_status bpgr_encoder_add_frame(bpgr_encoder *enc, const bpgr_input_image *image,
                                            uint32_t duration_ticks);

/* Flushes x265 and returns the whole BPG file in *out (malloc'ed, owned by
 * the caller, free with bpgr_encoder_free). At least one frame is needed.
 * The handle can only be destroyed afterwards. */
BPGR_API bpgr_status bpgr_encoder_finish(bpgr_encoder *enc, uint8_t **out, size_t *out_size);

BPGR_API void bpgr_encoder_free(void *p);

/* One-shot still image: create + add_frame + finish + destroy. On failure
 * `msg` (if not NULL) receives the sentence (msg_size bytes, NUL-terminated). */
BPGR_API bpgr_status bpgr_encode(const bpgr_encoder_settings *settings, const bpgr_input_image *image,
                                 uint8_t **out, size_t *out_size, char *msg, size_t msg_size);

#ifdef __cplusplus
}
#endif
#endif
