// SPDX-License-Identifier: LGPL-3.0-or-later
#include "tile_runner.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "thread_scope.h"

namespace bpgr::pf {

namespace {

// Runs the tiles of `plan`: `workers` threads (the caller's among them), each
// with its own buffers, taking tiles in turn; each worker runs oneDNN on
// `threads_per_worker` threads. Output rectangles are disjoint, so the
// result does not depend on which worker computes which tile.
class TileRunner {
public:
    TileRunner(WdsrNetwork &net, const WdsrModel &model, const TilePlan &plan, const SrcImage &src,
               DstImage &dst, float qp_plane, int threads_per_worker, ProgressSink progress)
        : net_(net), model_(model), plan_(plan), src_(src), dst_(dst), qp_plane_(qp_plane),
          threads_per_worker_(threads_per_worker), progress_(progress),
          total_steps_(double(plan.tiles.size()) * (model.n_blocks + 1.0)) {}

    // Returns the first failure (ok when none). Throws nothing.
    Status run(int workers) {
        try {
            scratch_.resize(size_t(workers));
        } catch (const std::bad_alloc &) {
            return Status{StatusCode::kOutOfMemory, "out of memory"};
        }
        std::vector<std::thread> pool;
        try {
            for (int w = 1; w < workers; ++w) pool.emplace_back([this, w] { work(w); });
        } catch (const std::system_error &) {
            // Fewer threads than asked: the tiles are shared by those that started.
        }
        work(0);
        // The caller's thread keeps reporting while the other workers finish.
        if (progress_.fn) {
            std::unique_lock<std::mutex> lock(progress_mutex_);
            for (;;) {
                const size_t done = steps_done_.load();
                if (done >= steps_started_total() || failed_.load()) break;
                lock.unlock();
                report(double(done) / total_steps_);
                lock.lock();
                progress_cv_.wait(lock, [&] { return steps_done_.load() != done || failed_.load(); });
            }
        }
        for (std::thread &t : pool) t.join();
        if (error_.ok()) report(1.0);
        return error_;
    }

private:
    void work(int worker) {
        try {
            ThreadScope threads(threads_per_worker_);
            for (;;) {
                const size_t i = next_tile_.fetch_add(1);
                if (i >= plan_.tiles.size() || failed_.load()) break;
                const Tile &tile = plan_.tiles[i];
                if (!load_window(net_, worker, model_, src_, tile, qp_plane_, &scratch_[size_t(worker)])) {
                    fail_with(Status{StatusCode::kIo, "the image source failed to supply rows " + std::to_string(tile.win_y0) + ".." +
                              std::to_string(tile.win_y0 + net_.shape().rows - 1)});
                    break;
                }
                net_.run(worker, [&](int) { step_done(worker); });
                store_tile(net_, worker, model_, tile, dst_);
                step_done(worker);
            }
        } catch (const dnnl::error &e) {
            fail_with(Status{StatusCode::kEngineFailed, std::string("oneDNN error: ") + e.what()});
        } catch (const std::bad_alloc &) {
            fail_with(Status{StatusCode::kOutOfMemory, "out of memory"});
        }
    }
    void step_done(int worker) {
        const double done = double(steps_done_.fetch_add(1) + 1);
        if (worker == 0) {
            report(done / total_steps_);  // the caller's thread only
        } else if (progress_.fn) {
            std::lock_guard<std::mutex> lock(progress_mutex_);
            progress_cv_.notify_one();
        }
    }
    size_t steps_started_total() const { return size_t(total_steps_ + 0.5); }
    void report(double fraction) {
        if (!progress_.fn || fraction <= last_reported_) return;
        last_reported_ = fraction;
        progress_.fn(progress_.opaque, fraction);
    }
    void fail_with(Status st) {
        {
            std::lock_guard<std::mutex> lock(error_mutex_);
            if (error_.ok()) error_ = std::move(st);
            failed_.store(true);
        }
        std::lock_guard<std::mutex> lock(progress_mutex_);
        progress_cv_.notify_one();
    }

    WdsrNetwork &net_;
    const WdsrModel &model_;
    const TilePlan &plan_;
    const SrcImage &src_;
    DstImage &dst_;
    float qp_plane_;
    int threads_per_worker_;
    ProgressSink progress_;
    double total_steps_;
    double last_reported_ = 0.0;
    std::atomic<size_t> next_tile_{0};
    std::atomic<size_t> steps_done_{0};
    std::atomic<bool> failed_{false};
    std::vector<std::vector<uint16_t>> scratch_;  // per worker: rows from src_.read
    std::mutex error_mutex_;
    Status error_;  // the first failure
    std::mutex progress_mutex_;
    std::condition_variable progress_cv_;
};

}  // namespace

Status run_tiles(WdsrNetwork &net, const WdsrModel &model, const TilePlan &plan, const SrcImage &src,
                 DstImage &dst, float qp_plane, int workers, int threads_per_worker, ProgressSink progress) {
    TileRunner runner(net, model, plan, src, dst, qp_plane, threads_per_worker, progress);
    return runner.run(workers);
}

}  // namespace bpgr::pf
