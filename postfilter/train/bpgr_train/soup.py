"""Averages the weights of several checkpoints of one architecture (a "model soup",
Wortsman et al. 2022; cf. stochastic weight averaging): e.g. two branches of a run
(train.py --fork) trained on two cores from the same step, each with its own
patch order. The average is taken over the folded conv weights (w = g * v / ||v||)
and biases, which the exported file holds, and written in best.pt's form
(v = w, g = ||w||), so export.py reads it like any checkpoint.

  soup.py -o /var/tmp/bpgr-train/soup.pt RUN_A/best.pt RUN_B/best.pt [--validate]

--validate runs train.py's subset validation (val-photos, 256x256 centre crops,
-q 28/38/48 unless given) on every input and on the average, so they can be
compared before one is exported; --validate mean runs it on the average only (the
inputs' own figures are in their runs' log.tsv when they are a run's best.pt).
"""
import argparse
import os

import torch

from . import model as M
from .dataset import PairSet
from .export import load_checkpoint
from .folding import ARCH_KEYS, folded_tensors, load_folded
from .train import DEFAULT_ROOT, Validator, atomic_save, reexec_with_huge_pages


def same_function_space(cfg_a, cfg_b):
    """The fields two checkpoints must share to be averaged: architecture, input mean
    and QP normalisation."""
    keys = ARCH_KEYS + ("mean", "qp_center", "qp_scale")
    return [k for k in keys if cfg_a.get(k) != cfg_b.get(k)]


def soup(paths):
    """The averaged net and its best.pt-form dict; raises ValueError when the
    checkpoints cannot be averaged."""
    if len(paths) < 2:
        raise ValueError("give two or more checkpoints")
    loaded = [load_checkpoint(p) for p in paths]
    cfg = loaded[0][1]["cfg"]
    for p, (_, ck) in zip(paths[1:], loaded[1:]):
        diff = same_function_space(cfg, ck["cfg"])
        if diff:
            raise ValueError(f"{p} differs from {paths[0]} in {', '.join(diff)}")
    stacks = [folded_tensors(n) for n, _ in loaded]
    net = M.build(cfg)
    load_folded(net, [sum(ts) / len(ts) for ts in zip(*stacks)])   # weight() = the mean w
    net.eval()
    synthetic = any(ck.get("synthetic") for _, ck in loaded)
    out = dict(cfg=cfg, model=net.state_dict(), step=max(ck.get("step", 0) for _, ck in loaded),
               train_s=max(ck.get("train_s", 0.0) for _, ck in loaded), synthetic=synthetic,
               soup=[dict(path=os.path.abspath(p), step=ck.get("step")) for p, (_, ck) in zip(paths, loaded)])
    return net, out, [n for n, _ in loaded]


def main():
    reexec_with_huge_pages()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoints", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--validate", nargs="?", const="all", choices=("all", "mean"),
                    help="subset validation of every input and the average (all, the default), "
                         "or of the average only (mean)")
    ap.add_argument("--root", default=DEFAULT_ROOT)
    ap.add_argument("--val-set", default="val-photos")
    ap.add_argument("--val-qps", default="28,38,48")
    ap.add_argument("--val-crop", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    try:
        net, out, inputs = soup(a.checkpoints)
    except (ValueError, OSError, KeyError) as e:
        raise SystemExit(f"soup.py: {e}")
    atomic_save(out, a.output)
    print(f"wrote {a.output}: mean of {len(inputs)} checkpoints (steps "
          f"{', '.join(str(s['step']) for s in out['soup'])})", flush=True)
    if a.validate:
        cfg = out["cfg"]
        val = PairSet(os.path.join(a.root, a.val_set), (cfg["qp_min"], cfg["qp_max"]))
        v = Validator(val, [int(q) for q in a.val_qps.split(",") if q], a.val_crop, torch.device("cpu"))
        print("checkpoint\tsubset gain (dB)\tworst crop (dB)\tworst")
        todo = list(zip(a.checkpoints, inputs)) if a.validate == "all" else []
        for name, n in todo + [(a.output, net)]:
            r = v.run(n.to(memory_format=torch.channels_last), True)   # as train.py validates
            print(f"{name}\t{r['gain_db']:+.4f}\t{r['worst_gain_db']:+.4f}\t{r['worst']}", flush=True)


if __name__ == "__main__":
    main()
