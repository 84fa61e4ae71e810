"""Issue 6 evaluation through the real command-line tools.

For every photo of --val-dir and every QP: `bpgenc -q QP`, then `bpgdec` (plain,
8-bit PNG) and `bpgdec --restore --model FILE` (8-bit PNG); PSNR is RGB over all
three channels against the original, averaged per QP over photos (mean of
per-photo PSNR). Writes OUT/results.tsv, OUT/table.md and OUT/rd.png.

  evaluate.py --model postfilter/models/default.bpgrm --out /var/tmp/bpgr-train/eval-default

--bpg-dir DIR decodes streams that another encoder made instead of running our
bpgenc: DIR/NAME_qQP.bpg for photo NAME.png at -q QP (the naming of
../shared/data/val-bpg, the McMaster photos encoded by the reference bpgenc 0.9.8):

  evaluate.py --model paper --val-dir ../shared/data/val --bpg-dir ../shared/data/val-bpg --out D

--torch instead runs the model file's weights in PyTorch (bpgdec -b 16 ->
reference.forward -> 8-bit): a stand-in while the C++ --restore path is missing;
its tables are labelled as such.
"""
import argparse
import os
import tempfile

import numpy as np
import torch

from . import bpgrm, reference
from . import pngio
from .codec import Codec
from .dataset import psnr8, quant8, to_tensor16


