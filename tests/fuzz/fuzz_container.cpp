// Fuzz target: the container parser alone (no libde265): bpgr_probe and
// parse_container at every depth, with and without extension parsing.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "bpgr/decoder.h"
#include "container_reader.h"
#include "fuzz_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!data) data = reinterpret_cast<const uint8_t *>("");
    bpgr_limits limits;
    fuzz_limits(&limits);
    bpgr_image_info info;
    char msg[256];
    bpgr_status st = bpgr_probe(data, size, &limits, &info, msg, sizeof msg);
    if (st != BPGR_OK && msg[0] == '\0') __builtin_trap();  // every error has a message
    for (auto depth : {bpgr::ParseDepth::kSize, bpgr::ParseDepth::kExtensions, bpgr::ParseDepth::kHeaders}) {
        for (bool keep : {false, true}) {
            bpgr::BpgHeader header;
            bpgr::Status s = bpgr::parse_container(data, size, depth, keep, nullptr, header);
            if (!s.ok() && s.message.empty()) __builtin_trap();
            if (s.code == bpgr::StatusCode::kInternal) __builtin_trap();
            if (s.ok()) {
                for (const auto &ext : header.extensions) {
                    if (ext.offset > size || ext.size > size - ext.offset) __builtin_trap();
                }
                if (depth == bpgr::ParseDepth::kHeaders && header.hevc_data_offset > size) __builtin_trap();
            }
        }
    }
    return 0;
}
