// The restoration stage on top of the post-filter library.
#include "restore_stage.h"

#include <string>

#include "bpgr/postfilter.h"

namespace bpgr {

namespace {

class PostfilterStage final : public RestoreStage {
public:
    explicit PostfilterStage(bpgr_postfilter *pf) : pf_(pf) {}
    ~PostfilterStage() override { bpgr_pf_destroy(pf_); }

    Status run(const RestoreSource &src, uint32_t width, uint32_t height, int src_channels, uint8_t *dst,
               ptrdiff_t dst_stride, int dst_channels, int dst_bits, int qp) override {
        bpgr_pf_status st = bpgr_pf_run_source(pf_, read_source, const_cast<RestoreSource *>(&src),
                                               static_cast<int>(width), static_cast<int>(height), src_channels,
                                               dst, dst_stride, dst_channels, dst_bits, qp);
        if (st != BPGR_PF_OK) return make_error(StatusCode::kRestoreFailed, "restoration: %s", bpgr_pf_last_error(pf_));
        return Status{};
    }

    void qp_range(int *qp_min, int *qp_max) const override { bpgr_pf_qp_range(pf_, qp_min, qp_max); }

    bpgr_precision precision() const override {
        switch (bpgr_pf_effective_precision(pf_)) {
        case BPGR_PF_PRECISION_BF16: return BPGR_PRECISION_BF16;
        case BPGR_PF_PRECISION_INT8: return BPGR_PRECISION_INT8;
        default: return BPGR_PRECISION_FP32;
        }
    }

private:
    static int read_source(void *opaque, int x, int y, int cols, int rows, uint16_t *dst, ptrdiff_t stride) {
        static_cast<const RestoreSource *>(opaque)->read(static_cast<uint32_t>(x), static_cast<uint32_t>(y),
                                                         static_cast<uint32_t>(cols), static_cast<uint32_t>(rows),
                                                         dst, stride);
        return 0;
    }

    bpgr_postfilter *pf_;
};

bool is_builtin(const char *name) {
    for (const char *const *n = bpgr_pf_builtin_names(); *n; ++n) {
        if (std::string(*n) == name) return true;
    }
    return false;
}

}  // namespace

Status create_restore_stage(const char *model, bpgr_precision precision, int threads,
                            void (*progress)(void *, double), void *progress_opaque,
                            std::unique_ptr<RestoreStage> &out) {
    bpgr_pf_settings s;
    bpgr_pf_default_settings(&s);
    s.threads = threads;
    s.precision = static_cast<bpgr_pf_precision>(precision);
    s.progress = progress;
    s.progress_opaque = progress_opaque;
    bpgr_postfilter *pf = nullptr;
    const char *name = model ? model : "default";
    bpgr_pf_status st = is_builtin(name) ? bpgr_pf_create_builtin(name, &s, &pf)
                                         : bpgr_pf_create_from_file(name, &s, &pf);
    if (st != BPGR_PF_OK) {
        std::string msg = pf ? bpgr_pf_last_error(pf) : "cannot create the post-filter";
        if (pf) bpgr_pf_destroy(pf);
        return make_error(StatusCode::kRestoreFailed, "model '%s': %s", name, msg.c_str());
    }
    out = std::make_unique<PostfilterStage>(pf);
    return Status{};
}

bool restore_available() { return true; }

}  // namespace bpgr
