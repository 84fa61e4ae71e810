// The C API: validates arguments, owns model + network, tiles the image.
// No exception crosses this file's functions.
// SPDX-License-Identifier: LGPL-3.0-or-later
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "bpgr/postfilter.h"
#include "bpgr_common/status.h"
#include "builtin_models.h"
#include "calibration.h"
#include "layer_descriptors.h"
#include "pixel_io.h"
#include "postfilter_internal.h"
#include "reference_net.h"
#include "thread_scope.h"
#include "tile_plan.h"
#include "tile_runner.h"
#include "wdsr_network.h"

using bpgr::Status;
using bpgr::StatusCode;
using bpgr::pf::Precision;

struct bpgr_postfilter {
    bpgr_pf_settings settings{};
    std::string error;
    bpgr::pf::WdsrModel model;
    Precision precision = Precision::kFp32;
    std::vector<float> activation_ranges;
    std::unique_ptr<bpgr::pf::WdsrNetwork> net;
};

namespace {

// Default bound on the window buffers of all workers: 16 MiB per worker
// thread, at least 64 and at most 256 MiB. Windows of a few megapixels keep
// the halo overhead small; a fixed 256 MiB made what restoration adds grow
// ~26 MiB per megapixel up to ~6 Mpx on 2 threads (postfilter/README.md).
constexpr uint32_t kMemoryMibPerThread = 16;
constexpr uint32_t kMinDefaultMemoryMib = 64;
constexpr uint32_t kMaxDefaultMemoryMib = 256;
constexpr int kMaxDimension = 1 << 20;

// Bytes per window pixel of the tile buffers (input, h, output; floats).
size_t window_bytes_per_pixel(const bpgr::pf::WdsrModel &m) {
    return (size_t(m.in_channels) + m.width + 3) * sizeof(float);
}

// The C boundary: internal codes -> bpgr_pf_status. Every defect of a model
// file is BPGR_PF_ERR_MODEL.
bpgr_pf_status to_pf_status(StatusCode code) {
    switch (code) {
    case StatusCode::kOk: return BPGR_PF_OK;
    case StatusCode::kInvalidArgument:
    case StatusCode::kBufferTooSmall: return BPGR_PF_ERR_INVALID_ARGUMENT;
    case StatusCode::kWrongFormat:
    case StatusCode::kTruncated:
    case StatusCode::kInvalidData: return BPGR_PF_ERR_MODEL;
    case StatusCode::kUnsupported: return BPGR_PF_ERR_UNSUPPORTED;
    case StatusCode::kOutOfMemory: return BPGR_PF_ERR_OUT_OF_MEMORY;
    case StatusCode::kIo: return BPGR_PF_ERR_IO;
    default: return BPGR_PF_ERR_ENGINE;  // kEngineFailed, kInternal: the post-filter makes no other
    }
}

// Keeps a failure's message in the handle (when there is one); the public code.
bpgr_pf_status report(bpgr_postfilter *pf, const Status &st) {
    if (pf && !st.ok()) pf->error = st.message;
    return to_pf_status(st.code);
}

Status invalid_argument(std::string message) { return Status{StatusCode::kInvalidArgument, std::move(message)}; }

int resolve_threads(int threads) {
    if (threads > 0) return threads;
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? int(n) : 1;
}

bpgr_pf_precision to_public(Precision p) {
    switch (p) {
    case Precision::kFp32: return BPGR_PF_PRECISION_FP32;
    case Precision::kBf16: return BPGR_PF_PRECISION_BF16;
    case Precision::kInt8: return BPGR_PF_PRECISION_INT8;
    }
    return BPGR_PF_PRECISION_FP32;
}

// The implementation oneDNN picks for a body convolution of this precision:
// "ref:" means no optimized kernel on this CPU.
std::string probe_block_impl(Precision p) {
    using dt = dnnl::memory::data_type;
    const dt src = p == Precision::kFp32 ? dt::f32 : p == Precision::kBf16 ? dt::bf16 : dt::u8;
    const dt wei = p == Precision::kFp32 ? dt::f32 : p == Precision::kBf16 ? dt::bf16 : dt::s8;
    constexpr int kProbeChannels = 32, kProbeRows = 8, kProbeCols = 16, kProbeKernel = 3;
    const dnnl::engine eng(dnnl::engine::kind::cpu, 0);
    const bpgr::pf::ConvSpec spec = bpgr::pf::conv_spec("probe", kProbeChannels, kProbeChannels, kProbeKernel,
                                                        kProbeRows, kProbeCols, src, wei, dt::f32);
    return bpgr::pf::make_conv_pd(spec, eng).impl_info_str();
}

// "" when oneDNN has no implementation at all (e.g. bf16 below AVX-512).
std::string probe_block_impl_or_none(Precision p) {
    try {
        return probe_block_impl(p);
    } catch (const dnnl::error &) {
        return std::string();
    }
}

bool is_reference_impl(const std::string &impl) { return impl.empty() || impl.rfind("ref", 0) == 0; }

// Whether this CPU runs precision p natively (the case a model's measured
// precision loss applies to): int8 with VNNI dot products or AMX, bf16 with
// native bf16 instructions (not emulated), fp32 without a ref kernel. Without
// VNNI oneDNN's int8 kernels halve the s8 weights to avoid s16 saturation:
// `int8_without_vnni` says whether that loss was measured and found within
// tolerance for the model (flags bit 2).
bool runs_natively(Precision p, bool int8_without_vnni = false) {
    const std::string impl = probe_block_impl_or_none(p);
    if (is_reference_impl(impl)) return false;
    switch (p) {
    case Precision::kFp32: return true;
    case Precision::kBf16: return impl.find("bf16") != std::string::npos || impl.find("amx") != std::string::npos;
    case Precision::kInt8:
        return int8_without_vnni || impl.find("vnni") != std::string::npos || impl.find("amx") != std::string::npos;
    }
    return false;
}

Status resolve_precision(bpgr_postfilter *pf) {
    using bpgr::pf::RecommendedPrecision;
    bpgr_pf_precision wanted = pf->settings.precision;
    if (wanted == BPGR_PF_PRECISION_AUTO) {
        // The model's recommendation (the fastest within 0.02 dB of fp32, as
        // measured by the exporter), else bf16; stepping down to the next
        // slower precision while this CPU cannot run it natively (int8
        // without VNNI counts as native when the model says its loss there
        // was measured within tolerance).
        Precision p = Precision::kBf16;
        switch (pf->model.recommended_precision()) {
        case RecommendedPrecision::kFp32: p = Precision::kFp32; break;
        case RecommendedPrecision::kBf16: p = Precision::kBf16; break;
        case RecommendedPrecision::kInt8: p = Precision::kInt8; break;
        case RecommendedPrecision::kUnspecified: break;
        }
        if (p == Precision::kInt8 && !runs_natively(p, pf->model.int8_without_vnni_ok())) p = Precision::kBf16;
        if (p == Precision::kBf16 && !runs_natively(p)) p = Precision::kFp32;
        wanted = to_public(p);
    }
    switch (wanted) {
    case BPGR_PF_PRECISION_FP32: pf->precision = Precision::kFp32; break;
    case BPGR_PF_PRECISION_BF16: pf->precision = Precision::kBf16; break;
    case BPGR_PF_PRECISION_INT8: pf->precision = Precision::kInt8; break;
    default: return invalid_argument("unknown precision " + std::to_string(int(wanted)));
    }
    const std::string impl = probe_block_impl_or_none(pf->precision);
    if (is_reference_impl(impl))
        return Status{StatusCode::kUnsupported, std::string(bpgr::pf::precision_name(pf->precision)) +
                                                    " has no optimized oneDNN kernel on this CPU (" +
                                                    (impl.empty() ? std::string("no implementation") : impl) + ")"};
    return Status{};
}

Status copy_settings(bpgr_postfilter *pf, const bpgr_pf_settings *s) {
    bpgr_pf_default_settings(&pf->settings);
    if (s == nullptr) return Status{};
    if (s->version == 1) {
        std::memcpy(&pf->settings, s, offsetof(bpgr_pf_settings, tile_cols));
        pf->settings.version = BPGR_PF_SETTINGS_VERSION;
    } else if (s->version == BPGR_PF_SETTINGS_VERSION) {
        pf->settings = *s;
    } else {
        return invalid_argument("unknown settings version " + std::to_string(s->version));
    }
    if (pf->settings.threads < 0) return invalid_argument("negative thread count");
    return Status{};
}

// Settings, model, precision and network of a new handle.
Status load(bpgr_postfilter *pf, const uint8_t *data, size_t size, const bpgr_pf_settings *s) {
    try {
        BPGR_RETURN_IF_ERROR(copy_settings(pf, s));
        BPGR_RETURN_IF_ERROR(bpgr::pf::parse_model(data, size, &pf->model));
        bpgr::pf::ThreadScope threads(resolve_threads(pf->settings.threads));
        BPGR_RETURN_IF_ERROR(resolve_precision(pf));
        if (pf->precision == Precision::kInt8) {
            pf->activation_ranges = pf->model.calibration.empty()
                                        ? bpgr::pf::calibrate_on_synthetic_image(pf->model, -1)
                                        : pf->model.calibration;
        }
        pf->net = std::make_unique<bpgr::pf::WdsrNetwork>(pf->model, pf->precision, pf->activation_ranges);
    } catch (const dnnl::error &e) {
        return Status{StatusCode::kEngineFailed, std::string("oneDNN error: ") + e.what()};
    } catch (const std::bad_alloc &) {
        return Status{StatusCode::kOutOfMemory, "out of memory while loading the model"};
    }
    return Status{};
}

// A new handle in *out (also on failure, to carry the message), loaded from
// `data` unless `failure` says why there is nothing to load.
bpgr_pf_status create(const uint8_t *data, size_t size, const bpgr_pf_settings *s, bpgr_postfilter **out,
                      const Status &failure = Status{}) {
    if (out == nullptr) return BPGR_PF_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    auto *pf = new (std::nothrow) bpgr_postfilter;
    if (pf == nullptr) return BPGR_PF_ERR_OUT_OF_MEMORY;
    *out = pf;
    return report(pf, failure.ok() ? load(pf, data, size, s) : failure);
}

bpgr::pf::TileLimits tile_limits(const bpgr_postfilter *pf) {
    const int threads = resolve_threads(pf->settings.threads);
    const uint32_t mib = pf->settings.max_memory_mib
                             ? pf->settings.max_memory_mib
                             : std::clamp(kMemoryMibPerThread * uint32_t(threads), kMinDefaultMemoryMib,
                                          kMaxDefaultMemoryMib);
    bpgr::pf::TileLimits limits;
    limits.halo = int(pf->model.receptive_radius());
    limits.out_rows = int(pf->settings.tile_rows);
    limits.out_cols = int(pf->settings.tile_cols);
    // Each worker thread has its own window buffers.
    limits.max_window_pixels = (size_t(mib) << 20) / window_bytes_per_pixel(pf->model) / size_t(threads);
    limits.min_tiles = threads;
    return limits;
}

// bpgr_pf_run (src_img.samples) and bpgr_pf_run_source (src_img.read).
bpgr_pf_status run(bpgr_postfilter *pf, const bpgr::pf::SrcImage &src_img, void *dst, ptrdiff_t dst_stride,
                   int dst_channels, int dst_bits, int qp) {
    const int width = src_img.width, height = src_img.height;
    if (!pf->net) return report(pf, invalid_argument("postfilter handle has no model"));
    const bool from_memory = src_img.read == nullptr;
    if ((from_memory && src_img.samples == nullptr) || dst == nullptr)
        return report(pf, invalid_argument("null image buffer"));
    if (width <= 0 || height <= 0 || width > kMaxDimension || height > kMaxDimension)
        return report(pf, invalid_argument("image size " + std::to_string(width) + "x" + std::to_string(height) +
                                           " out of range"));
    if ((src_img.channels != 3 && src_img.channels != 4) || (dst_channels != 3 && dst_channels != 4))
        return report(pf, invalid_argument("channels must be 3 or 4"));
    if (dst_bits != 8 && dst_bits != 16) return report(pf, invalid_argument("dst_bits must be 8 or 16"));
    if ((from_memory && src_img.stride_bytes < ptrdiff_t(width) * src_img.channels * 2) ||
        dst_stride < ptrdiff_t(width) * dst_channels * (dst_bits / 8))
        return report(pf, invalid_argument("row stride smaller than a row"));

    const bpgr::pf::TilePlan plan = bpgr::pf::tile_plan_for(pf, width, height);
    bpgr::pf::DstImage dst_img{dst, width, height, dst_stride, dst_channels, dst_bits};
    const float qp_plane = bpgr::pf::qp_plane_value(pf->model, qp);
    // Tiles in parallel, one oneDNN thread each. An image too small for as
    // many tiles as threads (the planner accepts up to kParallelEfficiency x
    // threads times the work to get them) runs its tiles on one thread each and
    // leaves the other cores idle: oneDNN's threads inside one window meet at
    // a barrier per convolution band, and under load (another process on a
    // core) every barrier waits a scheduler time slice -- measured 7.5x slower
    // for a 44x44 image. Only a caller-fixed tiling (tile_rows / tile_cols)
    // shares a window between threads.
    const int threads = resolve_threads(pf->settings.threads);
    const int workers = int(std::min<size_t>(size_t(threads), plan.tiles.size()));
    const bool fixed_tiling = pf->settings.tile_rows != 0 || pf->settings.tile_cols != 0;
    const int threads_per_worker = fixed_tiling ? threads / workers : 1;
    try {
        bpgr::pf::ThreadScope scope(threads_per_worker);
        if (!pf->net->prepare({plan.win_rows, plan.win_cols}, workers, threads_per_worker))
            return report(pf, Status{StatusCode::kOutOfMemory, "out of memory for the tile buffers"});
    } catch (const dnnl::error &e) {
        return report(pf, Status{StatusCode::kEngineFailed, std::string("oneDNN error: ") + e.what()});
    } catch (const std::bad_alloc &) {
        return report(pf, Status{StatusCode::kOutOfMemory, "out of memory"});
    }
    return report(pf, bpgr::pf::run_tiles(*pf->net, pf->model, plan, src_img, dst_img, qp_plane, workers,
                                          threads_per_worker, {pf->settings.progress, pf->settings.progress_opaque}));
}

}  // namespace

