// SPDX-License-Identifier: LGPL-3.0-or-later
#include "wdsr_network.h"

#include "block_builder.h"
#include "layer_descriptors.h"
#include "thread_scope.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <thread>
#include <unordered_map>

namespace bpgr::pf {

namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;
using dnnl::memory;

constexpr int kMaxBandRows = 32;
// Bound on the band of wide activations (E channels), so that it stays
// cache-friendly and small next to the tile buffers.
constexpr size_t kBandBytes = size_t(16) << 20;
size_t dt_bytes(dt t) { return t == dt::f32 ? 4 : t == dt::bf16 ? 2 : 1; }

float max_abs(const float *p, size_t n) {
    float m = 0.0f;
    for (size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(p[i]));
    return m;
}

}  // namespace

const char *precision_name(Precision p) {
    switch (p) {
    case Precision::kFp32: return "fp32";
    case Precision::kBf16: return "bf16";
    case Precision::kInt8: return "int8";
    }
    return "?";
}

// Geometry, primitives and weights for one window shape, shared by workers.
struct WdsrNetwork::Layers {
    int rows = 0, cols = 0;
    int pad = 0;           // kernel / 2
    int skip_pad = 0;      // skip_kernel / 2
    int x_margin = 0;      // zero rows above and below the input window
    int band = 0;          // rows per band in the residual blocks
    int n_bands = 0;
    int h_top = 0;         // rows of h above window row 0 (zero)
    int h_rows_total = 0;  // allocated rows of h
    int band_src_rows = 0;
    int in_channels = 0, width = 0, expanded = 0;
    dt hq_type = dt::f32, a_type = dt::f32;
    size_t x_row_bytes = 0, h_row_bytes = 0, hq_row_bytes = 0, a_row_bytes = 0;
    size_t scratch_bytes = 0;

    ConvLayer head, tail, skip;
    std::vector<BlockLayers> blocks;  // built by the precision's BlockBuilder
};

// One worker's buffers, views and stream.
struct WdsrNetwork::Worker {
    const Layers *l = nullptr;
    dnnl::stream stream;
    AlignedBuffer x, h, hq, a, dst, scratch;
    AmxBlocks::Buffers amx;
    memory x_head, x_skip, h_head_dst, h_tail_src, h_band_src, hq_band, a_band_dst, a_band_src,
        h_band_dst, dst_tile, scratch_mem;
    memory h_first_src, hq_first, a_first_dst;  // views for conv1_first

    size_t bytes() const {
        return x.size() + h.size() + hq.size() + a.size() + dst.size() + scratch.size() + amx.bytes();
    }
    float *x_row(int r) const {
        return reinterpret_cast<float *>(static_cast<char *>(x.data()) + size_t(r + l->x_margin) * l->x_row_bytes);
    }
    float *h_row(int r) const {
        return reinterpret_cast<float *>(static_cast<char *>(h.data()) + size_t(r + l->h_top) * l->h_row_bytes);
    }
    char *a_row(int i) const { return static_cast<char *>(a.data()) + size_t(i) * l->a_row_bytes; }
    float *dst_row(int r) const { return reinterpret_cast<float *>(dst.data()) + size_t(r) * l->cols * 3; }
};

WdsrNetwork::WdsrNetwork(const WdsrModel &model, Precision precision, const std::vector<float> &act_max,
                         bool own_kernels)
    : model_(model), precision_(precision), act_max_(act_max), engine_(dnnl::engine::kind::cpu, 0),
      tail_kernel_(own_kernels && TailConv::available() ? std::make_unique<TailConv>(model.tail) : nullptr) {
    if (precision_ == Precision::kInt8 && act_max_.size() != model_.conv_layer_count())
        throw dnnl::error(dnnl_invalid_arguments, "int8 needs activation ranges for every layer");
    if (own_kernels && precision_ == Precision::kInt8 && AmxBlocks::fits(model_) && AmxBlocks::available())
        amx_blocks_ = std::make_unique<AmxBlocks>(model_, act_max_);
}

WdsrNetwork::~WdsrNetwork() = default;

