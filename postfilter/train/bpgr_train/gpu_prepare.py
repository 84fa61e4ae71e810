"""Unpacks a gpu_bundle.py bundle into the pair-cache layout train.py reads
(ROOT/SET/orig/*.npy, dec/*.npy, manifest.json), decoding its BPG files with the
bundled bpgdec (-b 16) on all cores.

  gpu_prepare.py .gpu/pairs --root /tmp/bpgr-train --set gpu-train
"""
import argparse
import functools
import json
import os
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from . import pngio


def decode_one(bpgdec, env, tmp, bpg_dir, dec_dir, job):
    """One BPG file -> its 16-bit decode as dec/STEM_qQP.npy."""
    stem, qp, h, w = job
    png = os.path.join(tmp, f"{stem}_q{qp}.png")
    subprocess.run([bpgdec, "-b", "16", "-o", png, os.path.join(bpg_dir, f"{stem}_q{qp}.bpg")],
                   env=env, check=True, capture_output=True)
    dec = pngio.read_png(png)
    os.remove(png)
    if dec.dtype != np.uint16 or dec.shape != (h, w, 3):
        raise RuntimeError(f"{stem} q{qp}: decoded {dec.dtype} {dec.shape}")
    np.save(os.path.join(dec_dir, f"{stem}_q{qp}.npy"), dec)


def main():
    from PIL import Image
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bundle")
    ap.add_argument("--root", required=True)
    ap.add_argument("--set", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    a = ap.parse_args()
    with open(os.path.join(a.bundle, "manifest.json")) as f:
        man = json.load(f)
    out = os.path.join(a.root, a.set)
    os.makedirs(os.path.join(out, "orig"), exist_ok=True)
    os.makedirs(os.path.join(out, "dec"), exist_ok=True)
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(os.path.abspath(a.bundle), "lib"))
    bpgdec = os.path.join(os.path.abspath(a.bundle), "bpgdec")
    tmp = tempfile.mkdtemp(prefix="bpgr-prep-")
    bpg_dir = os.path.join(a.bundle, "bpg")
    dec_dir = os.path.join(out, "dec")

    jobs = []
    for stem, ent in man["images"].items():
        orig = np.asarray(Image.open(os.path.join(a.bundle, "orig", stem + ".webp")).convert("RGB"))
        np.save(os.path.join(out, "orig", stem + ".npy"), np.ascontiguousarray(orig, dtype=np.uint8))
        jobs += [(stem, int(q), ent["h"], ent["w"]) for q in ent["pairs"]]
    # processes, not threads: the PNG reader is Python and would hold the GIL
    with ProcessPoolExecutor(a.jobs) as ex:
        list(ex.map(functools.partial(decode_one, bpgdec, env, tmp, bpg_dir, dec_dir), jobs, chunksize=4))
    os.rmdir(tmp)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"synthetic": False, "src": "gpu bundle", "images": man["images"]}, f)
    print(f"{out}: {len(man['images'])} photos, {len(jobs)} pairs", flush=True)


if __name__ == "__main__":
    main()
