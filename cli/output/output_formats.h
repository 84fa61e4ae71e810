// The output formats bpgdec writes, in one table (output_formats.cpp): the
// file-name extension that picks each, the pixels it takes and its writer.
// A new format is a FrameWriter in a file of its own plus one row there.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "frame_writer.h"

namespace bpgr::cli {

enum class OutputKind { kPng, kPpm };

// What a writer gets besides its stream.
struct WriterOptions {
    ImageMetadata metadata;
    int threads = 0;  // compression threads (0 = one per CPU)
};

struct OutputFormat {
    OutputKind kind;
    const char *extension;  // lower case, no dot
    bool keeps_alpha;       // RGBA when the picture has alpha (else RGB)
    bool takes_bit_depth;   // 8 or 16 bits per sample as -b says (else 8)
    std::unique_ptr<FrameWriter> (*make_writer)(std::FILE *stream, const WriterOptions &options);
};

// The table's row for `kind`.
const OutputFormat &output_format(OutputKind kind);

// The row whose extension is the text after the last '.' of the last path
// component (any case); PPM when that component has no '.', PNG for any
// other extension (libbpg's bpgdec rule).
const OutputFormat &output_format_for_name(const std::string &path);

// output_format_for_name(path).kind.
OutputKind output_kind_for_name(const std::string &path);

}  // namespace bpgr::cli
