#include "hevc_dump.h"

#include "file_output.h"

namespace bpgr::cli {

namespace {

constexpr int kColorLayer = 0;
constexpr int kAlphaLayer = 1;

bool write_layer(const std::string &bpg_bytes, int layer, const std::string &path,
                 const std::string &input_path, std::string &error) {
    uint8_t *stream = nullptr;
    size_t stream_size = 0;
    char message[256] = "";
    const bpgr_status status =
        bpgr_rebuild_hevc_stream(reinterpret_cast<const uint8_t *>(bpg_bytes.data()),
                                 bpg_bytes.size(), layer, &stream, &stream_size, message,
                                 sizeof message);
    if (status < 0) {
        error = "Could not rebuild the HEVC stream of layer " + std::to_string(layer) + ": " +
                (message[0] ? message : bpgr_status_string(status));
        return false;
    }
    FileOutput output;
    bool ok = output.open(path, input_path) &&
              std::fwrite(stream, 1, stream_size, output.stream()) == stream_size &&
              output.commit();
    if (!ok) error = output.error().empty() ? path + ": I/O error" : output.error();
    bpgr_free(stream);
    return ok;
}

}  // namespace

bool write_hevc_streams(const std::string &bpg_bytes, const CliSettings &settings,
                        std::string &error) {
    if (!settings.hevc_path.empty() &&
        !write_layer(bpg_bytes, kColorLayer, settings.hevc_path, settings.input_path, error))
        return false;
    if (!settings.hevc_alpha_path.empty() &&
        !write_layer(bpg_bytes, kAlphaLayer, settings.hevc_alpha_path, settings.input_path,
                     error))
        return false;
    return true;
}

}  // namespace bpgr::cli
