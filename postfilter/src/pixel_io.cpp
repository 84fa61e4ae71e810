// SPDX-License-Identifier: LGPL-3.0-or-later
#include "pixel_io.h"

namespace bpgr::pf {

void load_window(WdsrNetwork &net, int worker, const WdsrModel &model, const SrcImage &src,
                 const Tile &tile, float qp_plane) {
    const TileShape shape = net.shape();
    const int in_ch = int(model.in_channels);
    const float inv_max = 1.0f / kSampleMax16;
    for (int r = 0; r < shape.rows; ++r) {
        const auto *row = reinterpret_cast<const uint16_t *>(
            reinterpret_cast<const char *>(src.samples) + (tile.win_y0 + r) * src.stride_bytes);
        const uint16_t *s = row + size_t(tile.win_x0) * src.channels;
        float *x = net.src_row(worker, r);
        for (int c = 0; c < shape.cols; ++c) {
            for (int ch = 0; ch < 3; ++ch) x[ch] = float(s[ch]) * inv_max - model.mean[ch];
            if (in_ch == 4) x[3] = qp_plane;
            s += src.channels;
            x += in_ch;
        }
    }
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
