"""Gain of geometric self-ensembling (Lim et al. 2017, "EDSR+"): a model file run on the 8
flips/rotations of each decode, each output mapped back and the outputs averaged, against the
plain run, on centre crops of a cached pair set (pairs.py). PyTorch fp32 reference forward
(reference.py), not the C++ engine: an estimate of what an ensembling decoder would gain, at 8x
(x8), 4x (x4: the two flips and their product) or 2x (x2: horizontal flip) the cost.

  self_ensemble.py MODEL.bpgrm --set val-photos --qps 43 --limit 6 --crop 256

Prints per crop and per QP the mean gain over the plain decode (RGB 8-bit PSNR) of x1, x2, x4
and x8. Square crops keep the 8x8 grid of the codec's blocks in place under every transform
when the crop's offset is a multiple of 8 (centre crops of 768x512 photos are).
"""
import argparse
import os

import numpy as np

from . import bpgrm
from .dataset import PairSet, dec16_to8, psnr8, quant8, to_tensor16

# (quarter turns, horizontal flip) of the dihedral group; the first is the identity.
TRANSFORMS = [(k, f) for f in (False, True) for k in range(4)]
SUBSETS = {"x1": [(0, False)], "x2": [(0, False), (0, True)],
           "x4": [(0, False), (0, True), (2, False), (2, True)], "x8": TRANSFORMS}


def forward_transform(x, k, flip):
    """NCHW tensor: flip horizontally (if flip), then rotate by k quarter turns."""
    import torch
    if flip:
        x = torch.flip(x, [3])
    return torch.rot90(x, k, [2, 3])


def inverse_transform(y, k, flip):
    import torch
    y = torch.rot90(y, -k, [2, 3])
    return torch.flip(y, [3]) if flip else y


def centre_crop(a, crop):
    h, w = a.shape[:2]
    c = min(crop, h, w)
    y, x = (h - c) // 2, (w - c) // 2
    return np.ascontiguousarray(a[y:y + c, x:x + c])


def ensemble_gains(cfg, tensors, dec, orig, slice_qp):
    """{subset name: gain in dB over the plain decode} for one (uint16 dec, uint8 orig) pair."""
    from . import reference
    x = to_tensor16(dec)
    outs = {t: inverse_transform(reference.forward(cfg, tensors, forward_transform(x, *t),
                                                   slice_qp), *t)
            for t in TRANSFORMS}
    base = psnr8(dec16_to8(dec), orig)
    return {name: psnr8(quant8(sum(outs[t] for t in ts) / len(ts)), orig) - base
            for name, ts in SUBSETS.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--root", default="/var/tmp/bpgr-train")
    ap.add_argument("--set", default="val-photos")
    ap.add_argument("--qps", default="43", help="bpgenc QPs (comma-separated)")
    ap.add_argument("--limit", type=int, default=0, help="first N photos (0 = all)")
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    import torch
    torch.set_num_threads(a.threads)
    cfg, tensors = bpgrm.read(a.model)[:2]
    qps = [int(q) for q in a.qps.split(",")]
    ps = PairSet(os.path.join(a.root, a.set))
    stems = sorted(ps.orig)[:a.limit] if a.limit else sorted(ps.orig)
    rows = []
    for stem, qp, dec, _, sqp in ps.pairs:
        if stem not in stems or qp not in qps:
            continue
        g = ensemble_gains(cfg, tensors, centre_crop(dec, a.crop), centre_crop(ps.orig[stem], a.crop), sqp)
        rows.append((qp, g))
        print(f"{stem} -q {qp}: " + "  ".join(f"{k} {v:+.4f}" for k, v in g.items()), flush=True)
    for q in qps:
        gs = [g for qp, g in rows if qp == q]
        if gs:
            print(f"-q {q} mean of {len(gs)}: " +
                  "  ".join(f"{k} {np.mean([g[k] for g in gs]):+.4f}" for k in SUBSETS))
