"""The .bpgrm model format (postfilter/models/FORMAT.md): the one reader and writer
used by training, export, the precision chooser and the build's identity-model
generator.

Standard library only at import (the build runs the identity generator with any
python3). Tensors may be numpy arrays or flat sequences of floats in C order;
read() returns numpy float32 arrays, so it needs numpy.

cfg: dict with n_blocks, width, expanded, kernel, skip_kernel, in_channels,
qp_min, qp_max, color_domain (0), flags (0), mean (3 floats), res_scale,
qp_center, qp_scale, name (at most 31 bytes of UTF-8 are stored).
"""
import math
import os
import struct

MAGIC = b"BPGRWDSR"
VERSION = 1
HEADER_BYTES = 96
DT_F32, DT_F16 = 0, 1
FLAGS_OFFSET = 16 + 36   # magic, version, header size; flags at header offset 36
NAME_BYTES = 32
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


def tensor_shapes(cfg):
    """Shapes of the tensors in file order: head w, b; per block conv1 w, b, conv2 w, b;
    tail w, b; skip w, b."""
    F_, E, k, s, C = cfg["width"], cfg["expanded"], cfg["kernel"], cfg["skip_kernel"], cfg["in_channels"]
    shapes = [(F_, C, k, k), (F_,)]
    for _ in range(cfg["n_blocks"]):
        shapes += [(E, F_, k, k), (E,), (F_, E, k, k), (F_,)]
    shapes += [(3, F_, k, k), (3,), (3, C, s, s), (3,)]
    return shapes


def calibration_count(cfg):
    """Conv layers: head + 2 per block + tail + skip."""
    return 2 * cfg["n_blocks"] + 3


def _check_architecture(cfg):
    if not (1 <= cfg["n_blocks"] <= 64 and 1 <= cfg["width"] <= 512 and 1 <= cfg["expanded"] <= 2048
            and cfg["kernel"] % 2 == 1 and cfg["skip_kernel"] % 2 == 1 and cfg["flags"] & ~7 == 0
            and cfg["in_channels"] in (3, 4)):
        raise ValueError("bad architecture fields")


def _header(cfg):
    name = cfg["name"].encode()[:NAME_BYTES - 1]
    hdr = struct.pack("<10I", cfg["n_blocks"], cfg["width"], cfg["expanded"], cfg["kernel"],
                      cfg["skip_kernel"], cfg["in_channels"], cfg["qp_min"], cfg["qp_max"],
                      cfg.get("color_domain", 0), cfg.get("flags", 0))
    hdr += struct.pack("<3f", *cfg["mean"])
    hdr += struct.pack("<3f", cfg["res_scale"], cfg["qp_center"], cfg["qp_scale"])
    hdr += name.ljust(NAME_BYTES, b"\0")
    assert len(hdr) == HEADER_BYTES
    return hdr


def _tensor_data(t, shape, dtype):
    """Little-endian payload of one tensor: a numpy array (any float dtype, converted
    to float32 first, then to binary16 for DT_F16) or a flat sequence of floats
    (packed directly from Python floats)."""
    if hasattr(t, "shape"):
        import numpy as np
        a = np.asarray(t, dtype=np.float32)
        if a.shape != shape:
            raise ValueError(f"tensor shape {a.shape} != {shape}")
        return a.astype("<f2" if dtype == DT_F16 else "<f4").tobytes()
    if len(t) != math.prod(shape):
        raise ValueError(f"tensor of {len(t)} values for shape {shape}")
    return struct.pack("<%d%s" % (len(t), "e" if dtype == DT_F16 else "f"), *t)


def encode(cfg, tensors, calib=(), dtype=DT_F32):
    """The file's bytes. tensors: in tensor_shapes(cfg) order (folded weights, biases)."""
    if dtype not in (DT_F32, DT_F16):
        raise ValueError("dtype must be DT_F32 or DT_F16")
    cfg = dict(cfg, color_domain=cfg.get("color_domain", 0), flags=cfg.get("flags", 0))
    _check_architecture(cfg)
    shapes = tensor_shapes(cfg)
    if len(tensors) != len(shapes):
        raise ValueError(f"{len(tensors)} tensors, the architecture has {len(shapes)}")
    calib = [float(c) for c in calib]
    if len(calib) not in (0, calibration_count(cfg)):
        raise ValueError(f"{len(calib)} calibration values, want 0 or {calibration_count(cfg)}")
    out = [MAGIC, struct.pack("<II", VERSION, HEADER_BYTES), _header(cfg)]
    for t, shp in zip(tensors, shapes):
        out.append(struct.pack("<II", dtype, len(shp)) + struct.pack(f"<{len(shp)}I", *shp))
        out.append(_tensor_data(t, shp, dtype))
    out.append(struct.pack("<I", len(calib)) + struct.pack(f"<{len(calib)}f", *calib))
    body = b"".join(out)
    return body + struct.pack("<Q", fnv1a64(body))


