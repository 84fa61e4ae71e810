/* bpgr: BPG decoder, C API.
 * SPDX-License-Identifier: LGPL-3.0-or-later
 *
 * Typical use:
 *
 *   bpgr_decoder_settings s;
 *   bpgr_decoder_default_settings(&s);
 *   bpgr_decoder *dec;
 *   if (bpgr_decoder_create(&s, &dec) < 0) ...;
 *   if (bpgr_decoder_open(dec, data, size) < 0)          // header + frame 0
 *       fprintf(stderr, "%s\n", bpgr_decoder_last_error(dec));
 *   bpgr_image_info info; bpgr_decoder_get_info(dec, &info);
 *   do {
 *       bpgr_decoder_read_frame(dec, BPGR_OUTPUT_RGB24, buf, stride);
 *   } while (bpgr_decoder_next_frame(dec) == BPGR_OK);   // animations
 *   bpgr_decoder_destroy(dec);
 *
 * Pixels are bit-exact with libbpg 0.9.8's bpg_decoder_get_line() for the same
 * output format. The handle owns every buffer it hands out; pointers stay
 * valid until the next call that decodes (open/next_frame) or destroy.
 * A handle is not thread-safe; separate handles are independent. */
#ifndef BPGR_DECODER_H
#define BPGR_DECODER_H

#include <stddef.h>
#include <stdint.h>

#include "bpgr/export.h"
#include "bpgr/format.h"
#include "bpgr/status.h"
#include "bpgr/version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bpgr_decoder bpgr_decoder;

/* Output pixel layouts; values equal libbpg's BPGDecoderOutputFormat.
 * 16-bit formats hold native-endian uint16 samples. */
typedef enum bpgr_output_format {
    BPGR_OUTPUT_RGB24 = 0,
    BPGR_OUTPUT_RGBA32 = 1,     /* alpha un-premultiplied */
    BPGR_OUTPUT_RGB48 = 2,
    BPGR_OUTPUT_RGBA64 = 3,
    BPGR_OUTPUT_CMYK32 = 4,
    BPGR_OUTPUT_CMYK64 = 5
} bpgr_output_format;

/* Resource limits, checked before the HEVC decoder sees the stream. A value
 * of 0 means "no limit" for that field. */
#define BPGR_LIMITS_VERSION 1u
typedef struct bpgr_limits {
    uint32_t version;             /* BPGR_LIMITS_VERSION */
    uint32_t max_dimension;       /* per side, default 16384 */
    uint64_t max_pixels;          /* width * height, default 2^28 */
    uint64_t max_file_bytes;      /* default 1 GiB */
    uint64_t max_extension_bytes; /* total extension block, default 64 MiB */
    uint32_t max_frames;          /* animation frames, default 100000 */
    uint64_t max_memory_bytes;    /* estimate of decoder buffers, default 4 GiB */
} bpgr_limits;

typedef enum bpgr_precision {
    BPGR_PRECISION_AUTO = 0,      /* fastest whose quality matches fp32 */
    BPGR_PRECISION_FP32 = 1,
    BPGR_PRECISION_BF16 = 2,
    BPGR_PRECISION_INT8 = 3
} bpgr_precision;

#define BPGR_DECODER_SETTINGS_VERSION 1u
typedef struct bpgr_decoder_settings {
    uint32_t version;             /* BPGR_DECODER_SETTINGS_VERSION */
    int threads;                  /* 0 = one per online CPU; default 0 */
    int keep_extensions;          /* parse + keep metadata blocks; default 1 */
    bpgr_limits limits;
    /* Restoration (post-filter). Ignored when restore == 0 (the default). */
    int restore;
    const char *restore_model;    /* built-in model name or a model file path;
                                     NULL = the default model. Copied at create. */
    bpgr_precision restore_precision;
    /* Optional progress callback for restoration (fraction 0..1). */
    void (*progress)(void *opaque, double fraction);
    void *progress_opaque;
} bpgr_decoder_settings;

typedef struct bpgr_image_info {
    uint32_t width, height;
    uint8_t pixel_format;         /* raw header value, bpgr_pixel_format */
    uint8_t color_space;          /* bpgr_color_space */
    uint8_t bit_depth;            /* 8..14 */
    uint8_t has_alpha;            /* alpha plane (not W) */
    uint8_t premultiplied_alpha;
    uint8_t has_w_plane;          /* CMYK "W" plane */
    uint8_t limited_range;
    uint8_t has_animation;
    uint16_t loop_count;          /* 0 = forever */
    uint16_t frame_period_num;    /* animation frame period, seconds = num/den */
    uint16_t frame_period_den;
    uint32_t extension_count;     /* kept extension records */
} bpgr_image_info;

BPGR_API void bpgr_decoder_default_settings(bpgr_decoder_settings *settings);
BPGR_API void bpgr_default_limits(bpgr_limits *limits);

/* Creates a decoder. Fails with BPGR_ERR_INVALID_ARGUMENT on a bad settings
 * version, BPGR_ERR_POSTFILTER if restore is set and the model cannot be
 * loaded (message via bpgr_decoder_last_error on the returned handle when
 * *out is not NULL). */
BPGR_API bpgr_status bpgr_decoder_create(const bpgr_decoder_settings *settings, bpgr_decoder **out);
BPGR_API void bpgr_decoder_destroy(bpgr_decoder *dec);

