// The public bpgr_status of an internal StatusCode: the C boundary of
// libbpgdec and libbpgenc.
#pragma once

#include "bpgr/status.h"
#include "bpgr_common/status.h"

namespace bpgr {

bpgr_status to_public_status(StatusCode code);

}  // namespace bpgr
