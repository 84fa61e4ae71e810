// Sets the oneDNN thread count for the calling thread for one scope.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_THREAD_SCOPE_H
#define BPGR_POSTFILTER_THREAD_SCOPE_H

#include <oneapi/dnnl/dnnl_config.h>

#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
#include <omp.h>
#endif

namespace bpgr::pf {

// The calling thread's oneDNN thread count (0 without OpenMP).
inline int current_threads() {
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
    return omp_get_max_threads();
#else
    return 0;
#endif
}

// oneDNN on Debian runs on OpenMP (libgomp): it sizes its work for
// omp_get_max_threads() when a primitive is created and when it runs. The
// OpenMP nthreads ICV belongs to the calling thread, so setting it here and
// restoring it on exit leaves no process-wide change behind.
class ThreadScope {
public:
    explicit ThreadScope(int threads) {
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
        saved_ = omp_get_max_threads();
        if (threads > 0) omp_set_num_threads(threads);
#else
        (void)threads;
#endif
    }
    ~ThreadScope() {
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
        omp_set_num_threads(saved_);
#endif
    }
    ThreadScope(const ThreadScope &) = delete;
    ThreadScope &operator=(const ThreadScope &) = delete;

private:
    int saved_ = 0;
};

}  // namespace bpgr::pf

#endif
