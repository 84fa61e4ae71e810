/* bpgr: BPGR_API marks the functions a bpgr shared library exports; the
 * libraries are built with hidden visibility, so nothing else is.
 * SPDX-License-Identifier: LGPL-3.0-or-later */
#ifndef BPGR_EXPORT_H
#define BPGR_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define BPGR_API __attribute__((visibility("default")))
#else
#define BPGR_API
#endif

#endif
