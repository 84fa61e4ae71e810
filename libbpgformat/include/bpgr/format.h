/* bpgr: what a BPG file header declares, shared by the decoder and encoder
 * APIs (bpg-format.md section 1).
 * SPDX-License-Identifier: LGPL-3.0-or-later */
#ifndef BPGR_FORMAT_H
#define BPGR_FORMAT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Header pixel_format values (raw, as in the file). */
typedef enum bpgr_pixel_format {
    BPGR_FORMAT_GRAY = 0,
    BPGR_FORMAT_420 = 1,        /* chroma centred (JPEG siting) */
    BPGR_FORMAT_422 = 2,
    BPGR_FORMAT_444 = 3,
    BPGR_FORMAT_420_VIDEO = 4,  /* chroma co-sited horizontally (MPEG-2 siting) */
    BPGR_FORMAT_422_VIDEO = 5
} bpgr_pixel_format;

typedef enum bpgr_color_space {
    BPGR_CS_YCBCR = 0,          /* BT.601 */
    BPGR_CS_RGB = 1,
    BPGR_CS_YCGCO = 2,
    BPGR_CS_YCBCR_BT709 = 3,
    BPGR_CS_YCBCR_BT2020 = 4
} bpgr_color_space;

/* Extension tags. */
enum {
    BPGR_EXT_EXIF = 1,
    BPGR_EXT_ICC_PROFILE = 2,
    BPGR_EXT_XMP = 3,
    BPGR_EXT_THUMBNAIL = 4,
    BPGR_EXT_ANIMATION_CONTROL = 5
};

#ifdef __cplusplus
}
#endif
#endif
