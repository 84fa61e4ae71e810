// SPDX-License-Identifier: LGPL-3.0-or-later
#include "pixel_io.h"

#include <algorithm>

namespace bpgr::pf {

namespace {

// One window row: `cols` pixels of `channels` samples from s.
void load_row(const uint16_t *s, int channels, int cols, const WdsrModel &model, float qp_plane, float *x) {
    const int in_ch = int(model.in_channels);
    const float inv_max = 1.0f / kSampleMax16;
    for (int c = 0; c < cols; ++c) {
        for (int ch = 0; ch < 3; ++ch) x[ch] = float(s[ch]) * inv_max - model.mean[ch];
        if (in_ch == 4) x[3] = qp_plane;
        s += channels;
        x += in_ch;
    }
}

}  // namespace

bool load_window(WdsrNetwork &net, int worker, const WdsrModel &model, const SrcImage &src,
                 const Tile &tile, float qp_plane, std::vector<uint16_t> *scratch) {
    const TileShape shape = net.shape();
    if (src.samples != nullptr) {
        for (int r = 0; r < shape.rows; ++r) {
            const auto *row = reinterpret_cast<const uint16_t *>(
                reinterpret_cast<const char *>(src.samples) + (tile.win_y0 + r) * src.stride_bytes);
            load_row(row + size_t(tile.win_x0) * src.channels, src.channels, shape.cols, model, qp_plane,
                     net.src_row(worker, r));
        }
        return true;
    }
    const size_t row_samples = size_t(shape.cols) * src.channels;
    scratch->resize(row_samples * kSourceRows);
    for (int r0 = 0; r0 < shape.rows; r0 += kSourceRows) {
        const int rows = std::min(kSourceRows, shape.rows - r0);
        if (src.read(src.read_opaque, tile.win_x0, tile.win_y0 + r0, shape.cols, rows, scratch->data(),
                     ptrdiff_t(row_samples * sizeof(uint16_t))) != 0)
            return false;
        for (int r = 0; r < rows; ++r)
            load_row(scratch->data() + size_t(r) * row_samples, src.channels, shape.cols, model, qp_plane,
                     net.src_row(worker, r0 + r));
    }
    return true;
}

void store_tile(const WdsrNetwork &net, int worker, const WdsrModel &model, const Tile &tile,
                DstImage &dst) {
    const float scale = dst.bits == 8 ? 255.0f : kSampleMax16;
    const int cols = tile.out_x1 - tile.out_x0;
    for (int y = tile.out_y0; y < tile.out_y1; ++y) {
        const float *o = net.dst_row(worker, y - tile.win_y0) + size_t(tile.out_x0 - tile.win_x0) * 3;
        char *row = static_cast<char *>(dst.samples) + y * dst.stride_bytes;
        for (int c = 0; c < cols; ++c) {
            for (int ch = 0; ch < 3; ++ch) {
                const float y_unit = o[ch] + model.mean[ch];
                // Clamp to 0..1 (NaN -> 0), then round once.
                const float v = (y_unit > 0.0f ? (y_unit < 1.0f ? y_unit : 1.0f) : 0.0f) * scale + 0.5f;
                const size_t i = size_t(tile.out_x0 + c) * dst.channels + ch;
                if (dst.bits == 8)
                    reinterpret_cast<uint8_t *>(row)[i] = uint8_t(v);
                else
                    reinterpret_cast<uint16_t *>(row)[i] = uint16_t(v);
            }
            o += 3;
        }
    }
}

}  // namespace bpgr::pf