extern "C" {

void bpgr_pf_default_settings(bpgr_pf_settings *s) {
    if (s == nullptr) return;
    std::memset(s, 0, sizeof *s);
    s->version = BPGR_PF_SETTINGS_VERSION;
    s->threads = 0;
    s->precision = BPGR_PF_PRECISION_AUTO;
}

bpgr_pf_status bpgr_pf_create_from_memory(const uint8_t *data, size_t size, const bpgr_pf_settings *s,
                                          bpgr_postfilter **out) {
    return create(data, size, s, out);
}

bpgr_pf_status bpgr_pf_create_builtin(const char *name, const bpgr_pf_settings *s, bpgr_postfilter **out) {
    if (out == nullptr) return BPGR_PF_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    for (size_t i = 0; name != nullptr && i < bpgr::pf::kBuiltinModelCount; ++i) {
        const bpgr::pf::BuiltinModel &m = bpgr::pf::kBuiltinModels[i];
        if (std::strcmp(m.name, name) == 0) return create(m.begin, size_t(m.end - m.begin), s, out);
    }
    return create(nullptr, 0, s, out,
                  invalid_argument(std::string("unknown built-in model '") + (name ? name : "(null)") + "'"));
}

bpgr_pf_status bpgr_pf_create_from_file(const char *path, const bpgr_pf_settings *s, bpgr_postfilter **out) {
    if (out == nullptr) return BPGR_PF_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    std::vector<uint8_t> bytes;
    Status read;
    FILE *f = path ? std::fopen(path, "rb") : nullptr;
    if (f == nullptr) {
        read = Status{StatusCode::kIo,
                      std::string("cannot open model file '") + (path ? path : "(null)") + "': " + std::strerror(errno)};
    } else {
        try {
            uint8_t chunk[1 << 16];
            size_t n;
            while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
            if (std::ferror(f)) read = Status{StatusCode::kIo, std::string("error reading model file '") + path + "'"};
        } catch (const std::bad_alloc &) {
            read = Status{StatusCode::kOutOfMemory, "out of memory reading the model file"};
        }
        std::fclose(f);
    }
    return create(bytes.data(), bytes.size(), s, out, read);
}

void bpgr_pf_destroy(bpgr_postfilter *pf) { delete pf; }

const char *bpgr_pf_last_error(const bpgr_postfilter *pf) { return pf ? pf->error.c_str() : ""; }

const char *const *bpgr_pf_builtin_names(void) { return bpgr::pf::kBuiltinModelNames; }

bpgr_pf_precision bpgr_pf_effective_precision(const bpgr_postfilter *pf) {
    return pf ? to_public(pf->precision) : BPGR_PF_PRECISION_AUTO;
}

const char *bpgr_pf_precision_name(bpgr_pf_precision p) {
    switch (p) {
    case BPGR_PF_PRECISION_AUTO: return "auto";
    case BPGR_PF_PRECISION_FP32: return "fp32";
    case BPGR_PF_PRECISION_BF16: return "bf16";
    case BPGR_PF_PRECISION_INT8: return "int8";
    }
    return nullptr;
}

double bpgr_pf_macs_per_pixel(const bpgr_postfilter *pf) {
    return pf && pf->net ? pf->model.macs_per_pixel() : 0.0;
}

bpgr_pf_status bpgr_pf_qp_range(const bpgr_postfilter *pf, int *qp_min, int *qp_max) {
    if (pf == nullptr || !pf->net || qp_min == nullptr || qp_max == nullptr) return BPGR_PF_ERR_INVALID_ARGUMENT;
    *qp_min = int(pf->model.qp_min);
    *qp_max = int(pf->model.qp_max);
    return BPGR_PF_OK;
}

bpgr_pf_status bpgr_pf_run(bpgr_postfilter *pf, const uint16_t *src, int width, int height,
                           ptrdiff_t src_stride, int src_channels, void *dst, ptrdiff_t dst_stride,
                           int dst_channels, int dst_bits, int qp) {
    if (pf == nullptr) return BPGR_PF_ERR_INVALID_ARGUMENT;
    return run(pf, {src, width, height, src_stride, src_channels}, dst, dst_stride, dst_channels, dst_bits, qp);
}

bpgr_pf_status bpgr_pf_run_source(bpgr_postfilter *pf, bpgr_pf_source_fn read, void *opaque, int width,
                                  int height, int src_channels, void *dst, ptrdiff_t dst_stride,
                                  int dst_channels, int dst_bits, int qp) {
    if (pf == nullptr) return BPGR_PF_ERR_INVALID_ARGUMENT;
    if (read == nullptr) return report(pf, invalid_argument("null source function"));
    bpgr::pf::SrcImage src{nullptr, width, height, 0, src_channels};
    src.read = read;
    src.read_opaque = opaque;
    return run(pf, src, dst, dst_stride, dst_channels, dst_bits, qp);
}

}  // extern "C"

namespace bpgr::pf {

std::vector<PrimitiveInfo> primitive_infos(const bpgr_postfilter *pf) {
    return pf && pf->net ? pf->net->primitive_infos() : std::vector<PrimitiveInfo>{};
}

const WdsrModel &loaded_model(const bpgr_postfilter *pf) { return pf->model; }

const std::vector<float> &activation_ranges(const bpgr_postfilter *pf) { return pf->activation_ranges; }

TilePlan tile_plan_for(const bpgr_postfilter *pf, int width, int height) {
    return plan_tiles(width, height, tile_limits(pf));
}

bool precision_supported(Precision p) { return !is_reference_impl(probe_block_impl_or_none(p)); }

bool precision_native(Precision p) { return runs_natively(p); }

size_t working_bytes(const bpgr_postfilter *pf) { return pf && pf->net ? pf->net->working_bytes() : 0; }

}  // namespace bpgr::pf
