"""The pair cache (bpgr_train.pairs): a second run over a fully cached set neither
reads the photos nor adds pairs; asking for more QPs than cached reads the photo
again. Synthetic pairs (no codec needed)."""
import os
import subprocess
import sys
import tempfile
import unittest

import train_test_support

train_test_support.require("numpy")
import numpy as np  # noqa: E402
from bpgr_train import pngio  # noqa: E402

PAIRS = os.path.join(train_test_support.TRAIN_DIR, "pairs.py")


class PairCache(unittest.TestCase):
    def run_pairs(self, src, cache, per_image):
        return subprocess.run([sys.executable, PAIRS, src, "--cache", cache, "--set", "t",
                               "--synthetic", "--qp-range", "28", "48",
                               "--per-image", str(per_image)],
                              capture_output=True, text=True)

    def test_cached_set_is_not_reread(self):
        with tempfile.TemporaryDirectory() as d:
            src, cache = os.path.join(d, "src"), os.path.join(d, "cache")
            os.makedirs(src)
            rng = np.random.default_rng(1)
            for name in ("a", "b"):
                pngio.write_png(os.path.join(src, name + ".png"),
                                rng.integers(0, 256, (12, 16, 3), dtype=np.uint8))
            r = self.run_pairs(src, cache, 2)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("4 new pairs", r.stdout)
            decs = sorted(os.listdir(os.path.join(cache, "t", "dec")))
            self.assertEqual(len(decs), 4)

            # The photos become unreadable: a cached run must not need them.
            for name in ("a", "b"):
                with open(os.path.join(src, name + ".png"), "wb") as f:
                    f.write(b"not a png")
            r = self.run_pairs(src, cache, 2)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("0 new pairs", r.stdout)

            # More QPs per photo than cached: the photo is read again (and here fails).
            r = self.run_pairs(src, cache, 3)
            self.assertNotEqual(r.returncode, 0)
            self.assertEqual(sorted(os.listdir(os.path.join(cache, "t", "dec"))), decs)


if __name__ == "__main__":
    unittest.main()
