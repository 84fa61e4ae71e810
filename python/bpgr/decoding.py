"""Decoding: bpgr.Decoder (a reusable handle), decode(), frames(), info()."""

import threading
from fractions import Fraction

from . import _bpgr
from ._source import read_source
from .info import Info

__all__ = ["Decoder", "Frames", "decode", "frames", "info", "thread_decoder", "PRECISIONS"]

PRECISIONS = ("auto", "fp32", "bf16", "int8")  # bpgr_precision order

# bpgr_output_format values.
_RGB24, _RGBA32, _RGB48, _RGBA64, _CMYK32, _CMYK64 = range(6)


def _restore_options(restore, model, precision):
    """(enabled, model or None, precision index) from the public arguments.

    restore: None/False = off; True = on with ``model`` (None = the built-in
    default); a str = on with that model (a built-in name such as "default"
    or "fast" or "paper", or the path of a .bpgrm file), the same as ``bpgdec --restore
    --model``.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if restore is None or restore is False:
        if model is not None or precision != "auto":
            raise ValueError("model and precision need restore")
        return False, None, 0
    if restore is True:
        chosen = model
    elif isinstance(restore, str) or hasattr(restore, "__fspath__"):
        if model is not None:
            raise ValueError("give the model either as restore=... or as model=..., not both")
        chosen = restore
    else:
        raise TypeError("restore must be None, a bool, a model name or a model path")
    if chosen is not None and not isinstance(chosen, str):
        import os
        chosen = os.fspath(chosen)
    return True, chosen, PRECISIONS.index(precision)


def _output_format(bits, alpha, cmyk, has_alpha):
    if bits not in (8, 16):
        raise ValueError(f"bits must be 8 or 16, not {bits!r}")
    sixteen = bits == 16
    if cmyk:
        return _CMYK64 if sixteen else _CMYK32
    if alpha and has_alpha:
        return _RGBA64 if sixteen else _RGBA32
    return _RGB48 if sixteen else _RGB24


class Decoder:
    """A reusable decoder: settings and the restoration model are loaded once.

    ``Decoder(restore=..., model=..., precision=..., threads=...)`` takes the
    options of :func:`decode`; :meth:`decode`, :meth:`frames` and
    :meth:`info` then work like the functions of the same name, one file
    after the other. Use one Decoder per thread (a Decoder used by two
    threads at once raises ``RuntimeError``); separate Decoders decode in
    parallel, as the GIL is released while the library works.
    """

    def __init__(self, *, restore=None, model=None, precision="auto", threads=0):
        enabled, chosen, precision_index = _restore_options(restore, model, precision)
        if not isinstance(threads, int) or threads < 0:
            raise ValueError("threads must be an int >= 0 (0 = one per CPU)")
        self._handle = _bpgr.Decoder(threads=threads, restore=enabled, model=chosen,
                                     precision=precision_index)
        self.restore = enabled
        self._frames = None  # the Frames iterator using the handle, if any

    @property
    def restore_precision(self):
        """The precision restoration runs at ("fp32", "bf16", "int8"; "auto"
        resolved), or None without restoration."""
        return self._handle.restore_precision()

    @property
    def restore_qp_range(self):
        """(qp_min, qp_max): slice QPs the model was trained for, or None."""
        return self._handle.restore_qp_range()

    def _open(self, source):
        if self._frames is not None:  # a new file ends an unfinished iteration
            self._frames._done = True
            self._frames = None
        self._handle.open(read_source(source))
        return Info.from_library(self._handle.info())

    def _read(self, info, bits, alpha, cmyk):
        return self._handle.read(_output_format(bits, alpha, cmyk, info.has_alpha))

    def decode(self, source, *, bits=8, alpha=True, cmyk=False):
        """The first frame as a numpy array; see :func:`bpgr.decode`."""
        _output_format(bits, alpha, cmyk, False)  # argument errors before decoding
        try:
            info = self._open(source)
            return self._read(info, bits, alpha, cmyk)
        finally:
            self._handle.reset()

    def decode_with_info(self, source, *, bits=8, alpha=True, cmyk=False):
        """(array, Info) of the first frame, from one decode."""
        _output_format(bits, alpha, cmyk, False)
        try:
            info = self._open(source)
            return self._read(info, bits, alpha, cmyk), info
        finally:
            self._handle.reset()

    def frames(self, source, *, bits=8, alpha=True, cmyk=False):
        """Every frame; see :func:`bpgr.frames`."""
        _output_format(bits, alpha, cmyk, False)
        self._frames = Frames(self, source, bits, alpha, cmyk)
        return self._frames

    def info(self, source):
        """Header and metadata without decoding; see :func:`bpgr.info`."""
        return info(source)


class Frames:
    """Iterator over (array, duration) of every frame, in order.

    ``duration`` is a ``fractions.Fraction`` of seconds (0 for still images;
    ``float(duration)`` for a float). ``info`` (header and metadata) and
    ``loop_count`` (0 = forever) are available before the first frame.
    Frames are decoded one by one as the iteration goes.
    """

    def __init__(self, decoder, source, bits, alpha, cmyk):
        self._decoder = decoder
        self._options = (bits, alpha, cmyk)
        self.info = decoder._open(source)
        self._next_is_first = True
        self._done = False

    @property
    def loop_count(self):
        return self.info.loop_count

    def __iter__(self):
        return self

    def __next__(self):
        handle = self._decoder._handle
        if self._done:
            raise StopIteration
        try:
            if not self._next_is_first and not handle.next_frame():
                self._finish()
                raise StopIteration
            self._next_is_first = False
            pixels = self._decoder._read(self.info, *self._options)
            num, den = handle.frame_duration()
            return pixels, Fraction(num, den)
        except BaseException:
            self._finish()
            raise

    def plane(self, index):
        """The current frame's decoded plane ``index`` before colour
        conversion, as an H x W uint16 array of samples at the file's bit
        depth: 0..2 are Y Cb Cr (Y Cg Co, G B R; gray has only 0), then the
        alpha or W plane (3, or 1 for gray). Call after ``next()`` returned
        the frame and before the next one. bpgr.InvalidArgumentError for a
        plane the image does not have."""
        if self._done or self._next_is_first:
            raise RuntimeError("no current frame (iterate first)")
        return self._decoder._handle.plane(index)

    def _finish(self):
        if not self._done:
            self._done = True
            self._decoder._frames = None
            self._decoder._handle.reset()


def decode(source, *, bits=8, alpha=True, cmyk=False, restore=None, model=None,
           precision="auto", threads=0):
    """Decodes the first frame of a BPG file into a numpy array.

    source: bytes-like, a path or a binary file object.
    bits: 8 (uint8) or 16 (uint16) per sample, whatever the file's depth.
    alpha: with True (default) a file with alpha gives H x W x 4 RGBA (colour
    not premultiplied), otherwise H x W x 3 RGB; False always gives RGB
    (the file's colour as stored, so premultiplied files stay premultiplied,
    like ``bpgdec -o x.ppm``).
    cmyk: True gives H x W x 4 CMYK, the library's CMYK32/CMYK64 output.
    restore, model, precision: the restoration post-filter, as ``bpgdec
    --restore [--model M] [--precision P]``: restore=True (default model),
    restore="paper" or restore="path/to/model.bpgrm"; precision "auto",
    "fp32", "bf16" or "int8". CMYK output is never restored.
    threads: library threads for this decode, 0 = one per CPU.

    The pixels equal ``bpgdec``'s (bit-exact with libbpg 0.9.8). Library
    failures raise :class:`bpgr.Error` subclasses.
    """
    return Decoder(restore=restore, model=model, precision=precision,
                   threads=threads).decode(source, bits=bits, alpha=alpha, cmyk=cmyk)


def frames(source, *, bits=8, alpha=True, cmyk=False, restore=None, model=None,
           precision="auto", threads=0):
    """All frames of a BPG file: a :class:`Frames` iterator of
    (array, duration) with ``loop_count`` and ``info``. Options as
    :func:`decode`. A still image gives one frame of duration 0."""
    return Decoder(restore=restore, model=model, precision=precision,
                   threads=threads).frames(source, bits=bits, alpha=alpha, cmyk=cmyk)


def info(source):
    """Header and metadata (EXIF, ICC profile, XMP as bytes) of a BPG file,
    without decoding the picture: a :class:`bpgr.Info`."""
    return Info.from_library(_bpgr.probe(read_source(source)))


class _ThreadDecoders(threading.local):
    """This thread's Decoders, one per option set."""

    created = 0  # Decoders made by thread_decoder in this process (all threads)
    _lock = threading.Lock()

    def get(self, options):
        cache = self.__dict__.setdefault("decoders", {})
        key = tuple(sorted(options.items()))
        if key not in cache:
            cache[key] = Decoder(**options)
            with _ThreadDecoders._lock:
                _ThreadDecoders.created += 1
        return cache[key]


_thread_decoders = _ThreadDecoders()


def thread_decoder(*, restore=None, model=None, precision="auto", threads=0):
    """The calling thread's :class:`Decoder` for these options, made on the
    first call and reused after (a restoration model is loaded once per
    thread). Use it for one file at a time, not across a frames iteration
    that another call could interrupt."""
    return _thread_decoders.get(dict(restore=restore, model=model, precision=precision,
                                     threads=threads))


def thread_decoders_created():
    """How many Decoders thread_decoder made in this process."""
    return _ThreadDecoders.created