int WdsrNetwork::band_rows_for(int rows, int kernel, size_t wide_row_bytes) {
    const int two_pad = 2 * (kernel / 2);
    const long by_bytes = long(kBandBytes / std::max<size_t>(wide_row_bytes, 1)) - two_pad;
    const int max_band = std::max({int(std::min<long>({long(kMaxBandRows), long(rows), by_bytes})), two_pad, 1});
    // The last band computes rows past the window: pick the band height (down
    // to half the maximum) that wastes the fewest rows.
    int best = max_band;
    long best_waste = -1;
    for (int band = max_band; band >= std::max({(max_band + 1) / 2, two_pad, 1}); --band) {
        const long waste = long((rows + band - 1) / band) * band - rows;
        if (best_waste < 0 || waste < best_waste) {
            best = band;
            best_waste = waste;
        }
    }
    return best;
}

int WdsrNetwork::workers() const { return int(workers_.size()); }

size_t WdsrNetwork::working_bytes() const {
    size_t total = 0;
    for (const auto &w : workers_) total += w->bytes();
    return total;
}

float *WdsrNetwork::src_row(int worker, int r) { return workers_[worker]->x_row(r); }
const float *WdsrNetwork::dst_row(int worker, int r) const { return workers_[worker]->dst_row(r); }

void WdsrNetwork::set_record_activation_max(bool on) {
    if (on && precision_ != Precision::kFp32)
        throw dnnl::error(dnnl_invalid_arguments, "activation ranges are recorded in fp32 only");
    record_max_ = on;
}

bool WdsrNetwork::prepare(TileShape shape, int workers, int threads_per_worker) {
    workers = std::max(workers, 1);
    if (layers_ && shape == shape_ && workers == int(workers_.size()) && threads_per_worker == threads_per_worker_)
        return true;
    // Keep the old workers' buffers: their pages are already faulted in.
    for (auto &w : workers_) spare_buffers_.push_back(std::move(w));
    workers_.clear();
    layers_.reset();
    infos_.clear();
    try {
        build(shape, workers);
    } catch (const std::bad_alloc &) {
        workers_.clear();
        layers_.reset();
        return false;
    }
    if (!layers_) return false;
    shape_ = shape;
    threads_per_worker_ = threads_per_worker;
    return true;
}

std::unique_ptr<BlockBuilder> WdsrNetwork::block_builder() const {
    switch (precision_) {
    case Precision::kBf16: return make_bf16_block_builder(model_, engine_);
    case Precision::kInt8: return make_int8_block_builder(model_, act_max_, engine_);
    case Precision::kFp32: break;
    }
    return make_fp32_block_builder(model_, engine_);
}

