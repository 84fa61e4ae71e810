#!/usr/bin/env python3
"""Writes a WDSR-A model (FORMAT.md, version 1) whose output equals its input.

The skip conv is the identity (centre tap 1 on the diagonal) and the tail is
zero, so y = x + mean = input. Head and residual blocks get small
deterministic pseudo-random weights, so the body does real work (benchmarks,
int8 calibration) without touching the output. Standard library only: the
build runs it with any python3. The file is written by the training package's
.bpgrm writer (postfilter/train/bpgr_train/bpgrm.py), the only one.

    make_identity_model.py OUT [--blocks 16 --width 32 --expanded 128 --kernel 3 --skip-kernel 5]
"""
import argparse
import math
import os
import sys

sys.dont_write_bytecode = True   # run by the build: nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train"))
from bpgr_train import bpgrm  # noqa: E402

MASK64 = (1 << 64) - 1


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


def he_amplitude(fan_in, gain=1.0):
    # uniform(-a, a) has std a / sqrt(3); He: std = sqrt(2 / fan_in)
    return gain * math.sqrt(3.0) * math.sqrt(2.0 / fan_in)


def build(blocks, width, expanded, kernel, skip_kernel, name):
    """(cfg, tensors as flat lists in file order) of the identity network."""
    rng = Lcg(0x5EED)
    in_ch = 3
    k2, s2 = kernel * kernel, skip_kernel * skip_kernel
    cfg = dict(n_blocks=blocks, width=width, expanded=expanded, kernel=kernel, skip_kernel=skip_kernel,
               in_channels=in_ch, qp_min=0, qp_max=51, color_domain=0, flags=0, mean=[0.5, 0.5, 0.5],
               res_scale=1.0, qp_center=0.0, qp_scale=1.0, name=name)
    tensors = [rng.uniforms(width * in_ch * k2, he_amplitude(in_ch * k2)), [0.0] * width]
    for _ in range(blocks):
        tensors.append(rng.uniforms(expanded * width * k2, he_amplitude(width * k2)))
        tensors.append(rng.uniforms(expanded, 0.01))
        tensors.append(rng.uniforms(width * expanded * k2, he_amplitude(expanded * k2, 0.1)))
        tensors.append([0.0] * width)
    tensors += [[0.0] * (3 * width * k2), [0.0] * 3]
    skip = [0.0] * (3 * in_ch * s2)
    centre = (skip_kernel // 2) * skip_kernel + skip_kernel // 2
    for c in range(3):
        skip[(c * in_ch + c) * s2 + centre] = 1.0
    tensors += [skip, [0.0] * 3]
    return cfg, tensors


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
    cfg, tensors = build(a.blocks, a.width, a.expanded, a.kernel, a.skip_kernel, a.name)
    bpgrm.write(a.output, cfg, tensors, calib=(), dtype=bpgrm.DT_F16)   # no int8 calibration


if __name__ == "__main__":
    main()
