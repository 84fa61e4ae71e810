"""Makes (original, decoded) training pairs with our own bpgenc and bpgdec.

Each photo of SRC is encoded with `bpgenc -q QP` at QPs drawn from the model's
range and decoded with `bpgdec -b 16` (16-bit RGB: the full-precision input the
C++ post-filter consumes). Cached outside the checkout, compactly:
    CACHE/<set>/orig/<stem>.npy           uint8  (H, W, 3)
    CACHE/<set>/dec/<stem>_q<QP>.npy      uint16 (H, W, 3)
    CACHE/<set>/manifest.json             images, QPs, bpg sizes
Re-running only adds what is missing (e.g. a larger --per-image).
QP names the bpgenc -q value; each pair also records the slice QP the decoder
hands the post-filter (measured with codec.slice_qp: -q minus 3 with x265), which
is what QP-aware models take as input and what model QP ranges refer to.

  pairs.py /work/shared/data/train --set train --qp-range 28 48 --per-image 6
  pairs.py /work/shared/data/val-photos --set val-photos --qps 28,33,38,43,48
  pairs.py /work/shared/data/train --set synthetic --synthetic   # dev only, no codec
"""
import argparse
import json
import os
import sys
import tempfile
import time
import zlib

import numpy as np

from . import pngio
from .codec import Codec

DEFAULT_CACHE = os.environ.get("BPGR_CACHE", "/var/tmp/bpgr-train")


def save_npy(path, arr):
    tmp = path + ".tmp.npy"
    np.save(tmp, arr)
    os.replace(tmp, path)


def qps_for(stem, lo, hi, k, seed):
    """A fixed random permutation of lo..hi per image; the first k are used, so a
    larger k later only adds QPs."""
    rng = np.random.default_rng([seed, zlib.crc32(stem.encode())])
    return [int(q) for q in rng.permutation(np.arange(lo, hi + 1))[:k]]


def photo_qps(stem, args):
    """The bpgenc QPs of one photo: args.qps ("28,38,48", every photo) if given, else
    qps_for's draw from args.qp_range (args.per_image of them, args.seed)."""
    if args.qps:
        return [int(q) for q in args.qps.split(",")]
    return qps_for(stem, args.qp_range[0], args.qp_range[1], args.per_image, args.seed)


def write_manifest(path, man):
    with open(path + ".tmp", "w") as f:
        json.dump(man, f, indent=1)
    os.replace(path + ".tmp", path)


def cached_pair(ent, out, stem, qp, assume_slice_offset):
    """The manifest entry of STEM's pair at QP when its file is under OUT (a missing
    slice QP filled in from ASSUME_SLICE_OFFSET if given), else None."""
    pe = ent["pairs"].get(str(qp)) if ent is not None else None
    if pe is None or not os.path.exists(os.path.join(out, "dec", f"{stem}_q{qp}.npy")):
        return None
    if "slice_qp" not in pe and assume_slice_offset is not None:
        pe["slice_qp"] = qp + assume_slice_offset
        pe["slice_qp_source"] = "assumed offset"
    return pe


def fully_cached(ent, out, stem, qps, assume_slice_offset):
    """True when every pair of STEM at QPS and its original are cached under OUT, so
    the photo need not be read."""
    return (os.path.exists(os.path.join(out, "orig", stem + ".npy"))
            and all(cached_pair(ent, out, stem, qp, assume_slice_offset) is not None
                    for qp in qps))


