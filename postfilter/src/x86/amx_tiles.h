// The AMX tile state: Linux's per-process permission, and the one tile
// configuration bpgr uses (all 8 tiles 16 rows x 64 bytes). The state is per
// thread: configure on the thread that runs tile instructions, release after.
// SPDX-License-Identifier: LGPL-3.0-or-later
#ifndef BPGR_POSTFILTER_AMX_TILES_H
#define BPGR_POSTFILTER_AMX_TILES_H

namespace bpgr::pf {

// The CPU has AMX tiles and Linux granted this process the tile state (asked
// for on the first call; the answer does not change).
bool amx_tiles_permitted();

// Requires amx_tiles_permitted().
void configure_full_tiles();
void release_tiles();

}  // namespace bpgr::pf

#endif
