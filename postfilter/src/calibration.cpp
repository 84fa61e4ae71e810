// SPDX-License-Identifier: LGPL-3.0-or-later
#include "calibration.h"

#include "thread_scope.h"

#include <cmath>

#include "pixel_io.h"
#include "reference_net.h"
#include "wdsr_network.h"

namespace bpgr::pf {

namespace {
constexpr int kCalibrationSize = 96;
constexpr float kPi = 3.14159265f;
}

std::vector<uint16_t> synthetic_calibration_image(int width, int height) {
    std::vector<uint16_t> img(size_t(width) * height * 3);
    uint32_t rng = 0x9e3779b9u;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const float u = float(x) / float(width - 1), v = float(y) / float(height - 1);
            for (int c = 0; c < 3; ++c) {
                float s;
                if (y < height / 3) {  // smooth gradients
                    s = c == 0 ? u : c == 1 ? v : 0.5f * (u + v);
                } else if (y < 2 * height / 3) {  // hard edges, black to white
                    s = ((x / 6 + y / 6 + c) % 2) ? 1.0f : 0.0f;
                } else {  // fine texture
                    s = 0.5f + 0.45f * std::sin(kPi * (0.7f * x + 0.3f * y * (c + 1)) / 3.0f);
                }
                rng = rng * 1664525u + 1013904223u;
                const float noise = (float(rng >> 8) / float(1 << 24) - 0.5f) * 0.06f;
                const float clamped = std::fmin(std::fmax(s + noise, 0.0f), 1.0f);
                img[(size_t(y) * width + x) * 3 + c] = uint16_t(clamped * kSampleMax16 + 0.5f);
            }
        }
    }
    return img;
}

std::vector<float> calibrate_on_synthetic_image(const WdsrModel &model, int qp_for_plane) {
    const int size = kCalibrationSize;
    // One thread: a 96x96 window is too small to share, and oneDNN's barriers
    // stall whenever another process holds a core.
    ThreadScope one_thread(1);
    const std::vector<uint16_t> img = synthetic_calibration_image(size, size);
    WdsrNetwork net(model, Precision::kFp32, {});
    if (!net.prepare({size, size})) throw std::bad_alloc();
    net.set_record_activation_max(true);
    const SrcImage src{img.data(), size, size, ptrdiff_t(size) * 3 * 2, 3};
    const Tile whole{0, 0, size, size, 0, 0};
    load_window(net, 0, model, src, whole, qp_plane_value(model, qp_for_plane));
    net.run(0, {});
    return net.activation_max();
}

}  // namespace bpgr::pf
