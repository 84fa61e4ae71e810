"""Decoded pictures to files, atomically: the bytes go to a temporary file in
the destination's directory, which os.replace() renames onto the
destination once complete. A process killed while writing leaves at most a
temporary file (``.NAME.*.bpgr-part``, see :func:`remove_partial`), never
a partial NAME."""

import os
import struct
import tempfile
import zlib
from pathlib import Path

import numpy as np

__all__ = ["FORMATS", "write_atomically", "encode_png", "encode_npy", "remove_partial",
           "PART_SUFFIX"]

PART_SUFFIX = ".bpgr-part"


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode_png(pixels, level=1):
    """PNG bytes of an H x W x C (C = 1..4: gray, gray+alpha, RGB, RGBA)
    uint8 or uint16 array (16-bit samples big-endian, as PNG stores them).
    Every row has the Up filter, compressed at zlib `level` (bpgdec's PNG
    settings: about libpng's default size at a fraction of its time)."""
    a = np.asarray(pixels)
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3 or a.shape[2] not in (1, 2, 3, 4) or a.dtype not in (np.uint8, np.uint16):
        raise ValueError(f"cannot write a {a.shape} {a.dtype} array as PNG")
    height, width, channels = a.shape
    depth = 8 if a.dtype == np.uint8 else 16
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = np.ascontiguousarray(a.astype(">u2") if depth == 16 else a).view(np.uint8)
    rows = rows.reshape(height, -1)
    raw = np.empty((height, 1 + rows.shape[1]), np.uint8)
    raw[:, 0] = 2  # Up: each byte minus the byte above it (modulo 256)
    raw[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=raw[1:, 1:])
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw.tobytes(), level)) + _chunk(b"IEND", b""))


def encode_npy(pixels):
    """The .npy file bytes of the array (numpy.load reads it back)."""
    import io
    buf = io.BytesIO()
    np.save(buf, np.asarray(pixels), allow_pickle=False)
    return buf.getvalue()


FORMATS = {"png": encode_png, "npy": encode_npy}


def write_atomically(path, data):
    """Writes `data` to `path` so that `path` is either absent or complete."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def remove_partial(directory):
    """Deletes the temporary files that killed writers left in `directory`;
    returns how many. Call it only while no writer is at work there."""
    removed = 0
    for temp in Path(directory).glob(f".*{PART_SUFFIX}"):
        temp.unlink(missing_ok=True)
        removed += 1
    return removed
