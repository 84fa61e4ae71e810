"""Measures a model's PSNR loss in bf16 and int8 against fp32 through the real
C++ engine (`bpgdec --restore --precision P`) on the validation photos, and
records the fastest precision within the tolerance in the model's flags
(FORMAT.md, bits 0-1), which `--precision auto` follows.

  choose_precision.py MODEL.bpgrm --build build [--write] [--qps 28,38,48]

Per QP, PSNR is the mean over photos of RGB 8-bit PSNR. A precision qualifies
when, at every QP, its mean PSNR is at most --tolerance (0.02 dB) below fp32's.
int8 is fastest, then bf16, then fp32. Writes OUT/precision.md when --out is
given. --write patches the flags field in place (header offset 36) and the
trailing FNV-1a hash; nothing else in the file changes.

--without-vnni measures int8 as CPUs without VNNI dot products run it (AVX2,
e.g. Zen 3, or AVX-512 without VNNI): oneDNN then multiplies u8 x s8 pairs with
vpmaddubsw into saturating s16 and halves the s8 weights to stay clear of the
saturation, so the weights keep 7 bits. The int8 runs get DNNL_MAX_CPU_ISA=AVX2
and =AVX512_CORE (oneDNN's two non-VNNI int8 kernel families; any CPU with
AVX-512 can run both), fp32 runs natively. With --write, flags bit 2 records
whether int8 is within the tolerance on both (FORMAT.md); `auto` uses int8 on
such CPUs only then. Results go to OUT/precision-novnni.md and .tsv.
"""
import argparse
import os
import tempfile

import numpy as np

from . import bpgrm
from . import pngio
from .codec import Codec
from .dataset import psnr8

PRECISIONS = ("fp32", "bf16", "int8")
FLAG_VALUE = {"fp32": 1, "bf16": 2, "int8": 3}
FLAG_INT8_WITHOUT_VNNI = 4
NO_VNNI_ISAS = ("AVX2", "AVX512_CORE")


def set_flags(path, value, mask=3):
    """Patches the flags field in place; the file is validated before it replaces the original."""
    with open(path, "rb") as f:
        data = bpgrm.with_flags(f.read(), value, mask)
    cfg, _, _ = bpgrm.decode(data)
    if cfg["flags"] & mask != value:
        raise ValueError("flags did not take")
    bpgrm.write_bytes(path, data)


