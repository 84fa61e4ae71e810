// Helpers shared by the gdk-pixbuf loader tests: feeding bytes through a
// GdkPixbufLoader in fixed-size chunks, and comparing a pixbuf with the
// library's decode.
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include <string>
#include <vector>

#include "reference_decode.h"

namespace pixbuf_test {

// Writes `bytes` in chunks of `chunk` bytes to a loader forced to the "bpg"
// module, then closes it. Returns the loader's animation (a new reference)
// or NULL with *error set. `chunk` 0 = one write of the whole file.
GdkPixbufAnimation *load_in_chunks(const std::vector<uint8_t> &bytes, size_t chunk, GError **error);

// "" when `pixbuf` holds exactly frame `frame` of `ref` (size, channels,
// pixels), else what differs.
std::string compare_frame(GdkPixbuf *pixbuf, const ReferenceImage &ref, size_t frame);

// Turns GLib warnings and criticals into aborts, so a loader bug that makes
// gdk-pixbuf complain fails the test.
void make_warnings_fatal();

}  // namespace pixbuf_test
