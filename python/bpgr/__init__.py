"""bpgr: BPG images in Python (decode, restore, encode), on the bpgr libraries.

    import bpgr
    rgb = bpgr.decode("photo.bpg")                      # numpy H x W x 3 uint8
    rgb16 = bpgr.decode(data, bits=16, restore=True)    # restored, uint16
    for pixels, seconds in bpgr.frames("anim.bpg"): ...
    bpgr.info("photo.bpg").icc_profile                  # bytes or None
    data = bpgr.encode(rgb, q=28)                       # when built with the encoder

``import bpgr.pillow`` registers BPG with Pillow; ``bpgr.dask`` decodes
batches on a dask.distributed cluster. See python/README.md.
"""

from . import _bpgr
from .decoding import PRECISIONS, Decoder, Frames, decode, frames, info, thread_decoder
from .encoding import encode, encode_animation, has_encoder
from .errors import *  # noqa: F401,F403 (the Error classes)
from .errors import __all__ as _error_names
from .info import Extension, Info

__version__ = _bpgr.library_version
has_restore = _bpgr.has_restore

__all__ = ["decode", "frames", "info", "thread_decoder", "encode", "encode_animation",
           "Decoder", "Frames",
           "Info", "Extension", "PRECISIONS", "has_encoder", "has_restore",
           *[n for n in _error_names if n != "from_status"]]
