#include "hevc_encode_x265.h"

#include <x265.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdlib>

namespace bpgr::enc {
namespace {

constexpr uint32_t kDefaultMinCu = 8;
constexpr uint32_t kSmallMinCu = 16;
constexpr uint32_t kMaxCu = 64;
constexpr uint32_t kMaxTu = 32;
constexpr int kAnimationKeyframeInterval = 250;
constexpr int kMinAnimationRdLevel = 3;  // see the animated branch of open()
constexpr int kDummyFps = 25;
// x265_preset_names[level] for -m level (0 = ultrafast is not reachable).
const char *const kPresetByLevel[] = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                      "medium",    "slow",      "slower",   "veryslow", "placebo"};

// x265's lambda tables scaled by lambda_scale(qp): the reference encoder
// (libbpg's bundled x265 at tune ssim, whose AQ still works in CQP mode) lands
// at a lower-rate point of the curve for the same QP; x265 3.5 disables AQ in
// CQP mode, and a ~1.25x lambda brings its files to the same size and PSNR at
// equal QP (libbpgenc/tools/quality_parity.py). With the still-picture search
// limits below, 1.25 at slice QP 25 (-q 28) easing to 1.22 at slice QP 40
// (-q 43) keeps both size and PSNR at parity across the range. The defaults
// are x265's own formulas: lambda = 2^((qp - 12) / 6), lambda2 = 0.038 * e^(0.234 qp).
constexpr double kLambdaScaleLowQp = 1.25;   // slice QP <= 25
constexpr double kLambdaScaleHighQp = 1.22;  // slice QP >= 40
constexpr int kLambdaTableSize = 70;  // QP_MAX_MAX + 1

double lambda_scale(int qp) {
    const double t = std::clamp((qp - 25) / 15.0, 0.0, 1.0);
    return kLambdaScaleLowQp + t * (kLambdaScaleHighQp - kLambdaScaleLowQp);
}

// Still pictures (one intra frame) at levels below 9: x265 3.5's slow..veryslow
// presets (rd 4-6, intra TU depth 3) spend their time in RDOQ'd trials of
// intra mode candidates and TU splits (rdoQuant is half the profile) and cost
// about twice the reference encoder's CPU, for under 1% of size at equal PSNR
// on the validation photos. rd 2 keeps fewer full-RD intra mode candidates per CU (4 + depth/2 of
// the 35 instead of 8 + depth/2); TU depth 1 stops trying TU splits inside a
// CU (the CU quadtree still goes down to 8x8 and 4x4 PUs). RDOQ stays (level
// 2, as the presets set it): without it files grow 13-27% at equal QP. The
// inter TU depth follows the intra one (the compact BPG header stores one).
// Levels 6-8 thus share one configuration for still pictures (animations keep
// the presets); level 9 keeps the full placebo search. Measurements:
// libbpgenc/tools/encoder_speed.md.
constexpr int kStillMaxRdLevel = 2;
constexpr uint32_t kStillMaxTuDepth = 1;

void limit_still_picture_search(x265_param *p, int level) {
    if (level >= 9) return;
    p->rdLevel = std::min(p->rdLevel, kStillMaxRdLevel);
    p->tuQTMaxIntraDepth = std::min(p->tuQTMaxIntraDepth, kStillMaxTuDepth);
    p->tuQTMaxInterDepth = p->tuQTMaxIntraDepth;
}

std::FILE *write_lambda_file() {
    std::FILE *f = std::tmpfile();
    if (!f) return nullptr;
    for (int qp = 0; qp < kLambdaTableSize; qp++)
        std::fprintf(f, "%.6f%c", std::pow(2.0, (qp - 12) / 6.0) * std::sqrt(lambda_scale(qp)),
                     qp + 1 < kLambdaTableSize ? ',' : '\n');
    for (int qp = 0; qp < kLambdaTableSize; qp++)
        std::fprintf(f, "%.6f%c", 0.038 * std::exp(0.234 * qp) * lambda_scale(qp),
                     qp + 1 < kLambdaTableSize ? ',' : '\n');
    if (std::fflush(f) != 0) {
        std::fclose(f);
        return nullptr;
    }
    return f;
}

}  // namespace

CuSizes choose_cu_sizes(uint32_t width, uint32_t height) {
    CuSizes cu;
    const uint32_t smaller = std::min(round_up(width, kDefaultMinCu), round_up(height, kDefaultMinCu));
    if (smaller < kSmallMinCu) {
        cu.min_cu = kSmallMinCu;
        cu.max_cu = kSmallMinCu;
        return cu;
    }
    cu.min_cu = kDefaultMinCu;
    cu.max_cu = kMaxCu;
    while (cu.max_cu > kSmallMinCu && cu.max_cu > smaller) cu.max_cu /= 2;
    return cu;
}

struct HevcEncoderX265::X265State {
    const x265_api *api = nullptr;
    x265_param *param = nullptr;
    x265_encoder *encoder = nullptr;
    x265_picture *picture = nullptr;
    std::string pools;
    std::vector<uint8_t> samples8[3];  // 8-bit copies of the planes

    ~X265State() {
        if (picture) api->picture_free(picture);
        if (encoder) api->encoder_close(encoder);
        if (param) api->param_free(param);
    }
};

HevcEncoderX265::HevcEncoderX265() = default;
HevcEncoderX265::~HevcEncoderX265() = default;

