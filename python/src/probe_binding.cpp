// bpgr_probe gives the header fields with a status and a sentence on
// failure; the extension records come from the libbpg-compatible header
// parse (bpg_decoder_get_info_from_buf), the one `bpgdec -i` prints from.
#include "probe_binding.h"

#include <climits>

#include "bpgr/decoder.h"
#include "bpgr/libbpg.h"
#include "byte_view.h"
#include "image_info_dict.h"
#include "status_error.h"

namespace py = pybind11;

namespace bpgr::python {

namespace {

struct ExtensionList {
    BPGExtensionData *first = nullptr;
    ~ExtensionList() { bpg_decoder_free_extension_data(first); }
};

py::dict probe(const py::buffer &data, bool keep_extensions) {
    ByteView bytes(data);
    bpgr_image_info info{};
    char message[256] = "";
    ExtensionList extensions;
    bpgr_status status;
    int compat_result = 0;
    {
        py::gil_scoped_release unlocked;
        status = bpgr_probe(bytes.data(), bytes.size(), nullptr, &info, message, sizeof message);
        if (status == BPGR_OK && keep_extensions && info.extension_count > 0) {
            BPGImageInfo compat_info;
            compat_result = bytes.size() > size_t(INT_MAX)
                                ? -1
                                : bpg_decoder_get_info_from_buf(&compat_info, &extensions.first,
                                                                bytes.data(), int(bytes.size()));
        }
    }
    if (status < 0) throw_status(status, message);
    if (compat_result < 0) throw_status(BPGR_ERR_INVALID_DATA, "cannot read the extension block");
    py::list records;
    for (const BPGExtensionData *e = extensions.first; e; e = e->next) {
        records.append(py::make_tuple(uint32_t(e->tag),
                                      py::bytes(reinterpret_cast<const char *>(e->buf), e->buf_len)));
    }
    return image_info_dict(info, records);
}

}  // namespace

void register_probe(py::module_ &m) {
    m.def("probe", &probe, py::arg("data"), py::arg("keep_extensions") = true,
          "Header fields and extension records of a BPG file, without decoding.");
}

}  // namespace bpgr::python
