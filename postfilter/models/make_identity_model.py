#!/usr/bin/env python3
"""Writes a WDSR-A model (FORMAT.md, version 1) whose output equals its input.

The skip conv is the identity (centre tap 1 on the diagonal) and the tail is
zero, so y = x + mean = input. Head and residual blocks get small
deterministic pseudo-random weights, so the body does real work (benchmarks,
int8 calibration) without touching the output. Standard library only.

    make_identity_model.py OUT [--blocks 16 --width 32 --expanded 128 --kernel 3 --skip-kernel 5]
"""
import argparse
import math
import struct

MAGIC = b"BPGRWDSR"
FORMAT_VERSION = 1
HEADER_BYTES = 96
DTYPE_F16 = 1
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


class Lcg:
    """Deterministic uniform numbers in [-1, 1), independent of Python's random."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def uniforms(self, n, amplitude):
        out = [0.0] * n
        s = self.state
        scale = 2.0 * amplitude / float(1 << 24)
        for i in range(n):
            s = (s * 6364136223846793005 + 1442695040888963407) & MASK64
            out[i] = (s >> 40) * scale - amplitude
        self.state = s
        return out


def tensor(dims, values):
    assert len(values) == math.prod(dims)
    head = struct.pack("<II", DTYPE_F16, len(dims)) + struct.pack("<%dI" % len(dims), *dims)
    return head + struct.pack("<%de" % len(values), *values)


def he_amplitude(fan_in, gain=1.0):
    # uniform(-a, a) has std a / sqrt(3); He: std = sqrt(2 / fan_in)
    return gain * math.sqrt(3.0) * math.sqrt(2.0 / fan_in)


def build(blocks, width, expanded, kernel, skip_kernel, name):
    rng = Lcg(0x5EED)
    in_ch = 3
    k2, s2 = kernel * kernel, skip_kernel * skip_kernel
    header = struct.pack("<10I", blocks, width, expanded, kernel, skip_kernel, in_ch,
                         0, 51, 0, 0)
    header += struct.pack("<3f", 0.5, 0.5, 0.5) + struct.pack("<3f", 1.0, 0.0, 1.0)
    header += name.encode()[:32].ljust(32, b"\0")
    assert len(header) == HEADER_BYTES
    out = [MAGIC, struct.pack("<II", FORMAT_VERSION, HEADER_BYTES), header]
    out.append(tensor([width, in_ch, kernel, kernel],
                      rng.uniforms(width * in_ch * k2, he_amplitude(in_ch * k2))))
    out.append(tensor([width], [0.0] * width))
    for _ in range(blocks):
        out.append(tensor([expanded, width, kernel, kernel],
                          rng.uniforms(expanded * width * k2, he_amplitude(width * k2))))
        out.append(tensor([expanded], rng.uniforms(expanded, 0.01)))
        out.append(tensor([width, expanded, kernel, kernel],
                          rng.uniforms(width * expanded * k2, he_amplitude(expanded * k2, 0.1))))
        out.append(tensor([width], [0.0] * width))
    out.append(tensor([3, width, kernel, kernel], [0.0] * (3 * width * k2)))
    out.append(tensor([3], [0.0] * 3))
    skip = [0.0] * (3 * in_ch * s2)
    centre = (skip_kernel // 2) * skip_kernel + skip_kernel // 2
    for c in range(3):
        skip[(c * in_ch + c) * s2 + centre] = 1.0
    out.append(tensor([3, in_ch, skip_kernel, skip_kernel], skip))
    out.append(tensor([3], [0.0] * 3))
    out.append(struct.pack("<I", 0))  # no int8 calibration
    body = b"".join(out)
    return body + struct.pack("<Q", fnv1a64(body))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("--blocks", type=int, default=16)
    ap.add_argument("--width", type=int, default=32)
    ap.add_argument("--expanded", type=int, default=128)
    ap.add_argument("--kernel", type=int, default=3)
    ap.add_argument("--skip-kernel", type=int, default=5)
    ap.add_argument("--name", default="identity")
    a = ap.parse_args()
    data = build(a.blocks, a.width, a.expanded, a.kernel, a.skip_kernel, a.name)
    with open(a.output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