def write_bytes(path, data):
    """Writes a whole file or nothing: a temporary beside it, renamed over it."""
    tmp = path + ".tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return len(data)


def write(path, cfg, tensors, calib=(), dtype=DT_F32):
    """Writes a model file; returns its size in bytes."""
    return write_bytes(path, encode(cfg, tensors, calib, dtype))


def decode(buf):
    """(cfg, tensors as float32 numpy arrays, calibration list); validates everything."""
    import numpy as np
    if len(buf) < 16 + HEADER_BYTES + 12 or buf[:8] != MAGIC:
        raise ValueError("not a bpgrm file")
    if fnv1a64(buf[:-8]) != struct.unpack("<Q", buf[-8:])[0]:
        raise ValueError("content hash mismatch")
    ver, hbytes = struct.unpack("<II", buf[8:16])
    if ver != VERSION or hbytes < HEADER_BYTES or 16 + hbytes > len(buf) - 12:
        raise ValueError("bad version/header size")
    h = buf[16:16 + hbytes]
    v = struct.unpack("<10I", h[:40])
    mean = struct.unpack("<3f", h[40:52])
    res_scale, qp_center, qp_scale = struct.unpack("<3f", h[52:64])
    cfg = dict(n_blocks=v[0], width=v[1], expanded=v[2], kernel=v[3], skip_kernel=v[4], in_channels=v[5],
               qp_min=v[6], qp_max=v[7], color_domain=v[8], flags=v[9], mean=list(mean),
               res_scale=res_scale, qp_center=qp_center, qp_scale=qp_scale,
               name=h[64:96].split(b"\0")[0].decode())
    _check_architecture(cfg)
    pos = 16 + hbytes
    end = len(buf) - 8
    tensors = []
    for shp in tensor_shapes(cfg):
        if pos + 8 > end:
            raise ValueError("truncated")
        dt, nd = struct.unpack("<II", buf[pos:pos + 8])
        pos += 8
        if dt not in (DT_F32, DT_F16) or nd != len(shp) or pos + 4 * nd > end:
            raise ValueError("bad tensor header")
        dims = struct.unpack(f"<{nd}I", buf[pos:pos + 4 * nd])
        pos += 4 * nd
        if tuple(dims) != shp:
            raise ValueError(f"tensor dims {dims} != {shp}")
        n = math.prod(shp) * (2 if dt == DT_F16 else 4)
        if pos + n > end:
            raise ValueError("truncated tensor")
        tensors.append(np.frombuffer(buf[pos:pos + n], dtype="<f2" if dt == DT_F16 else "<f4")
                       .astype(np.float32).reshape(shp))
        pos += n
    if pos + 4 > end:
        raise ValueError("truncated calibration")
    (count,) = struct.unpack("<I", buf[pos:pos + 4])
    pos += 4
    if count not in (0, calibration_count(cfg)) or pos + 4 * count != end:
        raise ValueError("bad calibration block")
    calib = list(struct.unpack(f"<{count}f", buf[pos:pos + 4 * count]))
    return cfg, tensors, calib


def read(path):
    """(cfg, tensors as float32 numpy arrays, calibration list) of a model file."""
    with open(path, "rb") as f:
        return decode(f.read())


def with_flags(data, value, mask):
    """The file's bytes with flags = (flags & ~mask) | value and the hash redone;
    nothing else changes."""
    if data[:8] != MAGIC or len(data) < FLAGS_OFFSET + 4 + 8:
        raise ValueError("not a bpgrm file")
    out = bytearray(data)
    old = struct.unpack_from("<I", out, FLAGS_OFFSET)[0]
    struct.pack_into("<I", out, FLAGS_OFFSET, (old & ~mask) | value)
    out[-8:] = struct.pack("<Q", fnv1a64(bytes(out[:-8])))
    return bytes(out)
