"""Training patches and validation images from a pair set made by pairs.py."""
import json
import os

import numpy as np
import torch


class PairSet:
    """All pairs of one cached set, in memory (uint8 originals, uint16 decodes)."""

    def __init__(self, set_dir, qp_range=None, stems=None):
        with open(os.path.join(set_dir, "manifest.json")) as f:
            self.manifest = json.load(f)
        self.synthetic = bool(self.manifest.get("synthetic", False))
        self.orig = {}
        self.pairs = []   # (stem, bpgenc qp, dec array, bpp, slice qp)
        for stem, ent in sorted(self.manifest["images"].items()):
            if stems is not None and stem not in stems:
                continue
            for key, p in sorted(ent["pairs"].items(), key=lambda kv: int(kv[0])):
                qp = int(key)
                if "slice_qp" not in p:
                    raise SystemExit(f"{set_dir}: pair {stem}@{qp} has no slice QP; re-run pairs.py "
                                     "(--assume-slice-offset -3 for old caches)")
                sqp = int(p["slice_qp"])
                if qp_range and not (qp_range[0] <= sqp <= qp_range[1]):
                    continue
                if stem not in self.orig:
                    self.orig[stem] = np.load(os.path.join(set_dir, "orig", stem + ".npy"))
                dec = np.load(os.path.join(set_dir, "dec", f"{stem}_q{qp}.npy"))
                self.pairs.append((stem, qp, dec, p.get("bpp", 0.0), sqp))
        if not self.pairs:
            raise SystemExit(f"{set_dir}: no pairs (QP range {qp_range})")

    @classmethod
    def union(cls, set_dirs, qp_range=None):
        """One PairSet over several cached sets (e.g. train + train-photos); a stem that an
        earlier set already has gets its set's name as a prefix."""
        u = cls(set_dirs[0], qp_range)
        for d in set_dirs[1:]:
            s = cls(d, qp_range)
            pre = os.path.basename(os.path.normpath(d)) + "/"
            key = {stem: pre + stem if stem in u.orig else stem for stem in s.orig}
            u.orig.update((key[stem], o) for stem, o in s.orig.items())
            u.pairs += [(key[stem], qp, dec, bpp, sqp) for stem, qp, dec, bpp, sqp in s.pairs]
            u.synthetic = u.synthetic or s.synthetic
        return u

    def qps(self):
        return sorted({p[1] for p in self.pairs})

    def mean_rgb(self):
        s = np.zeros(3)
        n = 0
        for o in self.orig.values():
            s += o.reshape(-1, 3).sum(0)
            n += o.shape[0] * o.shape[1]
        return (s / n / 255.0).tolist()


def sampling_probabilities(pairs, qp_weights=(1.0, 1.0)):
    """Each pair's chance of giving a patch: its pixels (pixels, not photos, are equally
    likely), times a weight rising linearly from qp_weights[0] at the set's lowest bpgenc
    QP to qp_weights[1] at its highest ((1, 1) = every QP alike)."""
    lo_w, hi_w = (float(w) for w in qp_weights)
    if lo_w < 0 or hi_w < 0 or lo_w + hi_w == 0:
        raise ValueError(f"QP weights {qp_weights}: both >= 0, not both 0")
    sizes = np.array([p[2].shape[0] * p[2].shape[1] for p in pairs], dtype=np.float64)
    qps = np.array([p[1] for p in pairs], dtype=np.float64)
    span = qps.max() - qps.min()
    t = (qps - qps.min()) / span if span > 0 else np.zeros_like(qps)
    w = sizes * (lo_w + (hi_w - lo_w) * t)
    return w / w.sum()


class PatchSampler:
    """Random patches with the 8 flips/rotations, as float tensors (NCHW, channels-last
    in memory): inputs dec/65535, targets orig/255, and each patch's slice QP."""

    def __init__(self, pairset, patch, batch, rng, qp_weights=(1.0, 1.0)):
        self.ps = pairset
        self.patch = patch
        self.batch = batch
        self.rng = rng
        self.prob = sampling_probabilities(pairset.pairs, qp_weights)
        self.inp = np.empty((batch, patch, patch, 3), np.float32)
        self.tgt = np.empty((batch, patch, patch, 3), np.float32)
        self.qp = np.empty(batch, np.float32)

    def next(self):
        p = self.patch
        idx = self.rng.choice(len(self.ps.pairs), size=self.batch, p=self.prob)
        for i, j in enumerate(idx):
            stem, _, dec, _, qp = self.ps.pairs[j]
            orig = self.ps.orig[stem]
            h, w, _ = dec.shape
            y = self.rng.integers(0, h - p + 1)
            x = self.rng.integers(0, w - p + 1)
            d = dec[y:y + p, x:x + p]
            o = orig[y:y + p, x:x + p]
            t = self.rng.integers(0, 8)
            if t & 1:
                d, o = d[:, ::-1], o[:, ::-1]
            if t & 2:
                d, o = d[::-1], o[::-1]
            if t & 4:
                d, o = d.transpose(1, 0, 2), o.transpose(1, 0, 2)
            self.inp[i] = d
            self.tgt[i] = o
            self.qp[i] = qp
        self.inp *= 1.0 / 65535.0
        self.tgt *= 1.0 / 255.0
        inp = torch.from_numpy(self.inp).permute(0, 3, 1, 2)
        tgt = torch.from_numpy(self.tgt).permute(0, 3, 1, 2)
        return inp, tgt, torch.from_numpy(self.qp)


def to_tensor16(dec):
    """(H, W, 3) uint16 -> (1, 3, H, W) float 0..1 (channels-last memory)."""
    return torch.from_numpy(dec.astype(np.float32) / 65535.0).permute(2, 0, 1).unsqueeze(0)


def quant8(y):
    """Model output (1,3,H,W) float -> (H, W, 3) uint8, as the CLI's 8-bit output."""
    a = y[0].float().clamp(0, 1).permute(1, 2, 0).cpu().numpy()
    return np.round(a * 255.0).astype(np.uint8)


def psnr8(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 99.0 if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def dec16_to8(dec):
    return np.round(dec.astype(np.float64) * (255.0 / 65535.0)).astype(np.uint8)
