"""BPG for Pillow: ``import bpgr.pillow`` registers the format.

    import bpgr.pillow
    from PIL import Image
    im = Image.open("photo.bpg")            # RGB, RGBA, L, LA or CMYK
    im.save("copy.bpg", quality=80)         # or q=26 (bpgenc's -q)
    bpgr.pillow.register(restore="default") # later opens are restored

Opening: the picture is decoded on ``load()`` (8 bits per sample, whatever
the file's depth: Pillow has no 16-bit colour modes). Modes: "RGBA" for
files with alpha (colour not premultiplied), "L"/"LA" for gray files, "CMYK"
for files with a W plane (CMYK/YCCK JPEG sources: C = 255 - R, M = 255 - G,
Y = 255 - B, K = 255 - W, Pillow's convention of 0 = no ink), else "RGB".
``info`` holds "icc_profile", "exif" (the TIFF block, as bpgenc stores it),
"xmp", and for animations "loop" (0 = forever) and "duration" (ms of the
current frame); ``seek()``/``tell()``/``n_frames``/``is_animated`` walk the
frames (``n_frames`` of an animation decodes it once to count; seeking back
decodes again from the first frame). Library failures raise
:class:`bpgr.Error`; a file with the BPG signature whose header is invalid is
not identified (``PIL.UnidentifiedImageError``), like other formats.

Saving (``bpgr.encode``): ``quality`` 0..100 (Pillow's scale, 100 best)
maps linearly to the encoder's q 51..0: ``q = round((100 - quality) * 51 /
100)`` (quality 43 ~ q 29, the default; 80 -> q 10). ``q=`` gives bpgenc's
-q directly instead. Other options: ``lossless``, ``chroma`` ("420", "422",
"444"; bpgenc -f), ``bits`` (8..12), ``level`` (-m), ``color_space``,
``alpha_q``, ``icc_profile`` (default: the image's own), ``exif``, ``xmp``.
``save_all=True`` with ``append_images``, ``duration`` (ms, one number or
one per frame) and ``loop`` writes an animation. Modes: RGB, RGBA, L, LA
and I;16 (16-bit gray) as they are; P, 1 and CMYK are converted to RGB(A).
"""

from fractions import Fraction

import numpy as np
from PIL import Image, ImageFile, ImageSequence

from . import encoding
from .decoding import Decoder, _restore_options, thread_decoder
from .decoding import info as read_info
from .errors import Error

__all__ = ["register", "BpgImageFile", "quality_to_q"]

FORMAT = "BPG"
MAGIC = b"BPG\xfb"
_MS = 1000


def _accept(prefix):
    return prefix[:4] == MAGIC


def quality_to_q(quality):
    """Pillow's quality (0..100, 100 best) as the encoder's q (51..0)."""
    if not 0 <= quality <= 100:
        raise ValueError(f"quality must be 0..100, not {quality!r}")
    return round((100 - quality) * 51 / 100)


def _mode_of(info):
    if info.has_w_plane:
        return "CMYK"
    if info.format == "Gray":
        return "LA" if info.has_alpha else "L"
    return "RGBA" if info.has_alpha else "RGB"


