"""Checks that the C++ engine (bpgdec --restore) reproduces PyTorch on validation photos.

For each photo: bpgenc -q QP; bpgdec -b 16 gives the network input; PyTorch
runs the model file's weights (reference.forward, float64) -> reference; bpgdec
-b 16 --restore --model FILE --precision P gives the engine's output. Reports
max |difference| on the 0..1 scale and the PSNR of each against the original.

  check_engine.py --model postfilter/models/default.bpgrm [--images mcmaster_01,mcmaster_12] [--qp 38]

fp32 must match within --tol (default 2e-4: the engine's 1e-4 plus 16-bit
rounding); bf16/int8 are reported as their PSNR loss against the reference.
Exit status 1 if fp32 is out of tolerance.
"""
import argparse
import os
import sys
import tempfile

import numpy as np
import torch

from . import bpgrm, reference
from . import pngio
from .codec import Codec
from .dataset import psnr8, quant8, to_tensor16


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--val-dir", default="/work/shared/data/val")
    ap.add_argument("--images", default="mcmaster_01,mcmaster_12")
    ap.add_argument("--qp", type=int, default=38)
    ap.add_argument("--precisions", default="fp32,bf16,int8")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tol", type=float, default=2e-4)
    ap.add_argument("--build")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    codec = Codec(a.build)
    codec.check()
    if not codec.supports_restore(a.model):
        raise SystemExit("bpgdec has no --restore")
    cfg, tens, _ = bpgrm.read(a.model)
    tmp = tempfile.mkdtemp(prefix="bpgr-check-")
    ok = True
    for stem in a.images.split(","):
        src = os.path.join(a.val_dir, stem + ".png")
        orig = pngio.read_png(src)[:, :, :3]
        bpg = os.path.join(tmp, "x.bpg")
        codec.encode(src, a.qp, bpg)
        sqp = codec.slice_qp(bpg)
        d16 = os.path.join(tmp, "d16.png")
        codec.decode(bpg, d16, bits=16)
        x = to_tensor16(pngio.read_png(d16)[:, :, :3]).double()
        ref = reference.forward(cfg, tens, x, sqp).clamp(0, 1)
        ref8 = quant8(ref)
        print(f"{stem} QP {a.qp} (slice QP {sqp}): plain {psnr8(quant8(x), orig):.3f} dB, PyTorch restore {psnr8(ref8, orig):.3f} dB")
        for prec in a.precisions.split(","):
            out = os.path.join(tmp, f"r_{prec}.png")
            try:
                codec.decode(bpg, out, bits=16, restore=True, model=a.model, precision=prec,
                             threads=a.threads)
            except RuntimeError as e:
                print(f"  {prec}: {e}")
                if prec == "fp32":
                    ok = False
                continue
            got = pngio.read_png(out)[:, :, :3].astype(np.float64) / 65535.0
            r = ref[0].permute(1, 2, 0).numpy()
            diff = np.abs(got - r)
            got8 = np.round(got * 255).astype(np.uint8)
            line = (f"  {prec}: max |C++ - PyTorch| {diff.max():.2e}, mean {diff.mean():.2e}; "
                    f"PSNR {psnr8(got8, orig):.3f} dB ({psnr8(got8, orig) - psnr8(ref8, orig):+.4f} vs PyTorch)")
            if prec == "fp32":
                good = diff.max() <= a.tol
                ok &= good
                line += f"  [{'OK' if good else 'FAIL'}, tol {a.tol:g}]"
            print(line, flush=True)
    for p in os.listdir(tmp):
        os.remove(os.path.join(tmp, p))
    os.rmdir(tmp)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