def synthetic_decode(orig, strength, rng):
    """DEV ONLY stand-in for a codec: blur + noise + coarse quantisation, 16-bit."""
    x = orig.astype(np.float32) / 255.0
    s = 0.4 + 1.2 * strength
    r = int(np.ceil(2 * s))
    t = np.arange(-r, r + 1)
    k = np.exp(-t * t / (2 * s * s))
    k /= k.sum()
    for ax in (0, 1):
        pad = [(0, 0)] * 3
        pad[ax] = (r, r)
        xp = np.pad(x, pad, mode="edge")
        x = sum(k[i] * np.take(xp, np.arange(i, i + x.shape[ax]), axis=ax) for i in range(len(k)))
    x = x + rng.normal(0, 0.004 + 0.01 * strength, x.shape)
    levels = 255 / (1 + 6 * strength)
    x = np.round(x * levels) / levels
    return np.clip(np.round(x * 65535), 0, 65535).astype(np.uint16)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", help="folder of PNG photos")
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--set", required=True, help="name of the pair set (subfolder of the cache)")
    ap.add_argument("--qp-range", type=int, nargs=2, default=(28, 48), metavar=("LO", "HI"))
    ap.add_argument("--per-image", type=int, default=6, help="QPs per photo drawn from the range")
    ap.add_argument("--qps", help="fixed comma-separated QP list instead (e.g. for val)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--build", help="meson build dir with cli/bpgenc/bpgenc and cli/bpgdec/bpgdec")
    ap.add_argument("--synthetic", action="store_true",
                    help="DEV ONLY: blur+noise+quantisation instead of the codec")
    ap.add_argument("--limit", type=int, default=0, help="only the first N photos")
    ap.add_argument("--assume-slice-offset", type=int,
                    help="for cached pairs without a measured slice QP, record slice QP = QP + N "
                         "(bpgenc/x265 constant QP codes I pictures at -q - 3, measured for -q 28..48)")
    args = ap.parse_args()

    names = sorted(f for f in os.listdir(args.src) if f.lower().endswith(".png"))
    if args.limit:
        names = names[:args.limit]
    out = os.path.join(args.cache, args.set)
    os.makedirs(os.path.join(out, "orig"), exist_ok=True)
    os.makedirs(os.path.join(out, "dec"), exist_ok=True)
    man_path = os.path.join(out, "manifest.json")
    man = {"synthetic": bool(args.synthetic), "src": os.path.abspath(args.src), "images": {}}
    if os.path.exists(man_path):
        with open(man_path) as f:
            man = json.load(f)
        if man.get("synthetic", False) != bool(args.synthetic):
            raise SystemExit(f"{man_path}: synthetic flag mismatch; use another --set")
    codec = None
    if not args.synthetic:
        codec = Codec(args.build)
        codec.check()
    tmpdir = tempfile.mkdtemp(prefix="bpgr-pairs-")
    t0 = time.time()
    n_new = 0
    for i, fn in enumerate(names):
        stem = os.path.splitext(fn)[0]
        src = os.path.join(args.src, fn)
        if fully_cached(man["images"].get(stem), out, stem, photo_qps(stem, args),
                        args.assume_slice_offset):
            continue
        img = pngio.read_png(src)
        if img.dtype != np.uint8 or img.shape[2] != 3:
            print(f"skip {fn}: not 8-bit RGB", file=sys.stderr)
            continue
        h, w, _ = img.shape
        ent = man["images"].setdefault(stem, {"w": w, "h": h, "pairs": {}})
        opath = os.path.join(out, "orig", stem + ".npy")
        if not os.path.exists(opath):
            save_npy(opath, img)
        for qp in photo_qps(stem, args):
            key = str(qp)
            dpath = os.path.join(out, "dec", f"{stem}_q{qp}.npy")
            if cached_pair(ent, out, stem, qp, args.assume_slice_offset) is not None:
                continue
            if args.synthetic:
                rng = np.random.default_rng([args.seed, zlib.crc32(stem.encode()), qp])
                dec = synthetic_decode(img, (qp - 28) / 20.0, rng)
                nbytes = 0
                sqp = qp
            else:
                bpg = os.path.join(tmpdir, "x.bpg")
                dpng = os.path.join(tmpdir, "x.png")
                nbytes = codec.encode(src, qp, bpg)
                codec.decode(bpg, dpng, bits=16)
                sqp = codec.slice_qp(bpg)
                dec = pngio.read_png(dpng)
                if dec.dtype != np.uint16 or dec.shape != (h, w, 3):
                    raise RuntimeError(f"{fn} q{qp}: decoder gave {dec.dtype} {dec.shape}, "
                                       "expected 16-bit RGB of the original size")
            save_npy(dpath, dec)
            ent["pairs"][key] = {"bytes": nbytes, "bpp": nbytes * 8.0 / (w * h), "slice_qp": sqp,
                                 "slice_qp_source": "synthetic" if args.synthetic else "measured"}
            n_new += 1
        if (i + 1) % 10 == 0:
            write_manifest(man_path, man)
            print(f"{i + 1}/{len(names)} photos, {n_new} new pairs, {time.time() - t0:.0f}s",
                  flush=True)
    write_manifest(man_path, man)
    print(f"{len(names)} photos, {n_new} new pairs, {time.time() - t0:.0f}s", flush=True)
    for p in os.listdir(tmpdir):
        os.remove(os.path.join(tmpdir, p))
    os.rmdir(tmpdir)


if __name__ == "__main__":
    main()
