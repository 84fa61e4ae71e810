/* bpgr postfilter: WDSR-A restoration network on oneDNN, C API.
 * SPDX-License-Identifier: LGPL-3.0-or-later
 *
 * Knows images and its model file, nothing of BPG. The handle owns the
 * model, the oneDNN primitives and every buffer; build once, run many.
 * Not thread-safe per handle; it runs its own `threads` internally. */
#ifndef BPGR_POSTFILTER_H
#define BPGR_POSTFILTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bpgr_pf_status {
    BPGR_PF_OK = 0,
    BPGR_PF_ERR_INVALID_ARGUMENT = -1,
    BPGR_PF_ERR_MODEL = -2,          /* model file corrupt, truncated, wrong version, bad hash */
    BPGR_PF_ERR_UNSUPPORTED = -3,    /* precision not available on this CPU, etc. */
    BPGR_PF_ERR_OUT_OF_MEMORY = -4,
    BPGR_PF_ERR_ENGINE = -5,         /* oneDNN failure */
    BPGR_PF_ERR_IO = -6
} bpgr_pf_status;

typedef enum bpgr_pf_precision {
    BPGR_PF_PRECISION_AUTO = 0,
    BPGR_PF_PRECISION_FP32 = 1,
    BPGR_PF_PRECISION_BF16 = 2,
    BPGR_PF_PRECISION_INT8 = 3
} bpgr_pf_precision;

typedef struct bpgr_postfilter bpgr_postfilter;

/* Version 2 added tile_cols and max_memory_mib; version-1 structs are still
 * accepted (those fields then take their defaults). */
#define BPGR_PF_SETTINGS_VERSION 2u
typedef struct bpgr_pf_settings {
    uint32_t version;                 /* BPGR_PF_SETTINGS_VERSION */
    int threads;                      /* 0 = all online CPUs */
    bpgr_pf_precision precision;
    uint32_t tile_rows;               /* output rows per interior strip (the first and last
                                         strips get one halo more), 0 = from max_memory_mib */
    void (*progress)(void *opaque, double fraction);  /* may be NULL; called on the caller's thread */
    void *progress_opaque;
    /* version >= 2 */
    uint32_t tile_cols;               /* output columns per interior tile, 0 = chosen under
                                         max_memory_mib to recompute the fewest halo pixels */
    uint32_t max_memory_mib;          /* bound on the window buffers of all worker threads,
                                         0 = 16 MiB per thread, within 64..256 MiB;
                                         each worker adds a band of <= 16 MiB
                                         and the weights; image buffers are the caller's */
} bpgr_pf_settings;

/* Fills *s with defaults: all CPUs, AUTO precision, tiles from the memory bound. */
void bpgr_pf_default_settings(bpgr_pf_settings *s);

/* Model sources: a built-in name ("default", "paper", ...), a file, or bytes
 * (copied; the caller keeps ownership of `data`). `s` may be NULL (defaults).
 * Errors: INVALID_ARGUMENT (bad settings, unknown built-in name), IO (file
 * unreadable), MODEL (corrupt, truncated, wrong version, bad hash),
 * UNSUPPORTED (precision this CPU cannot run natively), ENGINE, OUT_OF_MEMORY.
 * AUTO picks the precision recorded in the model (FORMAT.md, flags: the
 * fastest the exporter measured within 0.02 dB of fp32), else bf16; a
 * precision the CPU cannot run natively steps down (int8 needs VNNI or AMX,
 * or the model's record that its loss was measured within tolerance on
 * oneDNN's non-VNNI int8 kernels too; bf16 needs native bf16 instructions;
 * else the next slower one). int8 uses the model's
 * calibration, or calibrates once at load on a fixed synthetic image when the
 * model has none. On failure *out may still be set so the message can be
 * read; destroy it. */
bpgr_pf_status bpgr_pf_create_builtin(const char *name, const bpgr_pf_settings *s,
                                      bpgr_postfilter **out);
bpgr_pf_status bpgr_pf_create_from_file(const char *path, const bpgr_pf_settings *s,
                                        bpgr_postfilter **out);
bpgr_pf_status bpgr_pf_create_from_memory(const uint8_t *data, size_t size,
                                          const bpgr_pf_settings *s, bpgr_postfilter **out);
void bpgr_pf_destroy(bpgr_postfilter *pf);
const char *bpgr_pf_last_error(const bpgr_postfilter *pf);

/* NULL-terminated list of built-in model names. */
const char *const *bpgr_pf_builtin_names(void);

/* Restores an RGB image. src and dst must not overlap. With `threads` > 1 the
 * image is cut into at least that many windows when that costs little halo
 * recomputation, and windows run in parallel (one oneDNN thread each);
 * otherwise one window runs on all threads. src: interleaved uint16 samples, `src_channels`
 * (3 or 4) per pixel, first three R,G,B on a 0..65535 scale, rows of
 * src_stride bytes. dst: interleaved, dst_channels (3 or 4) per pixel,
 * dst_bits 8 (uint8) or 16 (uint16 native endian, 0..65535); only the first
 * three samples of each pixel are written (the caller handles alpha).
 * `qp` is the stream's slice QP (models that use it), or -1 if unknown.
 * The result is independent of tiling and thread count. */
bpgr_pf_status bpgr_pf_run(bpgr_postfilter *pf, const uint16_t *src, int width, int height,
                           ptrdiff_t src_stride, int src_channels, void *dst,
                           ptrdiff_t dst_stride, int dst_channels, int dst_bits, int qp);

/* Supplies source pixels to bpgr_pf_run_source: columns [x, x + cols) of
 * rows [y, y + rows) of the image, as bpgr_pf_run's src would hold them
 * (interleaved uint16, src_channels per pixel), row r at
 * (char *)dst + r * stride. Called on the run's worker threads, several
 * calls at once (each with its own dst), a few rows of one window at a time;
 * pixels near window edges are asked for more than once. Returns 0, or
 * nonzero to stop the run (it then fails with BPGR_PF_ERR_IO). */
typedef int (*bpgr_pf_source_fn)(void *opaque, int x, int y, int cols, int rows, uint16_t *dst,
                                 ptrdiff_t stride);

/* bpgr_pf_run with the source read through `read` window by window instead
 * of from a whole image in memory: what the run holds besides dst does not
 * grow with the image. Same output as bpgr_pf_run on the pixels `read`
 * supplies. */
bpgr_pf_status bpgr_pf_run_source(bpgr_postfilter *pf, bpgr_pf_source_fn read, void *opaque,
                                  int width, int height, int src_channels, void *dst,
                                  ptrdiff_t dst_stride, int dst_channels, int dst_bits, int qp);

/* The precision actually used after AUTO resolution. */
bpgr_pf_precision bpgr_pf_effective_precision(const bpgr_postfilter *pf);

/* "fp32", "bf16", "int8" or "auto"; NULL for other values. */
const char *bpgr_pf_precision_name(bpgr_pf_precision p);

/* Multiply-adds per pixel of the loaded network (for throughput reports). */
double bpgr_pf_macs_per_pixel(const bpgr_postfilter *pf);

/* The range of slice QPs the loaded model was trained for (FORMAT.md qp_min,
 * qp_max). Outside it the model still runs but may lower quality. Returns
 * BPGR_PF_ERR_INVALID_ARGUMENT when pf has no model. */
bpgr_pf_status bpgr_pf_qp_range(const bpgr_postfilter *pf, int *qp_min, int *qp_max);

#ifdef __cplusplus
}
#endif
#endif
