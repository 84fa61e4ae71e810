"""Patch sampling (bpgr_train.dataset): pairs are drawn in proportion to their pixels,
times the --qp-weights ramp over the set's bpgenc QPs; bad weights are refused."""
import unittest

import train_test_support

train_test_support.require("numpy", "torch")
import numpy as np  # noqa: E402
from bpgr_train.dataset import PatchSampler, sampling_probabilities  # noqa: E402


class FakeSet:
    """Two photos, the second twice the size, each at bpgenc -q 28, 38 and 48."""

    def __init__(self):
        sizes = {"a": (16, 16), "b": (16, 32)}
        self.orig = {s: np.zeros(hw + (3,), np.uint8) for s, hw in sizes.items()}
        self.pairs = [(s, q, np.full(hw + (3,), q, np.uint16), 0.0, q - 3)
                      for s, hw in sizes.items() for q in (28, 38, 48)]


class Sampling(unittest.TestCase):
    def test_pixels_alike_by_default(self):
        p = sampling_probabilities(FakeSet().pairs)
        np.testing.assert_allclose(p, [1 / 9] * 3 + [2 / 9] * 3)

    def test_qp_ramp(self):
        p = sampling_probabilities(FakeSet().pairs, (1.0, 3.0))
        w = np.array([1, 2, 3, 2, 4, 6], np.float64)     # ramp 1..3 times pixels 1, 2
        np.testing.assert_allclose(p, w / w.sum())

    def test_sampler_follows_weights(self):
        ps = FakeSet()
        s = PatchSampler(ps, 8, 64, np.random.default_rng(3), (0.0, 1.0))
        seen = []
        for _ in range(20):
            _, _, qp = s.next()
            seen += qp.tolist()
        self.assertNotIn(25.0, seen)             # weight 0 at -q 28 (slice QP 25)
        share_48 = seen.count(45.0) / len(seen)
        self.assertAlmostEqual(share_48, 2 / 3, delta=0.06)   # weights 0, 1/2, 1 per photo

    def test_refused(self):
        for bad in ((-1.0, 1.0), (0.0, 0.0)):
            with self.assertRaises(ValueError):
                sampling_probabilities(FakeSet().pairs, bad)


if __name__ == "__main__":
    unittest.main()