Status HevcEncoderX265::open(const HevcStreamConfig &config) {
    config_ = config;
    auto st = std::make_unique<X265State>();
    st->api = x265_api_get(config.bit_depth);
    if (!st->api || st->api->bit_depth != config.bit_depth) {
        return make_error(StatusCode::kEncodeFailed,
                          "x265 has no %d-bit encoder (supported: 8, 10, 12 with a multilib libx265)",
                          config.bit_depth);
    }
    const x265_api *api = st->api;
    st->param = api->param_alloc();
    if (!st->param) return make_error(StatusCode::kEncodeFailed, "x265: cannot allocate parameters");
    x265_param *p = st->param;
    const int level = std::clamp(config.compress_level, 1, 9);
    if (api->param_default_preset(p, kPresetByLevel[level], "ssim") < 0)
        return make_error(StatusCode::kEncodeFailed, "x265: unknown preset");
    p->bRepeatHeaders = 1;
    p->decodedPictureHashSEI = config.hash ? 1 : 0;  // 1 = MD5
    p->sourceWidth = int(config.padded_width);
    p->sourceHeight = int(config.padded_height);
    p->internalCsp = config.chroma_format_idc;  // X265_CSP_I400..I444 share the idc values
    p->internalBitDepth = config.bit_depth;
    if (config.animated) {
        p->keyframeMax = kAnimationKeyframeInterval;
        p->totalFrames = 0;
        p->maxNumReferences = 1;
        p->bframes = 0;
        // x265 3.5 at rd level 2 (presets superfast..fast) with AMP and
        // rectangular partitions forced on (BPG requires AMP) writes P frames
        // that decoders reconstruct differently from its own reference:
        // non-deterministic drift, 9-30 dB on a 260-frame test. rd 3 is exact.
        p->rdLevel = std::max(p->rdLevel, kMinAnimationRdLevel);
    } else {
        p->keyframeMax = 1;
        p->totalFrames = 1;
        limit_still_picture_search(p, level);
    }
    p->bEnableRectInter = 1;
    p->bEnableAMP = 1;  // the compact header has no AMP flag: the decoder assumes it on
    p->bEmitInfoSEI = 0;
    p->logLevel = config.verbose ? X265_LOG_INFO : X265_LOG_NONE;
    p->fpsNum = kDummyFps;
    p->fpsDenom = 1;
    p->rc.rateControlMode = X265_RC_CQP;
    p->rc.qp = config.qp;
    p->bLossless = config.lossless ? 1 : 0;
    p->maxCUSize = config.cu.max_cu;
    p->minCUSize = config.cu.min_cu;
    p->maxTUSize = std::min(kMaxTu, config.cu.max_cu);
    if (config.threads > 0) {
        st->pools = std::to_string(config.threads);
        p->numaPools = st->pools.c_str();
        p->frameNumThreads = config.animated ? std::min(config.threads, 2) : 1;
    }
    // x265 reads the lambda tables from a file only: hand it an unlinked
    // temporary one. Without it the encoder still works, at x265's default
    // rate-distortion balance.
    std::FILE *lambda_file = write_lambda_file();
    std::string lambda_path;
    if (lambda_file) {
        lambda_path = "/proc/self/fd/" + std::to_string(fileno(lambda_file));
        p->rc.lambdaFileName = lambda_path.c_str();
    }
    st->encoder = api->encoder_open(p);
    p->rc.lambdaFileName = nullptr;
    if (lambda_file) std::fclose(lambda_file);
    if (!st->encoder) {
        return make_error(StatusCode::kEncodeFailed, "x265 refused the configuration (%ux%u, %d-bit)",
                          config.padded_width, config.padded_height, config.bit_depth);
    }
    st->picture = api->picture_alloc();
    api->picture_init(p, st->picture);
    state_ = std::move(st);
    return Status{};
}

namespace {

void collect(x265_nal *nal, uint32_t count, std::vector<NalUnit> *out) {
    for (uint32_t i = 0; i < count; i++)
        out->push_back(NalUnit{std::vector<uint8_t>(nal[i].payload, nal[i].payload + nal[i].sizeBytes)});
}

}  // namespace

Status HevcEncoderX265::encode(const Plane *planes, int plane_count) {
    X265State &st = *state_;
    x265_picture *pic = st.picture;
    pic->bitDepth = config_.bit_depth;
    pic->colorSpace = config_.chroma_format_idc;
    pic->pts = next_pts_++;
    for (int i = 0; i < 3; i++) {
        pic->planes[i] = nullptr;
        pic->stride[i] = 0;
    }
    for (int i = 0; i < plane_count; i++) {
        const Plane &plane = planes[i];
        if (config_.bit_depth == 8) {
            st.samples8[i].assign(plane.samples.begin(), plane.samples.end());
            pic->planes[i] = st.samples8[i].data();
            pic->stride[i] = int(plane.width);
        } else {
            pic->planes[i] = const_cast<uint16_t *>(plane.samples.data());
            pic->stride[i] = int(plane.width * sizeof(uint16_t));
        }
    }
    x265_nal *nal = nullptr;
    uint32_t nal_count = 0;
    if (st.api->encoder_encode(st.encoder, &nal, &nal_count, pic, nullptr) < 0)
        return make_error(StatusCode::kEncodeFailed, "x265 failed to encode a picture");
    collect(nal, nal_count, &nals_);
    return Status{};
}

Status HevcEncoderX265::flush() {
    X265State &st = *state_;
    for (;;) {
        x265_nal *nal = nullptr;
        uint32_t nal_count = 0;
        const int ret = st.api->encoder_encode(st.encoder, &nal, &nal_count, nullptr, nullptr);
        if (ret < 0) return make_error(StatusCode::kEncodeFailed, "x265 failed while flushing");
        collect(nal, nal_count, &nals_);
        if (ret == 0) break;
    }
    return Status{};
}

}  // namespace bpgr::enc
