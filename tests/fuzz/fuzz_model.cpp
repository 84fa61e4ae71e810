// Fuzz target: the .bpgrm model-file parser (postfilter/src/model_file.cpp;
// `bpgdec --restore --model FILE` reads user files). Each input is parsed as
// is, then again with its trailing FNV-1a hash recomputed so that mutations
// get past the hash check into the structure checks. Every failure must name
// its problem; every accepted model must be self-consistent.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model_file.h"

namespace {

using bpgr::pf::ConvWeights;
using bpgr::pf::WdsrModel;

bool conv_ok(const ConvWeights &c, uint32_t out, uint32_t in, uint32_t k) {
    if (c.out_channels != out || c.in_channels != in || c.kernel != k) return false;
    if (c.weights.size() != size_t(out) * in * k * k || c.bias.size() != out) return false;
    for (float v : c.weights)
        if (!std::isfinite(v)) return false;
    for (float v : c.bias)
        if (!std::isfinite(v)) return false;
    return true;
}

void check(const uint8_t *data, size_t size) {
    WdsrModel m;
    const bpgr::Status st = bpgr::pf::parse_model(data, size, &m);
    if (!st.ok()) {
        if (st.message.empty()) __builtin_trap();  // every error names its problem
        return;
    }
    if (m.blocks.size() != m.n_blocks || m.n_blocks == 0 || m.n_blocks > bpgr::pf::kMaxBlocks) __builtin_trap();
    if (m.kernel % 2 == 0 || m.skip_kernel % 2 == 0) __builtin_trap();
    if (m.in_channels != 3 && m.in_channels != 4) __builtin_trap();
    if (!conv_ok(m.head, m.width, m.in_channels, m.kernel)) __builtin_trap();
    for (const auto &b : m.blocks) {
        if (!conv_ok(b.conv1, m.expanded_width, m.width, m.kernel)) __builtin_trap();
        if (!conv_ok(b.conv2, m.width, m.expanded_width, m.kernel)) __builtin_trap();
    }
    if (!conv_ok(m.tail, 3, m.width, m.kernel) || !conv_ok(m.skip, 3, m.in_channels, m.skip_kernel))
        __builtin_trap();
    if (!m.calibration.empty() && m.calibration.size() != 2 * size_t(m.n_blocks) + 3) __builtin_trap();
    for (float v : m.calibration)
        if (!(std::isfinite(v) && v >= 0.0f)) __builtin_trap();
    if (m.flags & ~bpgr::pf::kFlagsKnownMask) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!data) data = reinterpret_cast<const uint8_t *>("");
    check(data, size);
    if (size >= 8) {
        std::vector<uint8_t> fixed(data, data + size);
        const uint64_t h = bpgr::pf::fnv1a64(fixed.data(), size - 8);
        for (int i = 0; i < 8; ++i) fixed[size - 8 + i] = uint8_t(h >> (8 * i));
        check(fixed.data(), fixed.size());
    }
    return 0;
}
