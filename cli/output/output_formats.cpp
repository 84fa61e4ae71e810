#include "output_formats.h"

#include <cctype>

#include "png_writer.h"
#include "ppm_writer.h"

namespace bpgr::cli {

namespace {

std::unique_ptr<FrameWriter> make_png_writer(std::FILE *stream, const WriterOptions &options) {
    PngSettings settings;
    settings.threads = options.threads;
    return std::make_unique<PngWriter>(stream, options.metadata, settings);
}

std::unique_ptr<FrameWriter> make_ppm_writer(std::FILE *stream, const WriterOptions &) {
    return std::make_unique<PpmWriter>(stream);
}

const OutputFormat kOutputFormats[] = {
    // kind             extension  alpha  -b     writer
    {OutputKind::kPng, "png", true, true, make_png_writer},
    {OutputKind::kPpm, "ppm", false, false, make_ppm_writer},
};
constexpr OutputKind kNoExtension = OutputKind::kPpm;
constexpr OutputKind kOtherExtension = OutputKind::kPng;

bool same_letters(const std::string &text, const char *lower) {
    size_t i = 0;
    for (; i < text.size() && lower[i]; ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != lower[i]) return false;
    return i == text.size() && !lower[i];
}

}  // namespace

const OutputFormat &output_format(OutputKind kind) {
    for (const OutputFormat &format : kOutputFormats)
        if (format.kind == kind) return format;
    return kOutputFormats[0];
}

const OutputFormat &output_format_for_name(const std::string &path) {
    const size_t slash = path.find_last_of('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.find_last_of('.');
    if (dot == std::string::npos) return output_format(kNoExtension);
    const std::string ext = name.substr(dot + 1);
    for (const OutputFormat &format : kOutputFormats)
        if (same_letters(ext, format.extension)) return format;
    return output_format(kOtherExtension);
}

OutputKind output_kind_for_name(const std::string &path) { return output_format_for_name(path).kind; }

}  // namespace bpgr::cli
