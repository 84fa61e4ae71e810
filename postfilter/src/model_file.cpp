// SPDX-License-Identifier: LGPL-3.0-or-later
#include "model_file.h"

#include <cmath>
#include <cstring>

namespace bpgr::pf {

namespace {

constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;
constexpr size_t kHashBytes = 8;
constexpr uint32_t kDtypeF32 = 0;
constexpr uint32_t kDtypeF16 = 1;

// Little-endian, bounds-checked reads; the first failure sticks.
class LeReader {
public:
    LeReader(const uint8_t *data, size_t size) : data_(data), size_(size) {}

    bool ok() const { return status_.ok(); }
    const Status &status() const { return status_; }
    size_t pos() const { return pos_; }
    size_t remaining() const { return size_ - pos_; }

    // A field that is present but invalid.
    void fail(const std::string &msg) { fail(StatusCode::kInvalidData, msg); }
    bool need(size_t n, const char *what) {
        if (!ok()) return false;
        if (n > remaining()) {
            fail(StatusCode::kTruncated, std::string("truncated model file: need ") + std::to_string(n) +
                                             " bytes for " + what + " at offset " + std::to_string(pos_) +
                                             ", have " + std::to_string(remaining()));
            return false;
        }
        return true;
    }
    uint32_t u32(const char *what) {
        if (!need(4, what)) return 0;
        const uint8_t *p = data_ + pos_;
        pos_ += 4;
        return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    }
    uint16_t u16(const char *what) {
        if (!need(2, what)) return 0;
        const uint8_t *p = data_ + pos_;
        pos_ += 2;
        return uint16_t(p[0] | p[1] << 8);
    }
    float f32(const char *what) {
        uint32_t bits = u32(what);
        float v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    const uint8_t *bytes(size_t n, const char *what) {
        if (!need(n, what)) return nullptr;
        const uint8_t *p = data_ + pos_;
        pos_ += n;
        return p;
    }

private:
    const uint8_t *data_;
    size_t size_;
    void fail(StatusCode code, const std::string &msg) {
        if (ok()) status_ = Status{code, msg};
    }

    size_t pos_ = 0;
    Status status_;  // the first failure
};

bool read_tensor(LeReader &r, const std::string &what, const std::vector<uint32_t> &dims,
                 std::vector<float> *out) {
    uint32_t dtype = r.u32("tensor dtype");
    uint32_t ndim = r.u32("tensor ndim");
    if (!r.ok()) return false;
    if (dtype != kDtypeF32 && dtype != kDtypeF16) {
        r.fail(what + ": unknown dtype " + std::to_string(dtype));
        return false;
    }
    if (ndim != dims.size()) {
        r.fail(what + ": ndim " + std::to_string(ndim) + ", expected " +
               std::to_string(dims.size()));
        return false;
    }
    size_t count = 1;
    for (size_t i = 0; i < dims.size(); ++i) {
        uint32_t d = r.u32("tensor dims");
        if (!r.ok()) return false;
        if (d != dims[i]) {
            r.fail(what + ": dim " + std::to_string(i) + " is " + std::to_string(d) +
                   ", expected " + std::to_string(dims[i]));
            return false;
        }
        count *= d;
    }
    const size_t elem = dtype == kDtypeF32 ? 4 : 2;
    if (count > r.remaining() / elem) {
        r.need(count * elem, what.c_str());
        return false;
    }
    out->resize(count);
    for (size_t i = 0; i < count; ++i) {
        float v = dtype == kDtypeF32 ? r.f32("tensor data") : half_to_float(r.u16("tensor data"));
        if (!std::isfinite(v)) {
            r.fail(what + ": non-finite value at element " + std::to_string(i));
            return false;
        }
        (*out)[i] = v;
    }
    return r.ok();
}

bool read_conv(LeReader &r, const std::string &name, uint32_t out_ch, uint32_t in_ch,
               uint32_t kernel, ConvWeights *conv) {
    conv->out_channels = out_ch;
    conv->in_channels = in_ch;
    conv->kernel = kernel;
    return read_tensor(r, name + ".weight", {out_ch, in_ch, kernel, kernel}, &conv->weights) &&
           read_tensor(r, name + ".bias", {out_ch}, &conv->bias);
}

bool in_range(uint32_t v, uint32_t lo, uint32_t hi) { return v >= lo && v <= hi; }

Status validate_header(const WdsrModel &m) {
    auto bad = [](const std::string &msg) { return Status{StatusCode::kInvalidData, "invalid model header: " + msg}; };
    if (!in_range(m.n_blocks, 1, kMaxBlocks))
        return bad("n_blocks " + std::to_string(m.n_blocks) + " outside 1.." + std::to_string(kMaxBlocks));
    if (!in_range(m.width, 1, kMaxWidth))
        return bad("width " + std::to_string(m.width) + " outside 1.." + std::to_string(kMaxWidth));
    if (!in_range(m.expanded_width, 1, kMaxExpandedWidth))
        return bad("expanded_width " + std::to_string(m.expanded_width) + " outside 1.." +
                   std::to_string(kMaxExpandedWidth));
    if (!in_range(m.kernel, 1, kMaxKernel) || m.kernel % 2 == 0)
        return bad("kernel " + std::to_string(m.kernel) + " is not odd in 1.." + std::to_string(kMaxKernel));
    if (!in_range(m.skip_kernel, 1, kMaxKernel) || m.skip_kernel % 2 == 0)
        return bad("skip_kernel " + std::to_string(m.skip_kernel) + " is not odd in 1.." +
                   std::to_string(kMaxKernel));
    if (m.in_channels != 3 && m.in_channels != 4)
        return bad("in_channels " + std::to_string(m.in_channels) + " (expected 3 or 4)");
    if (m.qp_min > m.qp_max) return bad("qp_min > qp_max");
    if (m.color_domain != 0) return bad("unknown color_domain " + std::to_string(m.color_domain));
    if (m.flags & ~kFlagsKnownMask) return bad("unknown flags " + std::to_string(m.flags));
    for (float v : {m.mean[0], m.mean[1], m.mean[2], m.res_scale, m.qp_center, m.qp_scale})
        if (!std::isfinite(v)) return bad("non-finite mean, res_scale or qp scaling");
    if (m.in_channels == 4 && m.qp_scale == 0.0f) return bad("qp_scale is 0");
    return Status{};
}

}  // namespace

uint64_t fnv1a64(const uint8_t *data, size_t size) {
    uint64_t h = kFnvOffsetBasis;
    for (size_t i = 0; i < size; ++i) {
        h ^= data[i];
        h *= kFnvPrime;
    }
    return h;
}

float half_to_float(uint16_t h) {
    const uint32_t sign = uint32_t(h >> 15) << 31;
    const uint32_t exponent = (h >> 10) & 0x1f;
    uint32_t mantissa = h & 0x3ff;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: renormalise
            int e = -1;
            do {
                ++e;
                mantissa <<= 1;
            } while ((mantissa & 0x400) == 0);
            bits = sign | uint32_t(127 - 15 - e) << 23 | (mantissa & 0x3ff) << 13;
        }
    } else if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | mantissa << 13;
    } else {
        bits = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
    }
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

