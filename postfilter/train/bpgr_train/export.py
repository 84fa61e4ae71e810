"""Exports a training checkpoint to a .bpgrm model file (FORMAT.md).

  export.py /var/tmp/bpgr-train/default-v1/best.pt -o postfilter/models/default.bpgrm [--f16]

Weight norm is folded (w = g * v / ||v||); int8 calibration = max |input| of each
conv layer (FORMAT.md order) over --calib-n training pairs. The written file is
read back and its pure-PyTorch forward is compared with the training model on
a validation image.
"""
import argparse
import os
import sys

import numpy as np
import torch

from . import bpgrm, reference
from . import model as M
from .dataset import PairSet, to_tensor16
from .folding import folded_tensors
from .train import DEFAULT_ROOT, torch_load


def load_checkpoint(path):
    ck = torch_load(path, "cpu")
    net = M.build(ck["cfg"])
    # last.pt holds both the trained and the EMA weights; export the EMA ones.
    net.load_state_dict(ck["ema"] if "ema" in ck else ck["model"])
    net.eval()
    return net, ck


@torch.no_grad()
def calibrate(net, pairs):
    maxima = [0.0] * len(net.conv_layers())
    hooks = []
    for i, conv in enumerate(net.conv_layers()):
        def hook(mod, inp, _out, i=i):
            maxima[i] = max(maxima[i], float(inp[0].abs().max()))
        hooks.append(conv.register_forward_hook(hook))
    for _stem, _qp, dec, _, qp in pairs:
        net(to_tensor16(dec), torch.tensor([float(qp)]))
    for h in hooks:
        h.remove()
    return maxima


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--name", help="model name stored in the file (default: from the checkpoint)")
    ap.add_argument("--f16", action="store_true", help="store tensors as IEEE binary16")
    ap.add_argument("--root", default=DEFAULT_ROOT)
    ap.add_argument("--calib-set", default="train")
    ap.add_argument("--calib-n", type=int, default=24, help="training pairs for calibration (0 = none)")
    ap.add_argument("--check-set", default="val")
    ap.add_argument("--allow-synthetic", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    net, ck = load_checkpoint(a.checkpoint)
    if ck.get("synthetic") and not a.allow_synthetic:
        raise SystemExit("checkpoint was trained on synthetic pairs: not a shippable model")
    cfg = dict(net.cfg)
    if a.name:
        cfg["name"] = a.name
    qr = (cfg["qp_min"], cfg["qp_max"])
    calib = []
    if a.calib_n:
        ps = PairSet(os.path.join(a.root, a.calib_set), qr)
        idx = np.linspace(0, len(ps.pairs) - 1, min(a.calib_n, len(ps.pairs))).round().astype(int)
        calib = calibrate(net, [ps.pairs[i] for i in idx])
    tensors = folded_tensors(net)
    n = bpgrm.write(a.output, cfg, tensors, calib, bpgrm.DT_F16 if a.f16 else bpgrm.DT_F32)
    print(f"wrote {a.output}: {n} bytes, {cfg['name']}, {cfg['n_blocks']} blocks "
          f"{cfg['width']}/{cfg['expanded']}, in_channels {cfg['in_channels']}, QP {qr}, "
          f"step {ck.get('step')}, calibration {len(calib)} layers"
          + (f" (max {max(calib):.3f})" if calib else ""))

    # Read back and compare with the training model on one validation image.
    rcfg, rt, rcal = bpgrm.read(a.output)
    vs = PairSet(os.path.join(a.root, a.check_set), qr)
    stem, _, dec, _, qp = vs.pairs[len(vs.pairs) // 2]
    x = to_tensor16(dec[:256, :256].copy())
    with torch.no_grad():
        ref = net(x, torch.tensor([float(qp)])).double()
    got = reference.forward(rcfg, rt, x.double(), qp)
    d = (got - ref).abs().max().item()
    tol = 2e-3 if a.f16 else 1e-5
    print(f"read-back check on {stem}@{qp} (256x256): max |file forward - model| = {d:.2e} (0..1 scale), "
          f"tolerance {tol:g}: {'OK' if d <= tol else 'FAIL'}")
    if d > tol:
        sys.exit(1)


if __name__ == "__main__":
    main()