class BpgImageFile(ImageFile.ImageFile):
    """A BPG file opened by Pillow (see the module's documentation)."""

    format = FORMAT
    format_description = "Better Portable Graphics"
    # Decoder options (restore, model, precision, threads), set by register().
    decode_options = {}

    def _open(self):
        data = self.fp.read()
        try:
            header = read_info(data)
        except Error as e:
            raise SyntaxError(f"not a valid BPG file: {e}") from e
        self._data = data
        self._header = header
        self._size = (header.width, header.height)
        self.mode = _mode_of(header)
        for key in ("icc_profile", "exif", "xmp"):
            value = getattr(header, key)
            if value is not None:
                self.info[key] = value
        self._frame = 0          # the logical frame (tell())
        self._loaded_frame = -1  # the frame in self.im
        self._frames = None      # Frames iterator of an animation
        self._position = -1      # index of the frame it gave last
        self._pixels = None      # that frame's pixels for Pillow
        self._durations = {}     # frame index -> duration in ms
        self.tile = []
        if header.animation:
            self.info["loop"] = header.loop_count
            self._n_frames = None  # counted on demand (Pillow's lazy convention)
            self._goto(0)
            self.info["duration"] = self._durations[0]
        else:
            self._n_frames = 1

    # -- frames --------------------------------------------------------------

    @property
    def n_frames(self):
        if self._n_frames is None:
            self._n_frames = self._count_frames()
        return self._n_frames

    @property
    def is_animated(self):
        return self._header.animation and self.n_frames > 1

    def _count_frames(self):
        counter = Decoder(threads=self.decode_options.get("threads", 0)).frames(self._data)
        count = 0
        for count, (_, duration) in enumerate(counter, start=1):
            self._durations.setdefault(count - 1, round(duration * _MS))
        return count

    def seek(self, frame):
        if not self._seek_check(frame):
            return
        self._goto(frame)  # EOFError past the end
        self._frame = frame
        if self._header.animation:
            self.info["duration"] = self._durations[frame]

    def tell(self):
        return self._frame

    def _goto(self, index):
        """Decodes frames until `index` is the current one."""
        if self._frames is None or index < self._position:
            self._frames = Decoder(**self.decode_options).frames(self._data, bits=8)
            self._position = -1
        while self._position < index:
            try:
                pixels, duration = next(self._frames)
            except StopIteration:
                self._n_frames = self._position + 1
                raise EOFError(f"no frame {index}: the animation has {self._n_frames}") from None
            self._position += 1
            self._durations[self._position] = round(duration * _MS)
            if self._position == index:
                self._pixels = self._for_pillow(pixels, self._frames)

    def _for_pillow(self, pixels, frames):
        """Decoder output (RGB/RGBA 8-bit) -> the bytes of self.mode."""
        if self.mode == "CMYK":
            # C, M, Y = 255 - R, G, B of the file (before the W multiply);
            # K = 255 - W. The library's CMYK output never reads W (libbpg).
            w_index = 1 if self._header.format == "Gray" else 3
            cmy = frames._decoder._read(self._header, 8, False, True)[:, :, :3]
            w = frames.plane(w_index).astype(np.uint32)
            top = (1 << self._header.bit_depth) - 1
            k = 255 - (w * 255 + top // 2) // top
            return np.dstack([cmy, k.astype(np.uint8)])
        if self.mode == "L":
            return pixels[:, :, 0]
        if self.mode == "LA":
            return pixels[:, :, [0, 3]]
        return pixels

    # -- pixels --------------------------------------------------------------

    def load(self):
        if self._loaded_frame != self._frame:
            if self._header.animation:
                self._goto(self._frame)
                pixels = self._pixels
            else:
                pixels = self._decode_still()
            self.load_prepare()
            self.frombytes(np.ascontiguousarray(pixels).tobytes(), "raw", self.mode)
            self._loaded_frame = self._frame
            if self._exclusive_fp and self.fp:  # every byte is in self._data
                self.fp.close()
            self.fp = None
        return Image.Image.load(self)

    def _decode_still(self):
        decoder = thread_decoder(**self.decode_options)
        if self.mode == "CMYK":
            frames = decoder.frames(self._data, bits=8)
            try:
                return self._for_pillow(next(frames), frames)
            finally:
                frames._finish()
        return self._for_pillow(decoder.decode(self._data, bits=8), None)


# -- saving ------------------------------------------------------------------

_PASS_THROUGH = ("lossless", "bits", "level", "color_space", "alpha_q", "threads")


def _encode_options(im, info):
    options = {k: info[k] for k in _PASS_THROUGH if k in info}
    if "q" in info and "quality" in info:
        raise ValueError("give quality (0..100) or q (0..51), not both")
    if "quality" in info:
        options["q"] = quality_to_q(info["quality"])
    elif "q" in info:
        options["q"] = info["q"]
    if "chroma" in info:
        options["format"] = info["chroma"]
    icc = info.get("icc_profile", im.info.get("icc_profile"))
    if icc:
        options["icc_profile"] = icc
    exif = info.get("exif")
    if isinstance(exif, Image.Exif):
        exif = exif.tobytes()
    if exif:
        # BPG holds the TIFF block (bpgenc -keepmetadata); Pillow's bytes may
        # carry JPEG's APP1 prefix.
        options["exif"] = exif[6:] if exif.startswith(b"Exif\x00\x00") else exif
    if info.get("xmp"):
        options["xmp"] = info["xmp"]
    return options


def _target_mode(mode, has_transparency):
    if mode in ("RGB", "RGBA", "L", "LA", "I;16"):
        return mode
    if mode in ("PA", "RGBa", "La") or (mode == "P" and has_transparency):
        return "RGBA"
    if mode == "1":
        return "L"
    return "RGB"


def _array(im, mode):
    if im.mode != mode:
        im = im.convert(mode)
    if mode == "I;16":
        return np.frombuffer(im.tobytes("raw", "I;16"), dtype="<u2").reshape(im.height, im.width)
    return np.asarray(im)


def _save(im, fp, filename):
    mode = _target_mode(im.mode, "transparency" in im.info)
    data = encoding.encode(_array(im, mode), **_encode_options(im, im.encoderinfo))
    fp.write(data)


def _save_all(im, fp, filename):
    info = im.encoderinfo
    images = [im, *info.get("append_images", [])]
    frames = [frame.copy() for image in images for frame in ImageSequence.Iterator(image)]
    if len(frames) == 1:
        return _save(im, fp, filename)
    modes = {_target_mode(f.mode, "transparency" in f.info) for f in frames}
    if modes <= {"L"}:
        mode = "L"
    elif modes <= {"L", "LA"}:
        mode = "LA"
    else:
        mode = "RGBA" if modes & {"RGBA", "LA"} else "RGB"
    duration = info.get("duration", im.info.get("duration", 100))
    durations = list(duration) if isinstance(duration, (list, tuple)) else [duration] * len(frames)
    if len(durations) != len(frames):
        raise ValueError(f"{len(frames)} frames but {len(durations)} durations")
    data = encoding.encode_animation(
        [_array(f, mode) for f in frames], [d / _MS for d in durations],
        loop_count=info.get("loop", 0), frame_period=Fraction(1, _MS),  # whole ms
        **_encode_options(im, info))
    fp.write(data)


# -- registration ------------------------------------------------------------

def register(*, restore=None, model=None, precision="auto", threads=0):
    """Registers (again) the BPG format with Pillow; files opened afterwards
    are decoded with these options: ``restore="default"`` (or True, a model
    name or a .bpgrm path), ``model``, ``precision`` as :func:`bpgr.decode`;
    ``threads``: library threads per decode (0 = one per CPU). Importing
    bpgr.pillow registers with no restoration. Returns the image class."""
    _restore_options(restore, model, precision)  # argument errors now, not on open
    if not isinstance(threads, int) or threads < 0:
        raise ValueError("threads must be an int >= 0 (0 = one per CPU)")
    options = dict(restore=restore, model=model, precision=precision, threads=threads)
    cls = type("BpgImageFile", (BpgImageFile,), {"decode_options": options})
    Image.register_open(FORMAT, cls, _accept)
    Image.register_save(FORMAT, _save)
    Image.register_save_all(FORMAT, _save_all)
    Image.register_extension(FORMAT, ".bpg")
    Image.register_mime(FORMAT, "image/bpg")
    return cls


register()