void WdsrNetwork::build(TileShape shape, int n_workers) {
    auto l = std::make_unique<Layers>();
    const WdsrModel &m = model_;
    l->rows = shape.rows;
    l->cols = shape.cols;
    l->pad = int(m.kernel / 2);
    l->skip_pad = int(m.skip_kernel / 2);
    l->x_margin = std::max(l->pad, l->skip_pad);
    l->in_channels = int(m.in_channels);
    l->width = int(m.width);
    l->expanded = int(m.expanded_width);

    const bool quantized = precision_ != Precision::kFp32;
    const std::unique_ptr<BlockBuilder> blocks = block_builder();
    const BlockTypes types = blocks->types();
    l->hq_type = types.hq;
    l->a_type = types.a;
    const dt hq_type = l->hq_type, a_type = l->a_type;
    l->a_row_bytes = size_t(shape.cols) * l->expanded * dt_bytes(a_type);
    l->band = band_rows_for(shape.rows, int(m.kernel), l->a_row_bytes);
    l->n_bands = (shape.rows + l->band - 1) / l->band;
    l->h_top = l->pad;
    const int h_bottom = std::max(l->n_bands * l->band + 2 * l->pad - shape.rows, l->pad);
    l->h_rows_total = l->h_top + shape.rows + h_bottom;
    const int band_src_rows = l->band_src_rows = l->band + 2 * l->pad;
    l->x_row_bytes = size_t(shape.cols) * l->in_channels * sizeof(float);
    l->h_row_bytes = size_t(shape.cols) * l->width * sizeof(float);
    l->hq_row_bytes = size_t(shape.cols) * l->width * dt_bytes(hq_type);

    const int k = int(m.kernel), s = int(m.skip_kernel);
    const int c = l->in_channels, f = l->width, e = l->expanded;
    BuildLog main_log{dnnl::stream(engine_), {}, 0};
    l->head = make_conv_layer(main_log, conv_spec("head", c, f, k, shape.rows, shape.cols, dt::f32, dt::f32, dt::f32),
                              m.head, 1.0f, {}, m.head.bias, engine_);
    l->skip = make_conv_layer(main_log, conv_spec("skip", c, 3, s, shape.rows, shape.cols, dt::f32, dt::f32, dt::f32),
                              m.skip, 1.0f, {}, m.skip.bias, engine_);
    if (tail_kernel_) {
        main_log.infos.push_back({"tail", "bpgr:avx512f (tail_conv.cpp)"});
    } else {
        ConvSpec tail_spec = conv_spec("tail", f, 3, k, shape.rows, shape.cols, dt::f32, dt::f32, dt::f32);
        tail_spec.sum = true;
        l->tail = make_conv_layer(main_log, tail_spec, m.tail, 1.0f, {}, m.tail.bias, engine_);
    }
    BlockGeometry geometry;
    geometry.width = f;
    geometry.expanded = e;
    geometry.kernel = k;
    geometry.pad = l->pad;
    geometry.band = l->band;
    geometry.band_src_rows = band_src_rows;
    geometry.cols = shape.cols;
    blocks->build_shared(main_log, geometry);

    // With AmxBlocks no block primitives are built: it runs every window on
    // one thread, also windows shared by several threads (a caller-fixed
    // tiling with fewer tiles than threads), leaving threads idle, since
    // oneDNN's int8 differs in fp32 rounding order and the result must not
    // depend on the thread count.
    const uint32_t n_blocks = amx_blocks_ ? 0 : m.n_blocks;
    if (amx_blocks_) {
        main_log.infos.push_back({"block.conv1", "bpgr:amx_int8 (amx_blocks.cpp)"});
        main_log.infos.push_back({"block.conv2", "bpgr:amx_int8 (amx_blocks.cpp)"});
    }
    l->blocks.resize(n_blocks);
    std::vector<BuildLog> block_logs(n_blocks);
    // int8 blocks differ in their scales, so oneDNN's primitive cache never
    // hits and each of the 3 x n_blocks convolutions is generated anew (63 ms
    // of creation on one thread for the paper net, Xeon with AMX): the blocks
    // are built on the workers' threads (one per worker, at most one per
    // block), each with the caller's oneDNN thread count (primitives are sized
    // for it), every result stored by block index.
    const int creators = int(std::min<uint32_t>(uint32_t(std::max(n_workers, 1)), n_blocks));
    const int omp_threads = current_threads();
    std::vector<std::exception_ptr> errors(size_t(std::max(creators, 1)));
    auto create_share = [&](int t) {
        try {
            const ThreadScope scope(omp_threads);
            for (uint32_t b = uint32_t(t); b < n_blocks; b += uint32_t(creators)) {
                block_logs[b].stream = dnnl::stream(engine_);
                l->blocks[b] = blocks->build_block(b, block_logs[b], geometry);
            }
        } catch (...) {
            errors[size_t(t)] = std::current_exception();
        }
    };
    {
        std::vector<std::thread> helpers;
        for (int t = 1; t < creators; ++t) helpers.emplace_back(create_share, t);
        create_share(0);
        for (std::thread &th : helpers) th.join();
    }
    for (const std::exception_ptr &err : errors)
        if (err) std::rethrow_exception(err);
    // Infos in layer order: head, skip, tail, (quantize), then per block.
    infos_ = main_log.infos;
    l->scratch_bytes = main_log.scratch_bytes;
    for (const BuildLog &log : block_logs) {
        infos_.insert(infos_.end(), log.infos.begin(), log.infos.end());
        l->scratch_bytes = std::max(l->scratch_bytes, log.scratch_bytes);
    }

    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < n_workers; ++i) {
        std::unique_ptr<Worker> w;
        if (!spare_buffers_.empty()) {
            w = std::move(spare_buffers_.back());
            spare_buffers_.pop_back();
        } else {
            w = std::make_unique<Worker>();
        }
        w->l = l.get();
        w->stream = dnnl::stream(engine_);
        const bool bands = !amx_blocks_;
        if (!w->x.allocate(l->x_row_bytes * (shape.rows + 2 * l->x_margin)) ||
            !w->h.allocate(l->h_row_bytes * l->h_rows_total) ||
            (bands && quantized && !w->hq.allocate(l->hq_row_bytes * band_src_rows)) ||
            (bands && !w->a.allocate(l->a_row_bytes * band_src_rows)) ||
            (amx_blocks_ && !w->amx.prepare(shape.cols, *amx_blocks_)) ||
            !w->dst.allocate(size_t(shape.rows) * shape.cols * 3 * sizeof(float)) ||
            !w->scratch.allocate(l->scratch_bytes))
            return;
        auto view = [&](int ch, int rows, dt type) {
            return memory(nhwc_desc(ch, rows, shape.cols, type), engine_, DNNL_MEMORY_NONE);
        };
        w->x_head = view(c, shape.rows + 2 * l->pad, dt::f32);
        w->x_skip = view(c, shape.rows + 2 * l->skip_pad, dt::f32);
        w->h_head_dst = view(f, shape.rows, dt::f32);
        w->h_tail_src = view(f, shape.rows + 2 * l->pad, dt::f32);
        w->h_band_src = view(f, band_src_rows, dt::f32);
        w->hq_band = view(f, band_src_rows, hq_type);
        w->a_band_dst = view(e, l->band, a_type);
        w->a_band_src = view(e, band_src_rows, a_type);
        w->h_band_dst = view(f, l->band, dt::f32);
        w->dst_tile = view(3, shape.rows, dt::f32);
        w->scratch_mem = memory({{static_cast<memory::dim>(l->scratch_bytes)}, dt::u8, tag::a}, engine_,
                                w->scratch.data());
        w->h_first_src = view(f, 3 * l->pad, dt::f32);
        w->hq_first = view(f, 3 * l->pad, hq_type);
        w->a_first_dst = view(e, l->pad, a_type);
        if (quantized) {
            w->hq_band.set_data_handle(w->hq.data());
            w->hq_first.set_data_handle(w->hq.data());
        }
        w->h_first_src.set_data_handle(w->h_row(-l->pad));
        w->a_first_dst.set_data_handle(w->a_row(l->pad));
        w->x_head.set_data_handle(w->x_row(-l->pad));
        w->x_skip.set_data_handle(w->x_row(-l->skip_pad));
        w->h_head_dst.set_data_handle(w->h_row(0));
        w->h_tail_src.set_data_handle(w->h_row(-l->pad));
        w->dst_tile.set_data_handle(w->dst.data());
        workers.push_back(std::move(w));
    }
    layers_ = std::move(l);
    workers_ = std::move(workers);
    spare_buffers_.clear();
}

