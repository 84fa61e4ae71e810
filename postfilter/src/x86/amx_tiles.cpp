// SPDX-License-Identifier: LGPL-3.0-or-later
#include "amx_tiles.h"

#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

namespace bpgr::pf {

namespace {

bool request_permission() {
    constexpr long kArchReqXcompPerm = 0x1023, kXfeatureXtiledata = 18;
    return __builtin_cpu_supports("amx-tile") && syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0;
}

struct alignas(64) TileConfig {
    uint8_t palette = 1, start_row = 0, reserved[14] = {};
    uint16_t colsb[16] = {};
    uint8_t rows[16] = {};
};

}  // namespace

bool amx_tiles_permitted() {
    static const bool granted = request_permission();
    return granted;
}

__attribute__((target("amx-tile"))) void configure_full_tiles() {
    TileConfig cfg;
    for (int t = 0; t < 8; ++t) {
        cfg.colsb[t] = 64;
        cfg.rows[t] = 16;
    }
    // GCC 12 does not treat ldtilecfg as a read of cfg: keep its stores.
    asm volatile("" : : "r"(&cfg) : "memory");
    _tile_loadconfig(&cfg);
}

__attribute__((target("amx-tile"))) void release_tiles() { _tile_release(); }

}  // namespace bpgr::pf