def write_report(out, stem, md, rows, columns):
    """Prints the table; with `out`, writes OUT/STEM.md and OUT/STEM.tsv (per image and QP)."""
    print("\n".join(md))
    if not out:
        return
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, stem + ".md"), "w") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(out, stem + ".tsv"), "w") as f:
        f.write("image\tqp\tplain\t" + "\t".join(columns) + "\n")
        for r in rows:
            f.write(f"{r['image']}\t{r['qp']}\t{r['plain']:.4f}\t" + "\t".join(f"{r[c]:.4f}" for c in columns) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--build", help="meson build dir with the CLIs")
    ap.add_argument("--val-dir", default="/work/shared/data/val")
    ap.add_argument("--qps", default="28,38,48")
    ap.add_argument("--tolerance", type=float, default=0.02)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", help="folder for precision.md and precision.tsv")
    ap.add_argument("--write", action="store_true", help="record the choice in the model's flags")
    ap.add_argument("--without-vnni", action="store_true",
                    help="measure int8 with oneDNN's non-VNNI kernels (DNNL_MAX_CPU_ISA=AVX2) against fp32")
    a = ap.parse_args()
    precisions = ("fp32",) + tuple("int8@" + i for i in NO_VNNI_ISAS) if a.without_vnni else PRECISIONS
    codec = Codec(a.build)
    codec.check()
    cfg, _, calib = bpgrm.read(a.model)
    qps = [int(q) for q in a.qps.split(",")]
    names = sorted(f for f in os.listdir(a.val_dir) if f.lower().endswith(".png"))
    if a.limit:
        names = names[:a.limit]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bpgr-prec-") as tmp:
        for fn in names:
            src = os.path.join(a.val_dir, fn)
            orig = pngio.read_png(src)[:, :, :3]
            for qp in qps:
                bpg = os.path.join(tmp, "x.bpg")
                codec.encode(src, qp, bpg)
                plain = os.path.join(tmp, "plain.png")
                codec.decode(bpg, plain)
                r = dict(image=os.path.splitext(fn)[0], qp=qp,
                         plain=psnr8(pngio.read_png(plain)[:, :, :3], orig))
                for p in precisions:
                    out = os.path.join(tmp, p + ".png")
                    prec, _, isa = p.partition("@")
                    if isa:
                        os.environ["DNNL_MAX_CPU_ISA"] = isa
                    try:
                        codec.decode(bpg, out, restore=True, model=a.model, precision=prec, threads=a.threads)
                    finally:
                        if isa:
                            del os.environ["DNNL_MAX_CPU_ISA"]
                    r[p] = psnr8(pngio.read_png(out)[:, :, :3], orig)
                rows.append(r)
                print(f"{r['image']} q{qp}: plain {r['plain']:.3f}, " +
                      ", ".join(f"{p} {r[p]:.4f}" for p in precisions), flush=True)
    if a.without_vnni:
        return report_without_vnni(a, cfg, calib, names, qps, rows)

    md = [f"Model `{os.path.basename(a.model)}` ({cfg['name']}: {cfg['n_blocks']} blocks "
          f"{cfg['width']}/{cfg['expanded']}, calibration {'yes' if calib else 'none'}); "
          f"{len(names)} photos of {a.val_dir}; mean RGB PSNR (8-bit) per QP through "
          "`bpgdec --restore --precision P`.", "",
          "| bpgenc -q | BPG | fp32 | bf16 (vs fp32) | int8 (vs fp32) | worst image bf16 / int8 |",
          "|---|---|---|---|---|---|"]
    worst_delta = {p: 0.0 for p in PRECISIONS}
    for qp in qps:
        rs = [r for r in rows if r["qp"] == qp]
        m = {k: float(np.mean([r[k] for r in rs])) for k in ("plain",) + PRECISIONS}
        img_worst = {p: min(r[p] - r["fp32"] for r in rs) for p in PRECISIONS}
        for p in PRECISIONS:
            worst_delta[p] = min(worst_delta[p], m[p] - m["fp32"])
        md.append(f"| {qp} | {m['plain']:.3f} | {m['fp32']:.3f} | {m['bf16']:.3f} ({m['bf16'] - m['fp32']:+.4f}) | "
                  f"{m['int8']:.3f} ({m['int8'] - m['fp32']:+.4f}) | {img_worst['bf16']:+.4f} / "
                  f"{img_worst['int8']:+.4f} |")
    choice = "fp32"
    for p in ("bf16", "int8"):
        if worst_delta[p] >= -a.tolerance:
            choice = p
    md += ["", f"Largest per-QP mean loss: bf16 {worst_delta['bf16']:+.4f} dB, int8 {worst_delta['int8']:+.4f} dB; "
               f"tolerance {a.tolerance} dB -> auto = **{choice}**."]
    write_report(a.out, "precision", md, rows, PRECISIONS)
    if a.write:
        set_flags(a.model, FLAG_VALUE[choice])
        print(f"wrote flags: auto = {choice} into {a.model}")


def report_without_vnni(a, cfg, calib, names, qps, rows):
    cols = ["int8@" + i for i in NO_VNNI_ISAS]
    md = [f"Model `{os.path.basename(a.model)}` ({cfg['name']}: {cfg['n_blocks']} blocks "
          f"{cfg['width']}/{cfg['expanded']}, calibration {'yes' if calib else 'none'}); "
          f"{len(names)} photos of {a.val_dir}; mean RGB PSNR (8-bit) per QP through "
          "`bpgdec --restore --precision P`; int8 on oneDNN's non-VNNI kernels (vpmaddubsw, weights "
          "halved to 7 bits) under DNNL_MAX_CPU_ISA=" + " and =".join(NO_VNNI_ISAS) + ".", "",
          "| bpgenc -q | BPG | fp32 | " + " | ".join(f"int8 {i} (vs fp32)" for i in NO_VNNI_ISAS) +
          " | worst image " + " / ".join(NO_VNNI_ISAS) + " |",
          "|---|---|---|" + "---|" * len(cols) + "---|"]
    worst = 0.0
    for qp in qps:
        rs = [r for r in rows if r["qp"] == qp]
        m = {k: float(np.mean([r[k] for r in rs])) for k in ["plain", "fp32"] + cols}
        img_worst = [min(r[c] - r["fp32"] for r in rs) for c in cols]
        worst = min([worst] + [m[c] - m["fp32"] for c in cols])
        md.append(f"| {qp} | {m['plain']:.3f} | {m['fp32']:.3f} | " +
                  " | ".join(f"{m[c]:.3f} ({m[c] - m['fp32']:+.4f})" for c in cols) + " | " +
                  " / ".join(f"{w:+.4f}" for w in img_worst) + " |")
    ok = worst >= -a.tolerance
    md += ["", f"Largest per-QP mean loss: {worst:+.4f} dB; tolerance {a.tolerance} dB -> int8 without VNNI "
               f"**{'allowed' if ok else 'not allowed'}** for auto (flags bit 2 = {int(ok)})."]
    write_report(a.out, "precision-novnni", md, rows, ["fp32"] + cols)
    if a.write:
        set_flags(a.model, FLAG_INT8_WITHOUT_VNNI if ok else 0, mask=FLAG_INT8_WITHOUT_VNNI)
        print(f"wrote flags bit 2 = {int(ok)} into {a.model}")


if __name__ == "__main__":
    main()
