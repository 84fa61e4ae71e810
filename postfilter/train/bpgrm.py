#!/usr/bin/python3
"""Reads and writes the .bpgrm model format (postfilter/models/FORMAT.md), and a
pure-PyTorch forward of a file's folded weights (the reference the C++ engine
is checked against)."""
import struct

import numpy as np
import torch
import torch.nn.functional as F

MAGIC = b"BPGRWDSR"
VERSION = 1
HEADER_BYTES = 96
DT_F32, DT_F16 = 0, 1


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def tensor_shapes(cfg):
    F_, E, k, s, C = cfg["width"], cfg["expanded"], cfg["kernel"], cfg["skip_kernel"], cfg["in_channels"]
    shapes = [(F_, C, k, k), (F_,)]
    for _ in range(cfg["n_blocks"]):
        shapes += [(E, F_, k, k), (E,), (F_, E, k, k), (F_,)]
    shapes += [(3, F_, k, k), (3,), (3, C, s, s), (3,)]
    return shapes


def write(path, cfg, tensors, calib=(), dtype=DT_F32):
    """tensors: numpy arrays in FORMAT.md order (folded weights, biases)."""
    shapes = tensor_shapes(cfg)
    if len(tensors) != len(shapes):
        raise ValueError("wrong tensor count")
    name = cfg["name"].encode()[:31]
    hdr = struct.pack("<10I", cfg["n_blocks"], cfg["width"], cfg["expanded"], cfg["kernel"],
                      cfg["skip_kernel"], cfg["in_channels"], cfg["qp_min"], cfg["qp_max"], cfg.get("color_domain", 0),
                      cfg.get("flags", 0))
    hdr += struct.pack("<3f", *cfg["mean"]) + struct.pack("<3f", cfg["res_scale"], cfg["qp_center"],
                                                          cfg["qp_scale"])
    hdr += name + b"\0" * (32 - len(name))
    assert len(hdr) == HEADER_BYTES
    out = bytearray(MAGIC + struct.pack("<II", VERSION, HEADER_BYTES) + hdr)
    for t, shp in zip(tensors, shapes):
        t = np.asarray(t, dtype=np.float32)
        if t.shape != shp:
            raise ValueError(f"tensor shape {t.shape} != {shp}")
        out += struct.pack("<II", dtype, len(shp)) + struct.pack(f"<{len(shp)}I", *shp)
        out += t.astype("<f2" if dtype == DT_F16 else "<f4").tobytes()
    calib = list(calib)
    out += struct.pack("<I", len(calib)) + struct.pack(f"<{len(calib)}f", *calib)
    out += struct.pack("<Q", fnv1a64(out))
    with open(path, "wb") as f:
        f.write(out)
    return len(out)


def read(path):
    """Returns (cfg, tensors as float32 numpy arrays, calibration list); validates everything."""
    with open(path, "rb") as f:
        buf = f.read()
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
    if not (1 <= cfg["n_blocks"] <= 64 and 1 <= cfg["width"] <= 512 and 1 <= cfg["expanded"] <= 2048
            and cfg["kernel"] % 2 == 1 and cfg["skip_kernel"] % 2 == 1 and cfg["flags"] & ~7 == 0 and cfg["in_channels"] in (3, 4)):
        raise ValueError("bad architecture fields")
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
        n = int(np.prod(shp)) * (2 if dt == DT_F16 else 4)
        if pos + n > end:
            raise ValueError("truncated tensor")
        tensors.append(np.frombuffer(buf[pos:pos + n], dtype="<f2" if dt == DT_F16 else "<f4")
                       .astype(np.float32).reshape(shp))
        pos += n
    if pos + 4 > end:
        raise ValueError("truncated calibration")
    (count,) = struct.unpack("<I", buf[pos:pos + 4])
    pos += 4
    if count not in (0, 2 * cfg["n_blocks"] + 3) or pos + 4 * count != end:
        raise ValueError("bad calibration block")
    calib = list(struct.unpack(f"<{count}f", buf[pos:pos + 4 * count]))
    return cfg, tensors, calib


@torch.no_grad()
def forward(cfg, tensors, rgb, qp=None):
    """Reference forward of folded weights. rgb: (N,3,H,W) float 0..1 (float64 allowed)."""
    dt = rgb.dtype
    W = [torch.from_numpy(t).to(dtype=dt, device=rgb.device) for t in tensors]
    mean = torch.tensor(cfg["mean"], dtype=dt, device=rgb.device).view(1, 3, 1, 1)
    x = rgb - mean
    if cfg["in_channels"] == 4:
        if qp is None or qp < 0:
            raise ValueError("model needs the QP")
        v = (float(qp) - cfg["qp_center"]) / cfg["qp_scale"]
        x = torch.cat([x, torch.full_like(x[:, :1], v)], dim=1)
    k, s = cfg["kernel"] // 2, cfg["skip_kernel"] // 2
    h = F.conv2d(x, W[0], W[1], padding=k)
    i = 2
    for _ in range(cfg["n_blocks"]):
        t = F.relu(F.conv2d(h, W[i], W[i + 1], padding=k))
        h = h + cfg["res_scale"] * F.conv2d(t, W[i + 2], W[i + 3], padding=k)
        i += 4
    y = F.conv2d(h, W[i], W[i + 1], padding=k) + F.conv2d(x, W[i + 2], W[i + 3], padding=s) + mean
    return y
