/* bpgr: status codes shared by every bpgr library.
 * SPDX-License-Identifier: LGPL-3.0-or-later */
#ifndef BPGR_STATUS_H
#define BPGR_STATUS_H

#include "bpgr/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible bpgr call returns one of these. BPGR_OK is 0; every error is
 * negative, so `if (st < 0)` tests for failure. The handle that failed keeps a
 * sentence naming the problem (bpgr_decoder_last_error() and friends). */
typedef enum bpgr_status {
    BPGR_OK = 0,
    BPGR_END_OF_STREAM = 1,          /* not an error: no further animation frame */
    BPGR_ERR_INVALID_ARGUMENT = -1,  /* NULL pointer, bad enum value, wrong call order */
    BPGR_ERR_NOT_BPG = -2,           /* magic number missing */
    BPGR_ERR_TRUNCATED = -3,         /* the data ends before a field or block it announces */
    BPGR_ERR_INVALID_DATA = -4,      /* a header field or stream structure is malformed */
    BPGR_ERR_UNSUPPORTED = -5,       /* valid for the format but not handled (e.g. >65535 px) */
    BPGR_ERR_LIMIT_EXCEEDED = -6,    /* the input exceeds a bpgr_limits value */
    BPGR_ERR_HEVC_DECODE = -7,       /* the HEVC decoder failed or produced no picture */
    BPGR_ERR_OUT_OF_MEMORY = -8,
    BPGR_ERR_BUFFER_TOO_SMALL = -9,  /* a caller buffer or stride is too small */
    BPGR_ERR_POSTFILTER = -10,       /* restoration failed (model file, oneDNN) */
    BPGR_ERR_ENCODE = -11,           /* the HEVC encoder failed */
    BPGR_ERR_IO = -12,               /* reading or writing a file failed */
    BPGR_ERR_INTERNAL = -13          /* a bpgr bug: no input may reach this */
} bpgr_status;

/* Stable name of a code, e.g. "truncated data". Never NULL. */
BPGR_API const char *bpgr_status_string(bpgr_status status);

#ifdef __cplusplus
}
#endif
#endif
