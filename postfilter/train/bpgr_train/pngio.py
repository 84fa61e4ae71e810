"""Minimal PNG reader/writer on zlib + numpy (no PIL needed).

PIL truncates 16-bit RGB PNGs to 8 bits, and the training inputs are
`bpgdec -b 16` output, so we read PNG ourselves. Supports non-interlaced
greyscale, RGB, palette, grey+alpha and RGBA at 8 or 16 bits. Filter
reconstruction is vectorised along anti-diagonals (each pixel depends only on
its left, upper and upper-left neighbours), so a 500x500 image decodes in well
under a second.
"""
import struct
import zlib

import numpy as np

_SIG = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _unfilter(raw, h, w, bpp):
    """raw: bytes of h rows, each 1 filter byte + w*bpp bytes. Returns (h, w, bpp) uint8."""
    rows = np.frombuffer(raw, dtype=np.uint8).reshape(h, 1 + w * bpp)
    ftype = rows[:, 0].copy()
    data = rows[:, 1:].reshape(h, w, bpp)
    if ftype.max(initial=0) > 4:
        raise ValueError("PNG: bad filter type")
    out = np.zeros((h + 1, w + 1, bpp), dtype=np.int32)  # row 0 / col 0 = zero padding
    if np.all(ftype == 0):
        return data.copy()
    # Rows with filter None / Up only depend on the row above: do them row-wise when
    # possible is not enough (Up depends on reconstructed above), so use the
    # anti-diagonal wavefront for everything; cheap relative to zlib.
    d32 = data.astype(np.int32)
    ys_all = np.arange(h)
    for d in range(h + w - 1):
        y0 = max(0, d - (w - 1))
        y1 = min(h - 1, d)
        ys = ys_all[y0:y1 + 1]
        xs = d - ys
        raw_v = d32[ys, xs]                    # (n, bpp)
        a = out[ys + 1, xs]                    # left
        b = out[ys, xs + 1]                    # up
        c = out[ys, xs]                        # up-left
        ft = ftype[ys][:, None]
        p = a + b - c
        pa = np.abs(p - a)
        pb = np.abs(p - b)
        pc = np.abs(p - c)
        paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        pred = np.select([ft == 0, ft == 1, ft == 2, ft == 3], [0, a, b, (a + b) >> 1], paeth)
        out[ys + 1, xs + 1] = (raw_v + pred) & 0xFF
    return out[1:, 1:].astype(np.uint8)


def read_png(path):
    """Returns an (H, W, C) uint8 or uint16 array (C = 1, 2, 3 or 4; palette -> RGB(A))."""
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:8] != _SIG:
        raise ValueError(f"{path}: not a PNG")
    pos = 8
    idat = []
    ihdr = None
    plte = None
    trns = None
    while pos + 8 <= len(buf):
        (length,) = struct.unpack(">I", buf[pos:pos + 4])
        ctype = buf[pos + 4:pos + 8]
        body = buf[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError(f"{path}: truncated chunk")
        pos += 12 + length
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"PLTE":
            plte = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3)
        elif ctype == b"tRNS":
            trns = body
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            break
    if ihdr is None:
        raise ValueError(f"{path}: no IHDR")
    w, h, depth, color, _comp, _filt, interlace = ihdr
    if interlace != 0:
        raise ValueError(f"{path}: interlaced PNG not supported")
    if color not in _CHANNELS or depth not in (8, 16) and not (color == 3 and depth == 8):
        raise ValueError(f"{path}: unsupported PNG (color type {color}, depth {depth})")
    ch = _CHANNELS[color]
    bpp = ch * depth // 8
    raw = zlib.decompress(b"".join(idat))
    if len(raw) != h * (1 + w * bpp):
        raise ValueError(f"{path}: bad image data size")
    px = _unfilter(raw, h, w, bpp)
    if depth == 16:
        img = px.reshape(h, w * bpp).view(">u2").astype(np.uint16).reshape(h, w, ch)
    else:
        img = px.reshape(h, w, ch)
    if color == 3:
        if plte is None:
            raise ValueError(f"{path}: palette image without PLTE")
        idx = img[:, :, 0]
        rgb = plte[np.minimum(idx, len(plte) - 1)]
        if trns is not None:
            alpha = np.full(256, 255, dtype=np.uint8)
            t = np.frombuffer(trns, dtype=np.uint8)
            alpha[:len(t)] = t
            img = np.concatenate([rgb, alpha[idx][:, :, None]], axis=2)
        else:
            img = rgb
    return img


def _chunk(ctype, body):
    return (struct.pack(">I", len(body)) + ctype + body
            + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF))


def write_png(path, img, level=6):
    """img: (H, W) or (H, W, C) uint8/uint16, C in 1..4. Filter type 0 (none)."""
    img = np.asarray(img)
    if img.ndim == 2:
        img = img[:, :, None]
    h, w, ch = img.shape
    color = {1: 0, 2: 4, 3: 2, 4: 6}[ch]
    if img.dtype == np.uint8:
        depth = 8
        data = img
    elif img.dtype == np.uint16:
        depth = 16
        data = img.astype(">u2").view(np.uint8).reshape(h, w, ch * 2)
    else:
        raise ValueError("write_png: uint8 or uint16 only")
    rows = np.concatenate([np.zeros((h, 1), np.uint8), data.reshape(h, -1)], axis=1)
    out = (_SIG + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0))
           + _chunk(b"IDAT", zlib.compress(rows.tobytes(), level)) + _chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(out)
