"""Packs training pairs small enough to travel to a GPU machine that has PyTorch but
no BPG codec (the device tool carries at most 64 MiB): one crop per photo as a
lossless WebP (~0.7x the PNG), its BPG files at the QPs pairs.py would draw, and a
bpgdec with its non-system libraries. gpu_prepare.py, run there, decodes them into
the pair-cache layout train.py reads.

  gpu_bundle.py /work/shared/data/train /work/shared/data/train-photos -o .gpu/pairs \\
      --crop 320 --per-image 4 --bpgdec build-min/cli/bpgdec/bpgdec
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

import numpy as np

from . import pngio
from .codec import Codec
from .pairs import photo_qps

SYSTEM_LIBS = ("libc.so", "libm.so", "libstdc++", "libgcc_s", "libz.so", "ld-linux", "linux-vdso",
               "libpthread", "libdl.so")


def copy_decoder(bpgdec, out):
    """bpgdec and the shared libraries it needs that a bare machine may lack."""
    os.makedirs(os.path.join(out, "lib"), exist_ok=True)
    shutil.copy2(bpgdec, os.path.join(out, "bpgdec"))
    for line in subprocess.run(["ldd", bpgdec], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = line.split("=>")
        if len(parts) != 2 or not parts[1].strip().startswith("/"):
            continue
        name, path = parts[0].strip(), parts[1].split("(")[0].strip()
        if name.startswith(SYSTEM_LIBS):
            continue
        if "dnnl" in name or "OpenCL" in name or "gomp" in name:
            raise SystemExit(f"{bpgdec} links {name}: build it with -Dpostfilter=disabled")
        shutil.copy2(path, os.path.join(out, "lib", name))


def main():
    from PIL import Image
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", nargs="+", help="folders of 8-bit RGB PNG photos")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--crop", type=int, default=320, help="side of the one crop kept per photo (0: whole photos)")
    ap.add_argument("--qp-range", type=int, nargs=2, default=(28, 48))
    ap.add_argument("--per-image", type=int, default=4)
    ap.add_argument("--qps", help="these bpgenc QPs for every photo (e.g. 28,38,48 for a validation set) "
                                  "instead of --per-image drawn from --qp-range")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--build", help="meson build dir with bpgenc (and bpgdec --restore for the QP probe)")
    ap.add_argument("--bpgdec", required=True, help="bpgdec to ship (built with -Dpostfilter=disabled)")
    a = ap.parse_args()
    codec = Codec(a.build)
    codec.check()
    for sub in ("orig", "bpg"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    copy_decoder(a.bpgdec, a.out)
    man = {"crop": a.crop, "images": {}}
    tmp = tempfile.mkdtemp(prefix="bpgr-bundle-")
    offset = None
    for src in a.src:
        for fn in sorted(f for f in os.listdir(src) if f.lower().endswith(".png")):
            stem = os.path.splitext(fn)[0]
            img = pngio.read_png(os.path.join(src, fn))
            if img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != 3:
                print(f"skip {fn}: not 8-bit RGB", file=sys.stderr)
                continue
            h, w, _ = img.shape
            ch, cw = (h, w) if a.crop == 0 else (min(a.crop, h), min(a.crop, w))
            rng = np.random.default_rng([a.seed, zlib.crc32(stem.encode())])
            y, x = int(rng.integers(0, h - ch + 1)), int(rng.integers(0, w - cw + 1))
            crop = np.ascontiguousarray(img[y:y + ch, x:x + cw])
            Image.fromarray(crop).save(os.path.join(a.out, "orig", stem + ".webp"), lossless=True, quality=100,
                                       method=4)
            png = os.path.join(tmp, "crop.png")
            pngio.write_png(png, crop)
            ent = man["images"][stem] = {"w": cw, "h": ch, "src": os.path.join(src, fn), "crop": [x, y],
                                         "pairs": {}}
            for qp in photo_qps(stem, a):
                bpg = os.path.join(a.out, "bpg", f"{stem}_q{qp}.bpg")
                nbytes = codec.encode(png, qp, bpg)
                if offset is None:   # x265 constant QP: slice QP = -q + fixed offset; probe once
                    offset = codec.slice_qp(bpg) - qp
                ent["pairs"][str(qp)] = {"bytes": nbytes, "bpp": nbytes * 8.0 / (cw * ch),
                                         "slice_qp": qp + offset, "slice_qp_source": "probed offset"}
        print(f"{src}: {len(man['images'])} photos so far", flush=True)
    shutil.rmtree(tmp)
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(man, f, indent=1)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(a.out) for f in fs)
    print(f"wrote {a.out}: {len(man['images'])} photos, {size / 2**20:.1f} MiB, slice QP offset {offset}")


if __name__ == "__main__":
    main()