// Wide-activation rows outside the window are zero padding; inside, the
// calibration run records their range. `count` rows from a-buffer row
// `buffer_row`, holding wide-activation rows from `first_index`.
void WdsrNetwork::zero_or_record_a(Worker &w, uint32_t block, int first_index, int buffer_row, int count) {
    const Layers &l = *layers_;
    const bool record = record_max_ && &w == workers_.front().get();
    for (int j = 0; j < count; ++j) {
        const int a_index = first_index + j;
        if (a_index < 0 || a_index >= l.rows) {
            std::memset(w.a_row(buffer_row + j), 0, l.a_row_bytes);
        } else if (record) {
            float &mx = recorded_max_[2 + 2 * block];
            mx = std::max(mx, max_abs(reinterpret_cast<const float *>(w.a_row(buffer_row + j)),
                                      size_t(l.cols) * l.expanded));
        }
    }
}

void WdsrNetwork::run(int worker, const std::function<void(int)> &block_done) {
    const Layers &l = *layers_;
    Worker &w = *workers_[worker];
    const WdsrModel &m = model_;
    const bool quantized = precision_ != Precision::kFp32;
    const bool record = record_max_ && worker == 0;
    auto exec = [&](const dnnl::primitive &p, std::unordered_map<int, memory> args) {
        args.emplace(DNNL_ARG_SCRATCHPAD, w.scratch_mem);
        p.execute(w.stream, args);
    };
    auto exec_conv = [&](const ConvLayer &layer, const memory &src, const memory &dst) {
        exec(layer.prim, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, layer.weights},
                          {DNNL_ARG_BIAS, layer.bias}, {DNNL_ARG_DST, dst}});
    };
    if (record) recorded_max_.assign(m.conv_layer_count(), 0.0f);

    exec_conv(l.head, w.x_head, w.h_head_dst);
    w.stream.wait();
    if (record) {
        const float x_max = max_abs(w.x_row(0), size_t(l.rows) * l.cols * l.in_channels);
        recorded_max_[0] = x_max;
        recorded_max_.back() = x_max;
    }

    const size_t h_values = size_t(l.rows) * l.cols * l.width;
    if (amx_blocks_) {
        amx_blocks_->run(w.h_row(0), l.rows, l.cols, w.amx, block_done);
    } else {
        const int pad = l.pad, band = l.band;
        for (uint32_t b = 0; b < m.n_blocks; ++b) {
            const BlockLayers &blk = l.blocks[b];
            if (record) recorded_max_[1 + 2 * b] = max_abs(w.h_row(0), h_values);
            // a-buffer row i holds wide-activation row t * band - pad + i. Before
            // band 0: rows -pad..-1 are zero padding, rows 0..pad-1 come from a
            // small conv1 on h rows -pad..2*pad-1.
            if (pad > 0) {
                std::memset(w.a_row(0), 0, size_t(pad) * l.a_row_bytes);
                if (quantized) {
                    w.h_band_src.set_data_handle(w.h_row(-pad));
                    exec(blk.quantize, {{DNNL_ARG_FROM, w.h_band_src}, {DNNL_ARG_TO, w.hq_band}});
                }
                exec_conv(blk.conv1_first, quantized ? w.hq_first : w.h_first_src, w.a_first_dst);
                w.stream.wait();
                zero_or_record_a(w, b, 0, pad, pad);
            }
            for (int t = 0; t < l.n_bands; ++t) {
                const int r0 = t * band;
                w.h_band_src.set_data_handle(w.h_row(r0));
                if (quantized) exec(blk.quantize, {{DNNL_ARG_FROM, w.h_band_src}, {DNNL_ARG_TO, w.hq_band}});
                w.a_band_dst.set_data_handle(w.a_row(2 * pad));
                exec_conv(blk.conv1, quantized ? w.hq_band : w.h_band_src, w.a_band_dst);
                w.stream.wait();
                zero_or_record_a(w, b, r0 + pad, 2 * pad, band);
                w.a_band_src.set_data_handle(w.a_row(0));
                w.h_band_dst.set_data_handle(w.h_row(r0));
                exec_conv(blk.conv2, w.a_band_src, w.h_band_dst);
                w.stream.wait();
                std::memmove(w.a_row(0), w.a_row(band), 2 * pad * l.a_row_bytes);
            }
            // The last band may have written below the window: restore the padding.
            const int written_end = l.n_bands * band;
            if (written_end > l.rows)
                std::memset(w.h_row(l.rows), 0, size_t(written_end - l.rows) * l.h_row_bytes);
            if (block_done) block_done(int(b));
        }
    }
    if (record) recorded_max_[recorded_max_.size() - 2] = max_abs(w.h_row(0), h_values);

    exec_conv(l.skip, w.x_skip, w.dst_tile);
    if (tail_kernel_) {
        w.stream.wait();
        tail_kernel_->run(w.h_row(0), l.rows, l.cols, reinterpret_cast<float *>(w.dst.data()));
    } else {
        exec_conv(l.tail, w.h_tail_src, w.dst_tile);
    }
    w.stream.wait();
}

}  // namespace bpgr::pf
