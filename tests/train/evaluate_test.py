"""evaluate.py --bpg-dir (bpgr_train.evaluate): streams another encoder made are
decoded as given, not re-encoded, and a missing stream fails before any decoding
with a message naming the file. Runs the real bpgenc/bpgdec of the build
($BPGR_BUILD) and the identity model (restored == plain), argv: IDENTITY.bpgrm."""
import os
import subprocess
import sys
import tempfile
import unittest

import train_test_support

train_test_support.require("numpy", "torch")
import numpy as np  # noqa: E402
from bpgr_train import pngio  # noqa: E402
from bpgr_train.codec import Codec  # noqa: E402
from bpgr_train.evaluate import stream_path  # noqa: E402

IDENTITY = sys.argv.pop(1) if len(sys.argv) > 1 else None
EVALUATE = os.path.join(train_test_support.TRAIN_DIR, "evaluate.py")


def photo(h=40, w=56):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([(x * 4) % 256, (y * 6) % 256, ((x + y) * 3) % 256], -1).astype(np.uint8)


def evaluate(*args):
    return subprocess.run([sys.executable, EVALUATE, "--model", IDENTITY, "--threads", "1", *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def results(out):
    with open(os.path.join(out, "results.tsv")) as f:
        head, *rows = [line.rstrip("\n").split("\t") for line in f]
    return [dict(zip(head, r)) for r in rows]


class BpgDir(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.codec = Codec()
        if IDENTITY is None or not cls.codec.available():
            raise unittest.SkipTest("needs the build's bpgenc/bpgdec ($BPGR_BUILD) and the identity model")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="bpgr-eval-test-")
        d = self.tmp.name
        self.photos, self.streams = os.path.join(d, "photos"), os.path.join(d, "streams")
        os.makedirs(self.photos)
        os.makedirs(self.streams)
        png = os.path.join(self.photos, "tile.png")
        pngio.write_png(png, photo())
        # Labelled -q 40 but encoded at -q 30: only a decode of the given file reports its size.
        self.given = os.path.join(self.streams, "tile_q40.bpg")
        self.codec.encode(png, 30, self.given)
        self.own_q40 = self.codec.encode(png, 40, os.path.join(d, "own.bpg"))

    def tearDown(self):
        self.tmp.cleanup()

    def test_stream_path_names_the_missing_file(self):
        self.assertEqual(stream_path(self.streams, "tile", 40), self.given)
        with self.assertRaises(FileNotFoundError) as e:
            stream_path(self.streams, "tile", 45)
        self.assertIn("tile_q45.bpg", str(e.exception))

    def test_given_streams_are_decoded_not_reencoded(self):
        out = os.path.join(self.tmp.name, "out")
        r = evaluate("--val-dir", self.photos, "--bpg-dir", self.streams, "--qps", "40", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        (row,) = results(out)
        self.assertEqual((row["image"], row["qp"]), ("tile", "40"))
        self.assertEqual(int(row["bytes"]), os.path.getsize(self.given))
        self.assertNotEqual(int(row["bytes"]), self.own_q40)
        self.assertEqual(float(row["gain"]), 0.0)            # identity model: restored == plain
        self.assertGreater(float(row["psnr"]), 20.0)
        with open(os.path.join(out, "table.md")) as f:
            self.assertIn(f"streams from {self.streams} (not our bpgenc)", f.read())

    def test_without_bpg_dir_our_encoder_runs(self):
        out = os.path.join(self.tmp.name, "out")
        r = evaluate("--val-dir", self.photos, "--qps", "40", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        (row,) = results(out)
        self.assertEqual(int(row["bytes"]), self.own_q40)

    def test_missing_stream_fails_before_decoding(self):
        out = os.path.join(self.tmp.name, "out")
        r = evaluate("--val-dir", self.photos, "--bpg-dir", self.streams, "--qps", "40,45", "--out", out)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("tile_q45.bpg", r.stderr)
        self.assertEqual(r.stdout, "")                         # nothing decoded
        self.assertFalse(os.path.exists(os.path.join(out, "results.tsv")))


if __name__ == "__main__":
    unittest.main()
