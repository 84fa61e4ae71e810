"""Encoding (when the library was built with the encoder): encode(),
encode_animation(). Options follow bpgenc's."""

from fractions import Fraction

import numpy as np

from . import _bpgr
from .info import COLOR_SPACE_NAMES, EXTENSION_TAGS

__all__ = ["encode", "encode_animation", "has_encoder"]

has_encoder = _bpgr.has_encoder

# bpgenc -f names -> bpgr_pixel_format values.
_CHROMA_FORMATS = {"420": 1, "422": 2, "444": 3, "420_video": 4, "422_video": 5}
# bpgenc -c names -> bpgr_color_space values.
_COLOR_SPACES = {name.lower(): i for i, name in enumerate(COLOR_SPACE_NAMES)}


def _settings(q, alpha_q, format, color_space, bits, lossless, level, limited_range,
              premultiply_alpha, hash, threads):
    if format not in _CHROMA_FORMATS:
        raise ValueError(f"format must be one of {', '.join(_CHROMA_FORMATS)}, not {format!r}")
    if color_space not in _COLOR_SPACES:
        raise ValueError(f"color_space must be one of {', '.join(_COLOR_SPACES)}, "
                         f"not {color_space!r}")
    return dict(qp=q, alpha_qp=-1 if alpha_q is None else alpha_q,
                chroma_format=_CHROMA_FORMATS[format], color_space=_COLOR_SPACES[color_space],
                bit_depth=bits, lossless=bool(lossless), compress_level=level,
                limited_range=bool(limited_range), premultiply_alpha=bool(premultiply_alpha),
                hash=bool(hash), threads=threads)


def _pixels(image):
    a = np.asarray(image)
    if a.dtype not in (np.uint8, np.uint16):
        raise TypeError(f"the image must be uint8 or uint16, not {a.dtype}")
    return np.ascontiguousarray(a)


def _new_encoder(settings, exif, icc_profile, xmp, extensions):
    if not has_encoder:
        raise RuntimeError("this bpgr was built without the encoder (libbpgenc needs x265)")
    enc = _bpgr.Encoder(**settings)
    for tag, data in ((EXTENSION_TAGS["exif"], exif), (EXTENSION_TAGS["icc_profile"], icc_profile),
                      (EXTENSION_TAGS["xmp"], xmp)):
        if data is not None:
            enc.add_extension(tag, data)
    for tag, data in extensions:
        enc.add_extension(tag, data)
    return enc


def encode(image, *, q=29, alpha_q=None, format="420", color_space="ycbcr", bits=8,
           lossless=False, level=8, limited_range=False, premultiply_alpha=False,
           alpha_premultiplied=False, hash=False, threads=0, exif=None, icc_profile=None,
           xmp=None, extensions=()):
    """Encodes one picture into BPG file bytes.

    image: numpy array (or anything np.asarray takes), uint8 or uint16
    (16-bit samples use the whole 0..65535 range), shaped H x W (gray),
    H x W x 1 (gray), H x W x 2 (gray + alpha), H x W x 3 (RGB) or
    H x W x 4 (RGBA, colour not premultiplied unless alpha_premultiplied).
    Options as bpgenc: q (-q, 0..51), alpha_q (-a), format (-f: "420",
    "422", "444", "420_video", "422_video"), color_space (-c: "ycbcr", "rgb",
    "ycgco", "ycbcr_bt709", "ycbcr_bt2020"), bits (-b, 8..12), lossless
    (-lossless), level (-m, 1..9), limited_range (-limitedrange),
    premultiply_alpha (-premul), hash (-hash); threads: x265 threads (0 = auto).
    exif / icc_profile / xmp: bytes written as metadata records (as
    -keepmetadata does); extensions: more (tag, bytes) records.
    Failures raise bpgr.Error subclasses (InvalidArgumentError for values
    out of range, EncodeError from x265).
    """
    settings = _settings(q, alpha_q, format, color_space, bits, lossless, level, limited_range,
                         premultiply_alpha, hash, threads)
    enc = _new_encoder(settings, exif, icc_profile, xmp, extensions)
    enc.add_frame(_pixels(image), 1, bool(alpha_premultiplied))
    return enc.finish()


def encode_animation(images, durations=None, *, loop_count=0, frame_period=Fraction(1, 25),
                     q=29, alpha_q=None, format="420", color_space="ycbcr", bits=8,
                     lossless=False, level=8, limited_range=False, premultiply_alpha=False,
                     alpha_premultiplied=False, hash=False, threads=0, exif=None,
                     icc_profile=None, xmp=None, extensions=()):
    """Encodes an animation: images (same size and channels each) shown for
    ``durations`` seconds each (numbers or Fractions; default one
    frame_period each), rounded to ticks of ``frame_period`` seconds (at
    least 1, as bpgenc -delayfile). loop_count 0 = forever. Other options
    as :func:`encode`."""
    period = Fraction(frame_period)
    if period <= 0 or period.numerator > 65535 or period.denominator > 65535:
        raise ValueError("frame_period must be a positive fraction with terms up to 65535")
    settings = _settings(q, alpha_q, format, color_space, bits, lossless, level, limited_range,
                         premultiply_alpha, hash, threads)
    settings.update(animated=True, loop_count=loop_count, frame_period_num=period.numerator,
                    frame_period_den=period.denominator)
    enc = _new_encoder(settings, exif, icc_profile, xmp, extensions)
    images = list(images)
    if durations is None:
        durations = [period] * len(images)
    durations = list(durations)
    if len(durations) != len(images):
        raise ValueError(f"{len(images)} images but {len(durations)} durations")
    for image, seconds in zip(images, durations):
        ticks = min(65535, max(1, round(Fraction(seconds) / period)))
        enc.add_frame(_pixels(image), ticks, bool(alpha_premultiplied))
    return enc.finish()