def stream_path(bpg_dir, stem, qp):
    """The pre-encoded stream of photo `stem` at -q `qp` in `bpg_dir` (NAME_qQP.bpg);
    raises FileNotFoundError naming the file when it is not there."""
    p = os.path.join(bpg_dir, f"{stem}_q{qp}.bpg")
    if not os.path.isfile(p):
        raise FileNotFoundError(f"--bpg-dir has no stream for {stem} at -q {qp}: {p}")
    return p


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help=".bpgrm file (or built-in name with the CLI path)")
    ap.add_argument("--val-dir", default="/work/shared/data/val")
    ap.add_argument("--qps", default="28,33,38,43,48")
    ap.add_argument("--out", required=True)
    ap.add_argument("--build", help="meson build dir with the CLIs")
    ap.add_argument("--precision", default=None, help="bpgdec --precision (default: the CLI's auto)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--torch", action="store_true", help="restore with PyTorch instead of bpgdec --restore")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--bpg-dir", help="decode DIR/NAME_qQP.bpg (made by another encoder) "
                                      "instead of encoding with our bpgenc")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    codec = Codec(a.build)
    codec.check()
    if not a.torch and not codec.supports_restore(a.model):
        raise SystemExit("bpgdec has no --restore; use --torch for the PyTorch stand-in")
    mfile = None
    if a.torch:
        mfile = bpgrm.read(a.model)
    os.makedirs(a.out, exist_ok=True)
    qps = [int(q) for q in a.qps.split(",")]
    names = sorted(f for f in os.listdir(a.val_dir) if f.lower().endswith(".png"))
    if a.limit:
        names = names[:a.limit]
    given = {}   # (stem, qp) -> stream of --bpg-dir, all found before the hours of decoding
    if a.bpg_dir:
        try:
            given = {(s, qp): stream_path(a.bpg_dir, s, qp)
                     for s in (os.path.splitext(fn)[0] for fn in names) for qp in qps}
        except FileNotFoundError as e:
            raise SystemExit(f"evaluate.py: {e}")
    tmp = tempfile.mkdtemp(prefix="bpgr-eval-")
    rows = []
    for fn in names:
        stem = os.path.splitext(fn)[0]
        src = os.path.join(a.val_dir, fn)
        orig = pngio.read_png(src)[:, :, :3]
        h, w, _ = orig.shape
        for qp in qps:
            if given:
                bpg = given[(stem, qp)]
                nbytes = os.path.getsize(bpg)
            else:
                bpg = os.path.join(tmp, "x.bpg")
                nbytes = codec.encode(src, qp, bpg)
            plain_png = os.path.join(tmp, "plain.png")
            codec.decode(bpg, plain_png)
            plain = pngio.read_png(plain_png)[:, :, :3]
            if a.torch:
                d16 = os.path.join(tmp, "d16.png")
                codec.decode(bpg, d16, bits=16)
                cfg, tens, _ = mfile
                with torch.no_grad():
                    y = reference.forward(cfg, tens, to_tensor16(pngio.read_png(d16)[:, :, :3]),
                                      codec.slice_qp(bpg))
                rest = quant8(y)
            else:
                rpng = os.path.join(tmp, "rest.png")
                codec.decode(bpg, rpng, restore=True, model=a.model, precision=a.precision,
                             threads=a.threads)
                rest = pngio.read_png(rpng)[:, :, :3]
            p0, p1 = psnr8(plain, orig), psnr8(rest, orig)
            rows.append(dict(image=stem, qp=qp, bytes=nbytes, bpp=nbytes * 8.0 / (w * h),
                             psnr=p0, psnr_restored=p1, gain=p1 - p0))
            print(f"{stem} q{qp}: {rows[-1]['bpp']:.4f} bpp, {p0:.3f} -> {p1:.3f} dB ({p1 - p0:+.3f})",
                  flush=True)
    for p in os.listdir(tmp):
        os.remove(os.path.join(tmp, p))
    os.rmdir(tmp)

    with open(os.path.join(a.out, "results.tsv"), "w") as f:
        f.write("image\tqp\tbytes\tbpp\tpsnr\tpsnr_restored\tgain\n")
        for r in rows:
            f.write(f"{r['image']}\t{r['qp']}\t{r['bytes']}\t{r['bpp']:.5f}\t{r['psnr']:.4f}\t"
                    f"{r['psnr_restored']:.4f}\t{r['gain']:+.4f}\n")
    how = ("PyTorch forward of the model file on `bpgdec -b 16` output (stand-in, not the C++ engine)"
           if a.torch else f"`bpgdec --restore --model {os.path.basename(a.model)}`"
           + (f" --precision {a.precision}" if a.precision else ""))
    source = (f"streams from {a.bpg_dir} (not our bpgenc)" if a.bpg_dir
              else "encoded by our `bpgenc -q QP`")
    md = [f"Restoration: {how}; {len(names)} photos of {a.val_dir}, {source}; "
          "PSNR = RGB, 8-bit, mean over photos.",
          "", "| QP | bpp | PSNR BPG | PSNR BPG+restore | gain (dB) | worst gain | worst image |",
          "|---|---|---|---|---|---|---|"]
    curve = {"bpp": [], "p0": [], "p1": []}
    for qp in qps:
        rs = [r for r in rows if r["qp"] == qp]
        worst = min(rs, key=lambda r: r["gain"])
        bpp, p0, p1 = (float(np.mean([r[k] for r in rs])) for k in ("bpp", "psnr", "psnr_restored"))
        curve["bpp"].append(bpp)
        curve["p0"].append(p0)
        curve["p1"].append(p1)
        md.append(f"| {qp} | {bpp:.4f} | {p0:.3f} | {p1:.3f} | {p1 - p0:+.3f} | {worst['gain']:+.3f} | "
                  f"{worst['image']} |")
    md += ["", "Per image (gain in dB):", "",
           "| image | " + " | ".join(f"QP {q}" for q in qps) + " | mean |",
           "|---" * (len(qps) + 2) + "|"]
    stems = sorted({r["image"] for r in rows})
    means = {}
    for s in stems:
        g = [next(r["gain"] for r in rows if r["image"] == s and r["qp"] == q) for q in qps]
        means[s] = float(np.mean(g))
        md.append(f"| {s} | " + " | ".join(f"{x:+.3f}" for x in g) + f" | {means[s]:+.3f} |")
    w = min(rows, key=lambda r: r["gain"])
    wm = min(means, key=means.get)
    md += ["", f"Worst single result: {w['image']} at QP {w['qp']}: {w['gain']:+.3f} dB. "
               f"Worst image on average: {wm} ({means[wm]:+.3f} dB)."]
    with open(os.path.join(a.out, "table.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:   # the tables are the result; the plot needs python3-matplotlib
        print(f"wrote {a.out}/results.tsv, table.md (no rd.png: python3-matplotlib is not installed)")
        return
    fig, ax = plt.subplots(figsize=(6, 4.5), dpi=120)
    ax.plot(curve["bpp"], curve["p0"], "o-", label="BPG (bpgdec)")
    ax.plot(curve["bpp"], curve["p1"], "s-", label="BPG + restore" + (" (PyTorch)" if a.torch else ""))
    for q, x, y in zip(qps, curve["bpp"], curve["p0"]):
        ax.annotate(f"QP {q}", (x, y), textcoords="offset points", xytext=(4, -12), fontsize=7)
    ax.set_xlabel("bits per pixel")
    ax.set_ylabel("RGB PSNR (dB)")
    ax.set_title(f"{len(names)} validation photos")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(a.out, "rd.png"))
    print(f"wrote {a.out}/results.tsv, table.md, rd.png")


if __name__ == "__main__":
    main()
