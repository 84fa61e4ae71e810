// Which hand-written kernels this CPU may run: the same ISA oneDNN is allowed
// to use (DNNL_MAX_CPU_ISA caps both), so a capped run exercises the oneDNN
// fallbacks.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_CPU_FEATURES_H
#define BPGR_POSTFILTER_CPU_FEATURES_H

namespace bpgr::pf {

// AVX-512 F and BW on the CPU, and oneDNN's effective ISA at least avx512_core
// (x86/tail_conv).
bool avx512_kernels_allowed();

// AMX tiles with int8 and AVX-512 BW on the CPU, oneDNN's effective ISA at
// least avx512_core_amx, and Linux's permission for the tile state
// (x86/amx_blocks).
bool amx_int8_kernels_allowed();

}  // namespace bpgr::pf

#endif
