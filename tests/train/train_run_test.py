"""train.py end to end on synthetic pairs (no codec): --snapshot-minutes writes the EMA
weights of a trajectory to RUN/swa/ in best.pt's form, which soup.py averages; a resume
keeps the run's patch size and batch whatever the command line says, while a --fork
branch may draw other patches (progressive patch sizes) and inherits what it does
not give."""
import glob
import os
import subprocess
import sys
import tempfile
import unittest

import train_test_support

train_test_support.require("numpy", "torch")
import numpy as np  # noqa: E402
import torch  # noqa: E402
from bpgr_train import pngio, soup  # noqa: E402
from bpgr_train.train import kept_settings  # noqa: E402

PAIRS = os.path.join(train_test_support.TRAIN_DIR, "pairs.py")
TRAIN = os.path.join(train_test_support.TRAIN_DIR, "train.py")


class KeptSettings(unittest.TestCase):
    saved = dict(train_set="train", val_set="val-photos", patch=64, batch=16, seed=40, allow_synthetic=False)

    def test_resume_keeps_the_data_settings(self):
        given = dict(train_set="other", val_set="none", patch=128, batch=4, seed=7, allow_synthetic=True)
        self.assertEqual(kept_settings(self.saved, given, forked=False), self.saved)

    def test_fork_takes_its_seed_and_given_patches(self):
        given = dict(train_set="other", val_set="none", patch=128, batch=4, seed=7, allow_synthetic=True)
        want = dict(self.saved, seed=7, patch=128, batch=4)
        self.assertEqual(kept_settings(self.saved, given, forked=True), want)

    def test_fork_inherits_what_it_does_not_give(self):
        given = dict(train_set=None, val_set=None, patch=None, batch=None, seed=7, allow_synthetic=False)
        self.assertEqual(kept_settings(self.saved, given, forked=True), dict(self.saved, seed=7))


class TrainRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = os.path.join(cls.tmp.name, "cache")
        src = os.path.join(cls.tmp.name, "src")
        os.makedirs(src)
        rng = np.random.default_rng(3)
        for name in ("a", "b", "c"):
            pngio.write_png(os.path.join(src, name + ".png"), rng.integers(0, 256, (40, 48, 3), dtype=np.uint8))
        r = subprocess.run([sys.executable, PAIRS, src, "--cache", cls.root, "--set", "syn", "--synthetic",
                            "--qp-range", "28", "48", "--per-image", "2"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def train(self, run, *extra):
        env = dict(os.environ, BPGR_CACHE=self.root)
        r = subprocess.run([sys.executable, TRAIN, "--run", run, "--preset", "fast", "--train-set", "syn",
                            "--val-set", "none", "--allow-synthetic", "--threads", "1", "--lr", "1e-3", *extra],
                           capture_output=True, text=True, env=env, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return r.stdout

    def saved_args(self, run):
        return torch.load(os.path.join(self.root, run, "last.pt"), map_location="cpu")["args"]

    def test_snapshots_fork_and_resume(self):
        self.train("base", "--patch", "16", "--batch", "2", "--total-steps", "5", "--snapshot-minutes", "1e-6")
        snaps = sorted(glob.glob(os.path.join(self.root, "base", "swa", "step-*.pt")))
        self.assertEqual([os.path.basename(p) for p in snaps], [f"step-{s:07d}.pt" for s in range(1, 6)])
        ck = torch.load(snaps[-1], map_location="cpu")
        last = torch.load(os.path.join(self.root, "base", "last.pt"), map_location="cpu")
        self.assertEqual(ck["step"], 5)
        for k, v in last["ema"].items():      # the snapshot is the EMA net of its step
            self.assertTrue(torch.equal(ck["model"][k], v), k)
        net, out, _ = soup.soup(snaps)         # and soup.py averages a trajectory
        self.assertEqual(out["step"], 5)
        self.assertEqual(len(out["soup"]), 5)

        a = self.saved_args("base")
        self.assertEqual((a["patch"], a["batch"]), (16, 2))
        # A resume keeps patch and batch; a fork may change them.
        self.train("base", "--patch", "24", "--batch", "3", "--total-steps", "6")
        a = self.saved_args("base")
        self.assertEqual((a["patch"], a["batch"]), (16, 2))
        out = self.train("branch", "--fork", "base", "--seed", "9", "--patch", "24", "--batch", "3",
                         "--total-steps", "8")
        self.assertIn("24x24 x 3", out)
        a = self.saved_args("branch")
        self.assertEqual((a["patch"], a["batch"], a["seed"], a["train_set"]), (24, 3, 9, "syn"))
        out = self.train("branch2", "--fork", "base", "--seed", "10", "--total-steps", "8")
        self.assertIn("16x16 x 2", out)


if __name__ == "__main__":
    unittest.main()
