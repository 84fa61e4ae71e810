#include "encoder_binding.h"

#include <pybind11/numpy.h>

#include <memory>
#include <mutex>
#include <string>

#include "bpgr/encoder.h"
#include "byte_view.h"
#include "status_error.h"

namespace py = pybind11;

namespace bpgr::python {

namespace {

struct EncoderDeleter {
    void operator()(bpgr_encoder *enc) const { bpgr_encoder_destroy(enc); }
};

// Copies the keyword arguments onto the library defaults; unknown keys are
// a TypeError (a misspelt option must not be ignored).
bpgr_encoder_settings settings_from(const py::kwargs &kwargs) {
    bpgr_encoder_settings s;
    bpgr_encoder_default_settings(&s);
    for (const auto &item : kwargs) {
        const std::string key = py::str(item.first);
        const py::handle v = item.second;
        if (key == "qp") s.qp = v.cast<int>();
        else if (key == "alpha_qp") s.alpha_qp = v.cast<int>();
        else if (key == "chroma_format") s.chroma_format = static_cast<bpgr_pixel_format>(v.cast<int>());
        else if (key == "color_space") s.color_space = static_cast<bpgr_color_space>(v.cast<int>());
        else if (key == "bit_depth") s.bit_depth = v.cast<int>();
        else if (key == "lossless") s.lossless = v.cast<bool>();
        else if (key == "compress_level") s.compress_level = v.cast<int>();
        else if (key == "limited_range") s.limited_range = v.cast<bool>();
        else if (key == "premultiply_alpha") s.premultiply_alpha = v.cast<bool>();
        else if (key == "hash") s.hash = v.cast<bool>();
        else if (key == "threads") s.threads = v.cast<int>();
        else if (key == "animated") s.animated = v.cast<bool>();
        else if (key == "loop_count") s.loop_count = v.cast<uint16_t>();
        else if (key == "frame_period_num") s.frame_period_num = v.cast<uint16_t>();
        else if (key == "frame_period_den") s.frame_period_den = v.cast<uint16_t>();
        else throw py::type_error("unknown encoder setting '" + key + "'");
    }
    return s;
}

class Encoder {
public:
    explicit Encoder(const py::kwargs &kwargs) {
        const bpgr_encoder_settings s = settings_from(kwargs);
        bpgr_encoder *raw = nullptr;
        const bpgr_status st = bpgr_encoder_create(&s, &raw);
        enc_.reset(raw);
        if (st < 0) throw_status(st, "invalid encoder settings (see bpgr/encoder.h for the ranges)");
    }

    void add_extension(uint32_t tag, const py::buffer &data) {
        ByteView bytes(data);
        Exclusive use(*this);
        const bpgr_status st = bpgr_encoder_add_extension(live(), tag, bytes.data(), bytes.size());
        if (st < 0) throw_status(st, bpgr_encoder_last_error(enc_.get()));
    }

    // image: C-contiguous uint8 or uint16, H x W or H x W x C (C = 1..4).
    void add_frame(const py::array &image, uint32_t duration_ticks, bool alpha_premultiplied) {
        bpgr_input_image in{};
        describe(image, in);
        in.alpha_premultiplied = alpha_premultiplied ? 1 : 0;
        Exclusive use(*this);
        bpgr_encoder *enc = live();
        bpgr_status st;
        {
            py::gil_scoped_release unlocked;
            st = bpgr_encoder_add_frame(enc, &in, duration_ticks);
        }
        if (st < 0) throw_status(st, bpgr_encoder_last_error(enc));
    }

    py::bytes finish() {
        Exclusive use(*this);
        bpgr_encoder *enc = live();
        uint8_t *out = nullptr;
        size_t size = 0;
        bpgr_status st;
        {
            py::gil_scoped_release unlocked;
            st = bpgr_encoder_finish(enc, &out, &size);
        }
        finished_ = true;
        if (st < 0) throw_status(st, bpgr_encoder_last_error(enc));
        std::unique_ptr<uint8_t, decltype(&bpgr_encoder_free)> owned(out, &bpgr_encoder_free);
        return py::bytes(reinterpret_cast<const char *>(owned.get()), size);
    }

private:
    class Exclusive {
    public:
        explicit Exclusive(Encoder &e) : lock_(e.busy_, std::try_to_lock) {
            if (!lock_.owns_lock()) throw std::runtime_error("bpgr encoder used by two threads at once");
        }

    private:
        std::unique_lock<std::mutex> lock_;
    };

    bpgr_encoder *live() {
        if (finished_) throw std::runtime_error("the encoder has finished; create a new one");
        return enc_.get();
    }

    static void describe(const py::array &image, bpgr_input_image &in) {
        const int nd = int(image.ndim());
        if (nd != 2 && nd != 3) throw py::value_error("the image must be H x W or H x W x C");
        const py::ssize_t channels = nd == 2 ? 1 : image.shape(2);
        static const bpgr_input_layout kLayouts[] = {BPGR_INPUT_GRAY, BPGR_INPUT_GRAY_ALPHA, BPGR_INPUT_RGB,
                                                     BPGR_INPUT_RGBA};
        if (channels < 1 || channels > 4) throw py::value_error("the image must have 1 to 4 channels");
        if (image.dtype().is(py::dtype::of<uint8_t>())) in.sample_bits = 8;
        else if (image.dtype().is(py::dtype::of<uint16_t>())) in.sample_bits = 16;
        else throw py::type_error("the image must be uint8 or uint16");
        if (!(image.flags() & py::array::c_style)) throw py::value_error("the image must be C-contiguous");
        if (image.shape(0) < 1 || image.shape(1) < 1 || image.shape(0) > 65535 || image.shape(1) > 65535)
            throw py::value_error("width and height must be 1..65535");
        in.height = uint32_t(image.shape(0));
        in.width = uint32_t(image.shape(1));
        in.layout = kLayouts[channels - 1];
        in.pixels = image.data();
        in.stride = image.strides(0);
    }

    std::unique_ptr<bpgr_encoder, EncoderDeleter> enc_;
    std::mutex busy_;
    bool finished_ = false;
};

}  // namespace

void register_encoder(py::module_ &m) {
    py::class_<Encoder>(m, "Encoder")
        .def(py::init<const py::kwargs &>())
        .def("add_extension", &Encoder::add_extension, py::arg("tag"), py::arg("data"))
        .def("add_frame", &Encoder::add_frame, py::arg("image"), py::arg("duration_ticks") = 1,
             py::arg("alpha_premultiplied") = false)
        .def("finish", &Encoder::finish);
}

}  // namespace bpgr::python
