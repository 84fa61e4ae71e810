// Built when bpgr is configured without oneDNN.
#include "restore_stage.h"

namespace bpgr {

Status create_restore_stage(const char *, bpgr_precision, int, void (*)(void *, double), void *,
                            std::unique_ptr<RestoreStage> &) {
    return make_error(StatusCode::kUnsupported, "restoration is not available: bpgr was built without oneDNN");
}

bool restore_available() { return false; }

}  // namespace bpgr
