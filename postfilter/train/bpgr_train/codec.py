"""Runs our own bpgenc / bpgdec command-line tools.

Binaries: --build (a meson build dir) or $BPGR_BUILD, default
<repo>/build-train. Build with:
    meson setup build-train && ninja -C build-train
"""
import os
import subprocess
import sys
import tempfile


REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEFAULT_BUILD = os.environ.get("BPGR_BUILD", os.path.join(REPO, "build-train"))


class Codec:
    def __init__(self, build_dir=None):
        b = build_dir or DEFAULT_BUILD
        self.bpgenc = os.path.join(b, "cli", "bpgenc", "bpgenc")
        self.bpgdec = os.path.join(b, "cli", "bpgdec", "bpgdec")

    def available(self):
        return all(os.access(p, os.X_OK) for p in (self.bpgenc, self.bpgdec))

    def check(self):
        if not self.available():
            raise SystemExit(f"bpgenc/bpgdec not built: {self.bpgenc}, {self.bpgdec}")

    @staticmethod
    def _run(cmd):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): "
                               f"{r.stderr.decode(errors='replace').strip()}")
        return r

    def encode(self, png, qp, out_bpg, extra=()):
        self._run([self.bpgenc, "-q", str(qp), *extra, "-o", out_bpg, png])
        return os.path.getsize(out_bpg)

    def decode(self, bpg, out_png, bits=8, restore=False, model=None, precision=None,
               threads=None, extra=()):
        cmd = [self.bpgdec]
        if bits != 8:
            cmd += ["-b", str(bits)]
        if restore:
            cmd += ["--restore"]
            if model:
                cmd += ["--model", model]
            if precision:
                cmd += ["--precision", precision]
            if threads:
                cmd += ["--threads", str(threads)]
        cmd += [*extra, "-o", out_png, bpg]
        return self._run(cmd)

    def slice_qp(self, bpg):
        """The slice QP the decoder hands the post-filter (what a QP-aware model sees).
        Not the bpgenc -q value: x265's constant-QP mode codes I pictures ~3 lower.
        Measured through bpgdec --restore with a probe model whose output R = 0.5 +
        (qp - 32) / 128 (skip conv reading the QP plane only)."""
        import numpy as np
        from . import bpgrm
        from . import pngio
        with tempfile.TemporaryDirectory(prefix="bpgr-qp-") as d:
            probe = os.path.join(d, "probe.bpgrm")
            cfg = dict(n_blocks=1, width=1, expanded=1, kernel=3, skip_kernel=3, in_channels=4,
                       qp_min=0, qp_max=51, mean=[0.0, 0.0, 0.0], res_scale=1.0, qp_center=32.0,
                       qp_scale=128.0, name="qp-probe")
            t = [np.zeros(s, np.float32) for s in bpgrm.tensor_shapes(cfg)]
            t[-2][0, 3, 1, 1] = 1.0
            t[-1][0] = 0.5
            bpgrm.write(probe, cfg, t)
            out = os.path.join(d, "p.png")
            self.decode(bpg, out, bits=16, restore=True, model=probe, precision="fp32", threads=1)
            r = pngio.read_png(out)[:, :, 0].astype(np.float64) / 65535.0
            q = (r - 0.5) * 128.0 + 32.0
            qp = int(round(float(np.median(q))))
            if np.abs(q - qp).max() > 0.05:
                raise RuntimeError(f"QP probe gave non-constant QP plane {q.min():.3f}..{q.max():.3f}")
            return qp

    def supports_restore(self, model=None):
        """True if `bpgdec --restore [--model model]` works (the help lists --restore
        even in builds without oneDNN, so try it on a tiny image)."""
        if not self.available():
            return False
        import numpy as np
        from . import pngio
        with tempfile.TemporaryDirectory(prefix="bpgr-probe-") as d:
            png = os.path.join(d, "p.png")
            pngio.write_png(png, (np.arange(32 * 32 * 3) % 251).astype(np.uint8).reshape(32, 32, 3))
            try:
                self.encode(png, 38, os.path.join(d, "p.bpg"))
                self.decode(os.path.join(d, "p.bpg"), os.path.join(d, "r.png"), restore=True, model=model)
            except RuntimeError as e:
                self.restore_error = str(e)
                return False
        return True


def main():
    """--has-restore [MODEL]: exit 0 if `bpgdec --restore` works with the built CLIs."""
    if len(sys.argv) < 2 or sys.argv[1] != "--has-restore":
        sys.exit("usage: codec.py --has-restore [MODEL]")
    c = Codec()
    ok = c.supports_restore(sys.argv[2] if len(sys.argv) > 2 else None)
    print("bpgdec --restore: " + ("works" if ok else "unavailable: " + getattr(c, "restore_error", "no CLIs")))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
