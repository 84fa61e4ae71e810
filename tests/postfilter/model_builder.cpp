#include "model_builder.h"

#include <cmath>
#include <cstring>
#include <random>

namespace bpgr::pf::test {

namespace {

void put_u32(std::vector<uint8_t> &out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}

void put_f32(std::vector<uint8_t> &out, float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    put_u32(out, bits);
}

uint16_t float_to_half(float f) {  // round to nearest even; finite, normal-range test values
    uint32_t x;
    std::memcpy(&x, &f, 4);
    const uint32_t sign = (x >> 16) & 0x8000;
    const int exp = int((x >> 23) & 0xff) - 127 + 15;
    uint32_t mant = x & 0x7fffff;
    if (exp <= 0) {  // subnormal or zero
        if (exp < -10) return uint16_t(sign);
        mant |= 0x800000;
        const int shift = 14 - exp;
        uint32_t h = mant >> shift;
        const uint32_t rem = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
        if (rem > half || (rem == half && (h & 1))) ++h;
        return uint16_t(sign | h);
    }
    uint32_t h = uint32_t(exp) << 10 | (mant >> 13);
    const uint32_t rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;
    return uint16_t(sign | h);
}

void put_tensor(std::vector<uint8_t> &out, const std::vector<uint32_t> &dims, const std::vector<float> &v,
                bool f16) {
    put_u32(out, f16 ? 1 : 0);
    put_u32(out, uint32_t(dims.size()));
    for (uint32_t d : dims) put_u32(out, d);
    for (float f : v) {
        if (f16) {
            const uint16_t h = float_to_half(f);
            out.push_back(uint8_t(h));
            out.push_back(uint8_t(h >> 8));
        } else {
            put_f32(out, f);
        }
    }
}

void put_conv(std::vector<uint8_t> &out, const ConvWeights &c, bool f16) {
    put_tensor(out, {c.out_channels, c.in_channels, c.kernel, c.kernel}, c.weights, f16);
    put_tensor(out, {c.out_channels}, c.bias, f16);
}

ConvWeights random_conv(std::mt19937 &rng, uint32_t oc, uint32_t ic, uint32_t k, float gain) {
    ConvWeights c;
    c.out_channels = oc;
    c.in_channels = ic;
    c.kernel = k;
    const float amp = gain * std::sqrt(3.0f * 2.0f / float(ic * k * k));
    std::uniform_real_distribution<float> w(-amp, amp), b(-0.05f, 0.05f);
    c.weights.resize(size_t(oc) * ic * k * k);
    for (float &v : c.weights) v = w(rng);
    c.bias.resize(oc);
    for (float &v : c.bias) v = b(rng);
    return c;
}

}  // namespace

ModelShape paper_shape() {
    ModelShape s;
    s.blocks = 16;
    s.width = 32;
    s.expanded = 128;
    s.res_scale = 1.0f;
    return s;
}

WdsrModel random_model(const ModelShape &shape, uint32_t seed) {
    std::mt19937 rng(seed);
    WdsrModel m;
    m.n_blocks = shape.blocks;
    m.width = shape.width;
    m.expanded_width = shape.expanded;
    m.kernel = shape.kernel;
    m.skip_kernel = shape.skip_kernel;
    m.in_channels = shape.in_channels;
    m.qp_min = 20;
    m.qp_max = 40;
    m.mean[0] = 0.45f;
    m.mean[1] = 0.5f;
    m.mean[2] = 0.4f;
    m.res_scale = shape.res_scale;
    m.qp_center = 30.0f;
    m.qp_scale = 10.0f;
    m.name = "random";
    m.head = random_conv(rng, shape.width, shape.in_channels, shape.kernel, 1.0f);
    for (uint32_t b = 0; b < shape.blocks; ++b) {
        WdsrBlock blk;
        blk.conv1 = random_conv(rng, shape.expanded, shape.width, shape.kernel, 1.0f);
        blk.conv2 = random_conv(rng, shape.width, shape.expanded, shape.kernel, 0.3f);
        m.blocks.push_back(std::move(blk));
    }
    m.tail = random_conv(rng, 3, shape.width, shape.kernel, 0.05f);
    m.skip = random_conv(rng, 3, shape.in_channels, shape.skip_kernel, 0.3f);
    const uint32_t centre = (shape.skip_kernel / 2) * shape.skip_kernel + shape.skip_kernel / 2;
    for (uint32_t c = 0; c < 3; ++c)
        m.skip.weights[(c * shape.in_channels + c) * shape.skip_kernel * shape.skip_kernel + centre] += 0.8f;
    return m;
}

std::vector<uint8_t> serialize_model(const WdsrModel &m, bool f16) {
    std::vector<uint8_t> out(kModelMagic, kModelMagic + 8);
    put_u32(out, kModelFormatVersion);
    put_u32(out, kMinHeaderBytes);
    for (uint32_t v : {m.n_blocks, m.width, m.expanded_width, m.kernel, m.skip_kernel, m.in_channels,
                       m.qp_min, m.qp_max, m.color_domain, m.flags})
        put_u32(out, v);
    for (float v : {m.mean[0], m.mean[1], m.mean[2], m.res_scale, m.qp_center, m.qp_scale}) put_f32(out, v);
    char name[kModelNameBytes] = {};
    std::memcpy(name, m.name.data(), std::min(m.name.size(), sizeof name - 1));
    out.insert(out.end(), name, name + sizeof name);
    put_conv(out, m.head, f16);
    for (const WdsrBlock &b : m.blocks) {
        put_conv(out, b.conv1, f16);
        put_conv(out, b.conv2, f16);
    }
    put_conv(out, m.tail, f16);
    put_conv(out, m.skip, f16);
    put_u32(out, uint32_t(m.calibration.size()));
    for (float v : m.calibration) put_f32(out, v);
    const uint64_t h = fnv1a64(out.data(), out.size());
    for (int i = 0; i < 8; ++i) out.push_back(uint8_t(h >> (8 * i)));
    return out;
}

void fix_hash(std::vector<uint8_t> &file) {
    if (file.size() < 8) return;
    const size_t body = file.size() - 8;
    const uint64_t h = fnv1a64(file.data(), body);
    for (int i = 0; i < 8; ++i) file[body + i] = uint8_t(h >> (8 * i));
}

std::vector<uint16_t> random_image16(int width, int height, int channels, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> d(0, 65535);
    std::vector<uint16_t> img(size_t(width) * height * channels);
    for (uint16_t &v : img) v = uint16_t(d(rng));
    return img;
}

std::vector<float> to_unit_rgb(const std::vector<uint16_t> &img, int channels) {
    const size_t pixels = img.size() / channels;
    std::vector<float> rgb(pixels * 3);
    for (size_t i = 0; i < pixels; ++i)
        for (int c = 0; c < 3; ++c) rgb[i * 3 + c] = float(img[i * channels + c]) / 65535.0f;
    return rgb;
}

}  // namespace bpgr::pf::test
