/* bpgr: libbpg 0.9.8 compatible decoder API.
 * SPDX-License-Identifier: LGPL-3.0-or-later
 *
 * Same names, types and semantics as libbpg.h from libbpg 0.9.8, so existing
 * libbpg users relink against libbpgdec without code changes. Pixels are
 * bit-exact with the reference. bpgr additions are prefixed bpgr_. */
#ifndef BPGR_LIBBPG_H
#define BPGR_LIBBPG_H

#include <inttypes.h>

#include "bpgr/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct BPGDecoderContext BPGDecoderContext;

typedef enum {
    BPG_FORMAT_GRAY,
    BPG_FORMAT_420,
    BPG_FORMAT_422,
    BPG_FORMAT_444,
    BPG_FORMAT_420_VIDEO,
    BPG_FORMAT_422_VIDEO
} BPGImageFormatEnum;

typedef enum {
    BPG_CS_YCbCr,
    BPG_CS_RGB,
    BPG_CS_YCgCo,
    BPG_CS_YCbCr_BT709,
    BPG_CS_YCbCr_BT2020,
    BPG_CS_COUNT
} BPGColorSpaceEnum;

typedef struct {
    uint32_t width;
    uint32_t height;
    uint8_t format;              /* BPGImageFormatEnum */
    uint8_t has_alpha;
    uint8_t color_space;         /* BPGColorSpaceEnum */
    uint8_t bit_depth;
    uint8_t premultiplied_alpha;
    uint8_t has_w_plane;
    uint8_t limited_range;
    uint8_t has_animation;
    uint16_t loop_count;         /* animations: 0 = infinite */
} BPGImageInfo;

typedef enum {
    BPG_EXTENSION_TAG_EXIF = 1,
    BPG_EXTENSION_TAG_ICCP = 2,
    BPG_EXTENSION_TAG_XMP = 3,
    BPG_EXTENSION_TAG_THUMBNAIL = 4,
    BPG_EXTENSION_TAG_ANIM_CONTROL = 5,
    /* bpgr: not tags. They make every 32-bit tag a valid value of the enum
     * (an unknown tag is stored as its int32 bit pattern), which C++ needs. */
    BPG_EXTENSION_TAG_RANGE_MIN_ = -0x7FFFFFFF - 1,
    BPG_EXTENSION_TAG_RANGE_MAX_ = 0x7FFFFFFF
} BPGExtensionTagEnum;

typedef struct BPGExtensionData {
    BPGExtensionTagEnum tag;
    uint32_t buf_len;
    uint8_t *buf;
    struct BPGExtensionData *next;
} BPGExtensionData;

typedef enum {
    BPG_OUTPUT_FORMAT_RGB24,
    BPG_OUTPUT_FORMAT_RGBA32,    /* not premultiplied alpha */
    BPG_OUTPUT_FORMAT_RGB48,
    BPG_OUTPUT_FORMAT_RGBA64,    /* not premultiplied alpha */
    BPG_OUTPUT_FORMAT_CMYK32,
    BPG_OUTPUT_FORMAT_CMYK64
} BPGDecoderOutputFormat;

#define BPG_DECODER_INFO_BUF_SIZE 16

BPGR_API BPGDecoderContext *bpg_decoder_open(void);
/* Keep extension data (must be called before bpg_decoder_decode). */
BPGR_API void bpg_decoder_keep_extension_data(BPGDecoderContext *s, int enable);
/* Decodes the header and the first frame. 0 on success, -1 on error. */
BPGR_API int bpg_decoder_decode(BPGDecoderContext *s, const uint8_t *buf, int buf_len);
BPGR_API BPGExtensionData *bpg_decoder_get_extension_data(BPGDecoderContext *s);
BPGR_API int bpg_decoder_get_info(BPGDecoderContext *s, BPGImageInfo *p);
/* First call: prepares frame 0 in out_fmt. Later calls (animations):
 * decodes the next frame; -1 at the end or on error. */
BPGR_API int bpg_decoder_start(BPGDecoderContext *s, BPGDecoderOutputFormat out_fmt);
BPGR_API void bpg_decoder_get_frame_duration(BPGDecoderContext *s, int *pnum, int *pden);
/* Writes the next line of the current frame; -1 after the last. */
BPGR_API int bpg_decoder_get_line(BPGDecoderContext *s, void *buf);
BPGR_API void bpg_decoder_close(BPGDecoderContext *s);
/* Low level: decoded plane (16-bit samples), linesize in bytes. */
BPGR_API uint8_t *bpg_decoder_get_data(BPGDecoderContext *s, int *pline_size, int plane);
/* Header-only parse; with pfirst_md the whole extension block is parsed and
 * returned as a caller-owned list (free with bpg_decoder_free_extension_data). */
BPGR_API int bpg_decoder_get_info_from_buf(BPGImageInfo *p, BPGExtensionData **pfirst_md,
                                           const uint8_t *buf, int buf_len);
BPGR_API void bpg_decoder_free_extension_data(BPGExtensionData *first_md);

/* bpgr addition: enable restoration for the next decode (model NULL =
 * default, precision 0 = auto). 0 on success, -1 if unavailable. */
BPGR_API int bpgr_bpg_decoder_set_restore(BPGDecoderContext *s, const char *model, int precision);

#ifdef __cplusplus
}
#endif
#endif
