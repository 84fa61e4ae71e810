#include "decoder_binding.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "bpgr/decoder.h"
#include "byte_view.h"
#include "image_info_dict.h"
#include "status_error.h"

namespace py = pybind11;

namespace bpgr::python {

namespace {

struct DecoderDeleter {
    void operator()(bpgr_decoder *dec) const { bpgr_decoder_destroy(dec); }
};

const char *precision_name(bpgr_precision p) {
    switch (p) {
    case BPGR_PRECISION_FP32: return "fp32";
    case BPGR_PRECISION_BF16: return "bf16";
    case BPGR_PRECISION_INT8: return "int8";
    default: return "auto";
    }
}

bool is_16_bit(bpgr_output_format f) {
    return f == BPGR_OUTPUT_RGB48 || f == BPGR_OUTPUT_RGBA64 || f == BPGR_OUTPUT_CMYK64;
}

bool is_cmyk(bpgr_output_format f) { return f == BPGR_OUTPUT_CMYK32 || f == BPGR_OUTPUT_CMYK64; }

int channels_of(bpgr_output_format f) {
    return f == BPGR_OUTPUT_RGB24 || f == BPGR_OUTPUT_RGB48 ? 3 : 4;
}

class Decoder {
public:
    Decoder(int threads, bool restore, std::optional<std::string> model, int precision,
            bool keep_extensions) {
        if (precision < BPGR_PRECISION_AUTO || precision > BPGR_PRECISION_INT8) {
            throw py::value_error("precision must be 0..3 (auto, fp32, bf16, int8)");
        }
        bpgr_decoder_settings s;
        bpgr_decoder_default_settings(&s);
        s.threads = threads;
        s.keep_extensions = keep_extensions ? 1 : 0;
        s.restore = restore ? 1 : 0;
        s.restore_model = model ? model->c_str() : nullptr;
        s.restore_precision = static_cast<bpgr_precision>(precision);
        bpgr_decoder *raw = nullptr;
        bpgr_status st;
        {
            py::gil_scoped_release unlocked;  // loading a model takes a while
            st = bpgr_decoder_create(&s, &raw);
        }
        dec_.reset(raw);
        if (st < 0) {
            throw_status(st, std::string("cannot create the decoder: ") +
                                 (raw ? bpgr_decoder_last_error(raw) : bpgr_status_string(st)));
        }
    }

    void open(const py::buffer &data) {
        ByteView bytes(data);
        Exclusive use(*this);
        bpgr_status st;
        {
            py::gil_scoped_release unlocked;
            if (opened_) bpgr_decoder_reset(dec_.get());
            opened_ = true;
            st = bpgr_decoder_open(dec_.get(), bytes.data(), bytes.size());
        }
        if (st < 0) fail(st);
        ok_ = true;
    }

    void reset() {
        Exclusive use(*this);
        bpgr_decoder_reset(dec_.get());
        opened_ = ok_ = false;
    }

    py::dict info() {
        Exclusive use(*this);
        require_open();
        bpgr_image_info info;
        bpgr_decoder_get_info(dec_.get(), &info);
        py::list records;
        for (uint32_t i = 0; i < info.extension_count; ++i) {
            uint32_t tag = 0;
            const uint8_t *data = nullptr;
            size_t size = 0;
            if (bpgr_decoder_get_extension(dec_.get(), i, &tag, &data, &size) != BPGR_OK) continue;
            records.append(py::make_tuple(tag, py::bytes(reinterpret_cast<const char *>(data), size)));
        }
        return image_info_dict(info, records);
    }

    // The current frame as a new H x W x C array; the library converts (and
    // restores) straight into the array's memory.
    py::array read(int format_value) {
        Exclusive use(*this);
        require_open();
        const auto format = static_cast<bpgr_output_format>(format_value);
        if (bpgr_output_bytes_per_pixel(format) == 0) throw py::value_error("invalid output format");
        bpgr_image_info info;
        bpgr_decoder_get_info(dec_.get(), &info);
        const py::ssize_t h = info.height, w = info.width, c = channels_of(format);
        py::array out = allocate(is_16_bit(format), h, w, c);
        void *dst = out.mutable_data();
        const ptrdiff_t stride = out.strides(0);
        const size_t bytes = size_t(out.nbytes());
        bpgr_status st;
        {
            py::gil_scoped_release unlocked;
            // CMYK of a W-plane image inverts what the buffer held in the K
            // position (libbpg): start from zero like bpgdec does.
            if (is_cmyk(format)) std::memset(dst, 0, bytes);
            st = bpgr_decoder_read_frame(dec_.get(), format, dst, stride);
        }
        // The frame stays readable (e.g. in another format) after a failure.
        if (st < 0) throw_status(st, bpgr_decoder_last_error(dec_.get()));
        return out;
    }

