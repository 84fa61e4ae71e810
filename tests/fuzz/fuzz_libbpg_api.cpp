// Fuzz target: the libbpg-compatible API in the order a libbpg program
// calls it: get_info_from_buf, open, decode, get_info, then for each frame
// start + every get_line, and the extension list.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bpgr/libbpg.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > (1u << 24)) return 0;
    const int len = static_cast<int>(size);
    const uint8_t *buf = data ? data : reinterpret_cast<const uint8_t *>("");
    const uint8_t selector = size ? data[size - 1] : 0;

    BPGImageInfo info;
    BPGExtensionData *list = nullptr;
    bpg_decoder_get_info_from_buf(&info, nullptr, buf, len);
    if (bpg_decoder_get_info_from_buf(&info, &list, buf, len) == 0) bpg_decoder_free_extension_data(list);

    BPGDecoderContext *s = bpg_decoder_open();
    if (!s) return 0;
    bpg_decoder_keep_extension_data(s, selector & 1);
    // The libbpg API has no limits argument; keep the fuzzer to small pictures.
    if (bpg_decoder_get_info_from_buf(&info, nullptr, buf, len) == 0 &&
        static_cast<uint64_t>(info.width) * info.height <= (1u << 18) && bpg_decoder_decode(s, buf, len) == 0) {
        bpg_decoder_get_info(s, &info);
        for (BPGExtensionData *e = bpg_decoder_get_extension_data(s); e; e = e->next) {
            if (e->buf_len) {
                volatile uint8_t sink = e->buf[0] ^ e->buf[e->buf_len - 1];
                (void)sink;
            }
        }
        const auto format = static_cast<BPGDecoderOutputFormat>((selector >> 1) % 6);
        static const int kBytesPerPixel[] = {3, 4, 6, 8, 4, 8};
        std::vector<uint8_t> line(static_cast<size_t>(info.width) * kBytesPerPixel[format]);
        for (int frame = 0; frame < 8 && bpg_decoder_start(s, format) == 0; ++frame) {
            for (uint32_t y = 0; y < info.height; ++y) {
                if (bpg_decoder_get_line(s, line.data()) < 0) break;
            }
            int num, den;
            bpg_decoder_get_frame_duration(s, &num, &den);
            int linesize;
            bpg_decoder_get_data(s, &linesize, 0);
        }
    }
    bpg_decoder_close(s);
    return 0;
}