uint32_t WdsrModel::receptive_radius() const {
    const uint32_t body = (2 + 2 * n_blocks) * (kernel / 2);
    const uint32_t skip_radius = skip_kernel / 2;
    return body > skip_radius ? body : skip_radius;
}

double WdsrModel::macs_per_pixel() const {
    const double k2 = double(kernel) * kernel;
    return k2 * (double(in_channels) * width + 2.0 * n_blocks * width * expanded_width +
                 3.0 * width) +
           double(skip_kernel) * skip_kernel * 3.0 * in_channels;
}

Status parse_model(const uint8_t *data, size_t size, WdsrModel *model) {
    WdsrModel m;
    if (data == nullptr || size < sizeof kModelMagic + 8 + kHashBytes)
        return Status{StatusCode::kTruncated, "truncated model file: " + std::to_string(size) + " bytes"};
    if (std::memcmp(data, kModelMagic, sizeof kModelMagic) != 0)
        return Status{StatusCode::kWrongFormat, "not a bpgr model file (bad magic)"};
    const size_t body_size = size - kHashBytes;
    LeReader r(data, body_size);
    r.bytes(sizeof kModelMagic, "magic");
    const uint32_t version = r.u32("format_version");
    if (r.ok() && version != kModelFormatVersion) {
        return Status{StatusCode::kWrongFormat, "unsupported model format version " + std::to_string(version) +
                                                    " (this build reads " + std::to_string(kModelFormatVersion) +
                                                    ")"};
    }
    // The hash is checked before anything else is trusted.
    uint64_t stored_hash = 0;
    for (size_t i = 0; i < kHashBytes; ++i) stored_hash |= uint64_t(data[body_size + i]) << (8 * i);
    m.content_hash = fnv1a64(data, body_size);
    if (m.content_hash != stored_hash)
        return Status{StatusCode::kInvalidData, "model file content hash mismatch (corrupt or truncated file)"};

    const uint32_t header_bytes = r.u32("header_bytes");
    if (!r.ok()) return r.status();
    if (header_bytes < kMinHeaderBytes) {
        return Status{StatusCode::kInvalidData, "invalid model header: header_bytes " + std::to_string(header_bytes) +
                                                    " < " + std::to_string(kMinHeaderBytes)};
    }
    LeReader h(r.bytes(header_bytes, "header"), header_bytes);
    if (!r.ok()) return r.status();
    m.n_blocks = h.u32("n_blocks");
    m.width = h.u32("width");
    m.expanded_width = h.u32("expanded_width");
    m.kernel = h.u32("kernel");
    m.skip_kernel = h.u32("skip_kernel");
    m.in_channels = h.u32("in_channels");
    m.qp_min = h.u32("qp_min");
    m.qp_max = h.u32("qp_max");
    m.color_domain = h.u32("color_domain");
    m.flags = h.u32("flags");
    for (float &v : m.mean) v = h.f32("mean");
    m.res_scale = h.f32("res_scale");
    m.qp_center = h.f32("qp_center");
    m.qp_scale = h.f32("qp_scale");
    const uint8_t *name = h.bytes(kModelNameBytes, "name");
    m.name.assign(reinterpret_cast<const char *>(name), kModelNameBytes);
    m.name.resize(std::strlen(m.name.c_str()));
    BPGR_RETURN_IF_ERROR(validate_header(m));

    const uint32_t f = m.width, e = m.expanded_width, k = m.kernel, c = m.in_channels;
    bool ok = read_conv(r, "head", f, c, k, &m.head);
    m.blocks.resize(m.n_blocks);
    for (uint32_t b = 0; ok && b < m.n_blocks; ++b) {
        const std::string prefix = "block" + std::to_string(b);
        ok = read_conv(r, prefix + ".conv1", e, f, k, &m.blocks[b].conv1) &&
             read_conv(r, prefix + ".conv2", f, e, k, &m.blocks[b].conv2);
    }
    ok = ok && read_conv(r, "tail", 3, f, k, &m.tail) &&
         read_conv(r, "skip", 3, c, m.skip_kernel, &m.skip);
    if (ok) {
        const uint32_t count = r.u32("calibration count");
        if (r.ok() && count != 0 && count != m.conv_layer_count()) {
            return Status{StatusCode::kInvalidData, "calibration count " + std::to_string(count) +
                                                        ", expected 0 or " + std::to_string(m.conv_layer_count())};
        }
        m.calibration.resize(count);
        for (uint32_t i = 0; r.ok() && i < count; ++i) {
            const float v = r.f32("calibration");
            if (r.ok() && !(std::isfinite(v) && v >= 0.0f)) {
                return Status{StatusCode::kInvalidData,
                              "calibration value " + std::to_string(i) + " is not a finite number >= 0"};
            }
            m.calibration[i] = v;
        }
    }
    if (!r.ok()) return r.status();
    if (r.remaining() != 0) {
        return Status{StatusCode::kInvalidData,
                      "model file has " + std::to_string(r.remaining()) + " unexpected bytes after the calibration"};
    }
    *model = std::move(m);
    return Status{};
}

}  // namespace bpgr::pf
