#include "decode_job.h"

#include <cstring>
#include <memory>
#include <vector>

#include "file_output.h"
#include "md5_writer.h"
#include "output_formats.h"
#include "progress_bar.h"
#include "reference_image.h"

namespace bpgr::cli {

namespace {

// bpgenc -q N (x265 constant QP) codes the I picture at slice QP N - 3.
constexpr int kBpgencQpOffset = 3;

struct DecoderDeleter {
    void operator()(bpgr_decoder *dec) const { bpgr_decoder_destroy(dec); }
};
using DecoderPtr = std::unique_ptr<bpgr_decoder, DecoderDeleter>;

int fail(const std::string &message) {
    std::fprintf(stderr, "%s\n", message.c_str());
    return 1;
}

bool is_cmyk(bpgr_output_format format) {
    return format == BPGR_OUTPUT_CMYK32 || format == BPGR_OUTPUT_CMYK64;
}

bool is_16_bit(bpgr_output_format format) {
    return format == BPGR_OUTPUT_RGB48 || format == BPGR_OUTPUT_RGBA64 ||
           format == BPGR_OUTPUT_CMYK64;
}

int channels_of(bpgr_output_format format) {
    return format == BPGR_OUTPUT_RGB24 || format == BPGR_OUTPUT_RGB48 ? 3 : 4;
}

// The pixels an output format takes: RGBA if it keeps alpha and the image has
// a true alpha plane (not W), 16 bits with -b 16 if it takes the bit depth.
// --md5 hashes by default what the PNG writer gets.
bpgr_output_format pixel_format_for(const OutputFormat &output, const bpgr_image_info &info,
                                    bool sixteen_bits) {
    const bool sixteen = output.takes_bit_depth && sixteen_bits;
    if (output.keeps_alpha && info.has_alpha) return sixteen ? BPGR_OUTPUT_RGBA64 : BPGR_OUTPUT_RGBA32;
    return sixteen ? BPGR_OUTPUT_RGB48 : BPGR_OUTPUT_RGB24;
}

// Converts the current frame. CMYK goes through a zero-filled caller buffer:
// for W-plane images the library inverts whatever the buffer held in the K
// position (as libbpg does), and zero is what manifest.tsv assumes.
bool read_current_frame(bpgr_decoder *dec, bpgr_output_format format,
                        std::vector<uint8_t> &cmyk_buffer, FrameView &view) {
    bpgr_image_info info;
    bpgr_decoder_get_info(dec, &info);
    view.width = info.width;
    view.height = info.height;
    view.channels = channels_of(format);
    view.bytes_per_sample = is_16_bit(format) ? 2 : 1;
    if (is_cmyk(format)) {
        const size_t stride = view.row_bytes();
        cmyk_buffer.assign(stride * info.height, 0);
        view.pixels = cmyk_buffer.data();
        view.stride = ptrdiff_t(stride);
        return bpgr_decoder_read_frame(dec, format, cmyk_buffer.data(), view.stride) >= 0;
    }
    const void *pixels = nullptr;
    if (bpgr_decoder_read_frame_owned(dec, format, &pixels, &view.stride) < 0) return false;
    view.pixels = static_cast<const uint8_t *>(pixels);
    return true;
}

ImageMetadata find_metadata(const bpgr_decoder *dec, const bpgr_image_info &info) {
    ImageMetadata metadata;
    for (uint32_t i = 0; i < info.extension_count; ++i) {
        uint32_t tag = 0;
        const uint8_t *data = nullptr;
        size_t size = 0;
        if (bpgr_decoder_get_extension(dec, i, &tag, &data, &size) == BPGR_OK &&
            tag == BPGR_EXT_ICC_PROFILE && !metadata.icc_profile) {
            metadata.icc_profile = data;
            metadata.icc_profile_size = size;
        }
    }
    return metadata;
}

// Decodes forward until frame `target` is current. False + message if the
// animation ends first or a frame fails.
bool seek_frame(bpgr_decoder *dec, uint32_t target, std::string &error) {
    while (bpgr_decoder_frame_index(dec) < target) {
        const bpgr_status status = bpgr_decoder_next_frame(dec);
        if (status == BPGR_END_OF_STREAM) {
            error = "frame " + std::to_string(target) + " does not exist: the image has " +
                    std::to_string(bpgr_decoder_frame_index(dec) + 1) + " frame(s)";
            return false;
        }
        if (status < 0) {
            error = std::string("Could not decode image: ") + bpgr_decoder_last_error(dec);
            return false;
        }
    }
    return true;
}

int print_md5(bpgr_decoder *dec, const CliSettings &settings, bpgr_output_format format) {
    Md5Writer md5;
    std::vector<uint8_t> cmyk_buffer;
    std::string error;
    for (;;) {
        FrameView view;
        if (!read_current_frame(dec, format, cmyk_buffer, view))
            return fail(std::string("Could not convert image: ") + bpgr_decoder_last_error(dec));
        if (!md5.write_frame(view, error)) return fail(error);
        if (settings.frame >= 0) break;
        const bpgr_status status = bpgr_decoder_next_frame(dec);
        if (status == BPGR_END_OF_STREAM) break;
        if (status < 0)
            return fail(std::string("Could not decode image: ") + bpgr_decoder_last_error(dec));
    }
    md5.finish(error);
    std::printf("%s\n", md5.hex_digest().c_str());
    return std::fflush(stdout) == 0 ? 0 : fail("write error on standard output");
}

// Writes the current frame to `path` through a temporary file.
bool write_file(bpgr_decoder *dec, const CliSettings &settings, const std::string &path,
                bpgr_output_format format, const ImageMetadata &metadata, std::string &error) {
    FrameView view;
    std::vector<uint8_t> unused;
    if (!read_current_frame(dec, format, unused, view)) {
        error = std::string("Could not convert image: ") + bpgr_decoder_last_error(dec);
        return false;
    }
    FileOutput output;
    if (!output.open(path, settings.input_path)) {
        error = output.error();
        return false;
    }
    WriterOptions options;
    options.metadata = metadata;
    options.threads = settings.threads;  // 0 = one per CPU, as the decoder
    const std::unique_ptr<FrameWriter> writer = output_format_for_name(path).make_writer(output.stream(), options);
    if (!writer->write_frame(view, error) || !writer->finish(error)) {
        error = path + ": " + error;
        return false;
    }
    if (!output.commit()) {
        error = output.error();
        return false;
    }
    return true;
}

// `progress` (may be null) shows the restoration's progress.
DecoderPtr make_decoder(const CliSettings &settings, bool restore, std::string &error,
                        ProgressBar *progress = nullptr) {
    bpgr_decoder_settings decoder_settings;
    bpgr_decoder_default_settings(&decoder_settings);
    if (progress) {
        decoder_settings.progress = &ProgressBar::callback;
        decoder_settings.progress_opaque = progress;
    }
    decoder_settings.threads = settings.threads;
    decoder_settings.restore = restore ? 1 : 0;
    decoder_settings.restore_model =
        settings.restore_model.empty() ? nullptr : settings.restore_model.c_str();
    decoder_settings.restore_precision = settings.restore_precision;
    bpgr_decoder *raw_decoder = nullptr;
    const bpgr_status created = bpgr_decoder_create(&decoder_settings, &raw_decoder);
    DecoderPtr dec(raw_decoder);
    if (created < 0) {
        error = std::string("Could not create the decoder: ") +
                (dec ? bpgr_decoder_last_error(dec.get()) : bpgr_status_string(created));
        return nullptr;
    }
    return dec;
}

// PSNR of the current frame (RGB24) against the reference.
bool frame_psnr(bpgr_decoder *dec, const RgbImage &reference, double &psnr, std::string &error) {
    const void *pixels = nullptr;
    ptrdiff_t stride = 0;
    if (bpgr_decoder_read_frame_owned(dec, BPGR_OUTPUT_RGB24, &pixels, &stride) < 0) {
        error = std::string("Could not convert image: ") + bpgr_decoder_last_error(dec);
        return false;
    }
    psnr = rgb_psnr(reference, static_cast<const uint8_t *>(pixels), stride);
    return true;
}

// No silent quality loss: a frame coded outside the model's training QP range
// is still restored, but the user is told once per file.
void warn_if_outside_model_range(bpgr_decoder *dec, bool &warned) {
    int lo = 0, hi = 0;
    if (warned || bpgr_decoder_restore_qp_range(dec, &lo, &hi) != BPGR_OK) return;
    const int qp = bpgr_decoder_frame_qp(dec);
    if (qp < 0 || (qp >= lo && qp <= hi)) return;
    std::fprintf(stderr,
                 "bpgdec: warning: slice QP %d is outside the restoration model's training range %d..%d "
                 "(bpgenc -q %d..%d); the restored image may be worse than the plain decode "
                 "(measure with --psnr, or pick another --model)\n",
                 qp, lo, hi, lo + kBpgencQpOffset, hi + kBpgencQpOffset);
    warned = true;
}

// --psnr: the decoded (and, with --restore, the plain) frame against the original.
int print_psnr(bpgr_decoder *dec, const std::string &bpg_bytes, const CliSettings &settings) {
    std::string error;
    RgbImage reference;
    if (!read_reference_png(settings.psnr_reference, reference, error)) return fail(error);
    bpgr_image_info info;
    bpgr_decoder_get_info(dec, &info);
    if (info.width != reference.width || info.height != reference.height) {
        return fail("--psnr: " + settings.psnr_reference + " is " + std::to_string(reference.width) + "x" +
                    std::to_string(reference.height) + ", the image is " + std::to_string(info.width) + "x" +
                    std::to_string(info.height));
    }
    double psnr = 0;
    if (!frame_psnr(dec, reference, psnr, error)) return fail(error);
    if (!settings.restore) {
        std::printf("PSNR %.4f dB\n", psnr);
        return 0;
    }
    DecoderPtr plain = make_decoder(settings, false, error);
    if (!plain) return fail(error);
    if (bpgr_decoder_open(plain.get(), reinterpret_cast<const uint8_t *>(bpg_bytes.data()), bpg_bytes.size()) < 0 ||
        (settings.frame > 0 && !seek_frame(plain.get(), uint32_t(settings.frame), error)))
        return fail(error.empty() ? std::string("Could not decode image: ") + bpgr_decoder_last_error(plain.get())
                                  : error);
    double plain_psnr = 0;
    if (!frame_psnr(plain.get(), reference, plain_psnr, error)) return fail(error);
    bpgr_precision precision = BPGR_PRECISION_AUTO;
    bpgr_decoder_restore_precision(dec, &precision);
    std::printf("PSNR decoded %.4f dB, restored %.4f dB, gain %+.4f dB (slice QP %d, %s)\n", plain_psnr, psnr,
                psnr - plain_psnr, bpgr_decoder_frame_qp(dec), precision_name(precision));
    return 0;
}

}  // namespace

int run_decode_job(const std::string &bpg_bytes, const CliSettings &settings) {
    const bool sixteen_bits = settings.bit_depth == 16;
    const OutputFormat &md5_default = output_format(OutputKind::kPng);
    const bool needs_png_depth =
        settings.print_md5 ? !settings.format_given
                           : output_format_for_name(settings.output_path).takes_bit_depth;
    if (needs_png_depth && settings.bit_depth != 8 && settings.bit_depth != 16)
        return fail("Only bit_depth = 8 or 16 are supported for PNG output");
    std::string error, first_name;
    if (settings.all_frames && !settings.print_md5 &&
        !expand_frame_pattern(settings.output_path, 0, first_name, error))
        return fail(error);

    ProgressBar progress(stderr);
    DecoderPtr dec = make_decoder(settings, settings.restore, error, &progress);
    if (!dec) return fail(error);
    if (bpgr_decoder_open(dec.get(), reinterpret_cast<const uint8_t *>(bpg_bytes.data()),
                          bpg_bytes.size()) < 0)
        return fail(std::string("Could not decode image: ") + bpgr_decoder_last_error(dec.get()));
    bpgr_image_info info;
    bpgr_decoder_get_info(dec.get(), &info);

    if (settings.frame > 0 && !seek_frame(dec.get(), uint32_t(settings.frame), error))
        return fail(error);
    bool warned_qp = false;
    if (settings.restore) warn_if_outside_model_range(dec.get(), warned_qp);
    if (settings.print_md5) {
        const bpgr_output_format format =
            settings.format_given ? settings.md5_format : pixel_format_for(md5_default, info, sixteen_bits);
        return print_md5(dec.get(), settings, format);
    }

    if (!settings.psnr_reference.empty()) {
        int status = print_psnr(dec.get(), bpg_bytes, settings);
        if (status != 0 || !settings.output_given) return status;
    }

    const ImageMetadata metadata = find_metadata(dec.get(), info);
    const bpgr_output_format format =
        pixel_format_for(output_format_for_name(settings.output_path), info, sixteen_bits);
    if (!settings.all_frames) {
        if (!write_file(dec.get(), settings, settings.output_path, format, metadata, error))
            return fail(error);
        return 0;
    }
    for (;;) {
        std::string name;
        if (!expand_frame_pattern(settings.output_path, bpgr_decoder_frame_index(dec.get()), name,
                                  error) ||
            !write_file(dec.get(), settings, name, format, metadata, error))
            return fail(error);
        const bpgr_status status = bpgr_decoder_next_frame(dec.get());
        if (status == BPGR_END_OF_STREAM) return 0;
        if (status < 0)
            return fail(std::string("Could not decode image: ") +
                        bpgr_decoder_last_error(dec.get()));
        if (settings.restore) warn_if_outside_model_range(dec.get(), warned_qp);
    }
}

}  // namespace bpgr::cli
