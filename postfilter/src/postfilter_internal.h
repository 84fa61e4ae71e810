// Internals of a postfilter handle, for tests and benchmarks.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_INTERNAL_H
#define BPGR_POSTFILTER_INTERNAL_H

#include <vector>

#include "bpgr/postfilter.h"
#include "model_file.h"
#include "tile_plan.h"
#include "wdsr_network.h"

namespace bpgr::pf {

// The oneDNN implementation of every primitive built so far (empty before
// the first run).
std::vector<PrimitiveInfo> primitive_infos(const bpgr_postfilter *pf);
const WdsrModel &loaded_model(const bpgr_postfilter *pf);
// The int8 activation ranges in use (empty unless int8).
const std::vector<float> &activation_ranges(const bpgr_postfilter *pf);
// The tiling bpgr_pf_run would use for an image.
TilePlan tile_plan_for(const bpgr_postfilter *pf, int width, int height);
// Whether this CPU runs the residual blocks in `p` with an optimized
// (non-"ref") oneDNN kernel. Throws nothing.
bool precision_supported(Precision p);
// Whether it runs `p` natively, as `auto` requires: int8 with VNNI, bf16 with
// native bf16 instructions, fp32 with any optimized kernel. Throws nothing.
bool precision_native(Precision p);
// Working buffer bytes of the current tile shape.
size_t working_bytes(const bpgr_postfilter *pf);

}  // namespace bpgr::pf

#endif