    // Decoded plane `index` of the current frame before colour conversion
    // (bpgr_decoder_get_plane) as a new H x W uint16 array.
    py::array plane(int index) {
        Exclusive use(*this);
        require_open();
        const uint16_t *samples = nullptr;
        uint32_t w = 0, h = 0;
        ptrdiff_t stride = 0;
        const bpgr_status st = bpgr_decoder_get_plane(dec_.get(), index, &samples, &w, &h, &stride);
        if (st < 0) throw_status(st, "the image has no plane " + std::to_string(index));
        py::array_t<uint16_t> out({py::ssize_t(h), py::ssize_t(w)});
        uint16_t *dst = out.mutable_data();
        for (uint32_t y = 0; y < h; ++y) {
            std::memcpy(dst + size_t(y) * w, samples + y * stride, size_t(w) * sizeof(uint16_t));
        }
        return out;
    }

    // Decodes the next frame; false when there is none.
    bool next_frame() {
        Exclusive use(*this);
        require_open();
        bpgr_status st;
        {
            py::gil_scoped_release unlocked;
            st = bpgr_decoder_next_frame(dec_.get());
        }
        if (st == BPGR_END_OF_STREAM) return false;
        if (st < 0) fail(st);
        return true;
    }

    uint32_t frame_index() {
        Exclusive use(*this);
        require_open();
        return bpgr_decoder_frame_index(dec_.get());
    }

    std::pair<uint32_t, uint32_t> frame_duration() {
        Exclusive use(*this);
        require_open();
        uint32_t num = 0, den = 1;
        bpgr_decoder_frame_duration(dec_.get(), &num, &den);
        return {num, den};
    }

    int frame_qp() {
        Exclusive use(*this);
        require_open();
        return bpgr_decoder_frame_qp(dec_.get());
    }

    // (qp_min, qp_max) of the model, None without restoration.
    std::optional<std::pair<int, int>> restore_qp_range() {
        Exclusive use(*this);
        int lo = 0, hi = 0;
        if (bpgr_decoder_restore_qp_range(dec_.get(), &lo, &hi) != BPGR_OK) return std::nullopt;
        return std::make_pair(lo, hi);
    }

    std::optional<std::string> restore_precision() {
        Exclusive use(*this);
        bpgr_precision p;
        if (bpgr_decoder_restore_precision(dec_.get(), &p) != BPGR_OK) return std::nullopt;
        return std::string(precision_name(p));
    }

private:
    // Marks the handle busy for one call; a concurrent call from another
    // thread (possible while the GIL is released) is refused.
    class Exclusive {
    public:
        explicit Exclusive(Decoder &d) : lock_(d.busy_, std::try_to_lock) {
            if (!lock_.owns_lock()) {
                throw std::runtime_error("bpgr.Decoder used by two threads at once; "
                                         "use one Decoder per thread");
            }
        }

    private:
        std::unique_lock<std::mutex> lock_;
    };

    void require_open() const {
        if (!ok_) throw std::runtime_error("no image is open (call open() first, and check it succeeded)");
    }

    // A failed open or next_frame leaves no current frame.
    [[noreturn]] void fail(bpgr_status st) {
        ok_ = false;
        throw_status(st, bpgr_decoder_last_error(dec_.get()));
    }

    static py::array allocate(bool sixteen, py::ssize_t h, py::ssize_t w, py::ssize_t c) {
        try {
            if (sixteen) return py::array_t<uint16_t>({h, w, c});
            return py::array_t<uint8_t>({h, w, c});
        } catch (py::error_already_set &e) {
            if (!e.matches(PyExc_MemoryError)) throw;
            throw_status(BPGR_ERR_OUT_OF_MEMORY,
                         "cannot allocate the " + std::to_string(h) + "x" + std::to_string(w) + "x" +
                             std::to_string(c) + " output array");
        }
    }

    std::unique_ptr<bpgr_decoder, DecoderDeleter> dec_;
    std::mutex busy_;
    bool opened_ = false;  // open() was called since the last reset
    bool ok_ = false;      // the last open() succeeded and no later call failed
};

}  // namespace

void register_decoder(py::module_ &m) {
    py::class_<Decoder>(m, "Decoder")
        .def(py::init<int, bool, std::optional<std::string>, int, bool>(), py::arg("threads") = 0,
             py::arg("restore") = false, py::arg("model") = py::none(), py::arg("precision") = 0,
             py::arg("keep_extensions") = true)
        .def("open", &Decoder::open, py::arg("data"))
        .def("reset", &Decoder::reset)
        .def("info", &Decoder::info)
        .def("read", &Decoder::read, py::arg("format"))
        .def("plane", &Decoder::plane, py::arg("index"))
        .def("next_frame", &Decoder::next_frame)
        .def("frame_index", &Decoder::frame_index)
        .def("frame_duration", &Decoder::frame_duration)
        .def("frame_qp", &Decoder::frame_qp)
        .def("restore_qp_range", &Decoder::restore_qp_range)
        .def("restore_precision", &Decoder::restore_precision);
}

}  // namespace bpgr::python