/* The sentence describing the last failure on this handle ("" if none). */
BPGR_API const char *bpgr_decoder_last_error(const bpgr_decoder *dec);

/* Header-only parse of a buffer (at least the complete header and
 * extension block). Does not decode. `msg`, if not NULL, receives the error
 * sentence (msg_size bytes, NUL-terminated). */
BPGR_API bpgr_status bpgr_probe(const uint8_t *data, size_t size, const bpgr_limits *limits,
                                bpgr_image_info *info, char *msg, size_t msg_size);

/* Parses the file and decodes frame 0. The decoder keeps its own copy of
 * the data. May be called once per handle (again after bpgr_decoder_reset). */
BPGR_API bpgr_status bpgr_decoder_open(bpgr_decoder *dec, const uint8_t *data, size_t size);

/* Forgets the opened image (data, frames, extensions, output buffers) so that
 * the handle can open another one; keeps the settings and the loaded
 * restoration model, so a batch loads the model once. Pointers handed out
 * for the old image become invalid. No-op on a handle that opened nothing. */
BPGR_API void bpgr_decoder_reset(bpgr_decoder *dec);

BPGR_API bpgr_status bpgr_decoder_get_info(const bpgr_decoder *dec, bpgr_image_info *info);

/* Bytes per pixel of an output format (3, 4, 6 or 8); 0 if invalid. */
BPGR_API size_t bpgr_output_bytes_per_pixel(bpgr_output_format format);

/* Converts the current frame into a caller buffer of height rows of
 * `stride` bytes (stride >= width * bytes_per_pixel). With restoration
 * enabled, RGB24/RGBA32/RGB48/RGBA64 are restored; CMYK is never restored.
 * For CMYK output of a W-plane image the fourth sample of each pixel is the
 * inverse of what the buffer held, as in libbpg. */
BPGR_API bpgr_status bpgr_decoder_read_frame(bpgr_decoder *dec, bpgr_output_format format,
                                             void *dst, ptrdiff_t stride);

/* Same, into a buffer owned by the handle (tightly packed, valid until the
 * next decoding call or destroy). */
BPGR_API bpgr_status bpgr_decoder_read_frame_owned(bpgr_decoder *dec, bpgr_output_format format,
                                                   const void **pixels, ptrdiff_t *stride);

/* Decodes the next animation frame. BPGR_END_OF_STREAM when there is none
 * (always for still images). */
BPGR_API bpgr_status bpgr_decoder_next_frame(bpgr_decoder *dec);

/* Index of the current frame (0-based). */
BPGR_API uint32_t bpgr_decoder_frame_index(const bpgr_decoder *dec);

/* Duration of the current frame, seconds = *num / *den (0/1 for stills). */
BPGR_API bpgr_status bpgr_decoder_frame_duration(const bpgr_decoder *dec, uint32_t *num, uint32_t *den);

/* Extension record i (file order). *data is owned by the handle. */
BPGR_API bpgr_status bpgr_decoder_get_extension(const bpgr_decoder *dec, uint32_t index,
                                                uint32_t *tag, const uint8_t **data, size_t *size);

/* Decoded planes of the current frame before colour conversion, cropped to
 * the picture: plane 0..2 (Y Cb Cr / Y Cg Co / G B R; gray has only 0),
 * then the alpha or W plane (index 3, or 1 for gray). Samples are uint16.
 * Fails with BPGR_ERR_INVALID_ARGUMENT for a plane that does not exist. */
BPGR_API bpgr_status bpgr_decoder_get_plane(const bpgr_decoder *dec, int plane, const uint16_t **samples,
                                            uint32_t *width, uint32_t *height, ptrdiff_t *stride_samples);

/* Slice QP of the current colour frame (init_qp + slice_qp_delta of the first
 * slice), or -1 if unknown. */
BPGR_API int bpgr_decoder_frame_qp(const bpgr_decoder *dec);

/* The slice-QP range the restoration model was trained for. A frame whose
 * bpgr_decoder_frame_qp lies outside it is still restored, but the result may
 * be worse than the plain decode (bpgdec warns). Fails with
 * BPGR_ERR_INVALID_ARGUMENT when restoration is not enabled. */
BPGR_API bpgr_status bpgr_decoder_restore_qp_range(const bpgr_decoder *dec, int *qp_min, int *qp_max);

/* The precision the restoration runs at: the one requested, or for
 * BPGR_PRECISION_AUTO the one it resolved to on this CPU (FP32, BF16 or
 * INT8). Fails with BPGR_ERR_INVALID_ARGUMENT when restoration is not
 * enabled. */
BPGR_API bpgr_status bpgr_decoder_restore_precision(const bpgr_decoder *dec, bpgr_precision *precision);

/* Rebuilds the standard Annex-B HEVC stream of one layer (0 = colour,
 * 1 = alpha/W) of a BPG file: synthesized VPS/SPS plus the file's NAL
 * units, with start codes. *out is malloc'ed; free it with bpgr_free. */
BPGR_API bpgr_status bpgr_rebuild_hevc_stream(const uint8_t *data, size_t size, int layer,
                                              uint8_t **out, size_t *out_size, char *msg,
                                              size_t msg_size);
BPGR_API void bpgr_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
