"""Bjøntegaard delta rate (bpgr_train.bd_rate) on curves with known answers."""
import os
import tempfile
import unittest

import train_test_support

train_test_support.require("numpy")
from bpgr_train.bd_rate import bd_rate, curves_from_results  # noqa: E402

RATES = [0.25, 0.45, 0.8, 1.4, 2.3]
PSNRS = [29.0, 31.5, 34.0, 36.4, 38.9]


class BdRate(unittest.TestCase):
    def test_scaled_rate_is_its_percentage(self):
        for factor, want in ((0.9, -10.0), (0.5, -50.0), (1.2, 20.0)):
            got = bd_rate(RATES, PSNRS, [r * factor for r in RATES], PSNRS)
            self.assertAlmostEqual(got, want, places=9)

    def test_same_curve_is_zero(self):
        self.assertAlmostEqual(bd_rate(RATES, PSNRS, RATES, PSNRS), 0.0, places=9)

    def test_better_quality_at_same_rate_saves_bits(self):
        self.assertLess(bd_rate(RATES, PSNRS, RATES, [p + 0.5 for p in PSNRS]), -1.0)
        self.assertGreater(bd_rate(RATES, PSNRS, RATES, [p - 0.5 for p in PSNRS]), 1.0)

    def test_rejects_short_or_disjoint_curves(self):
        with self.assertRaises(ValueError):
            bd_rate(RATES[:3], PSNRS[:3], RATES[:3], PSNRS[:3])
        with self.assertRaises(ValueError):
            bd_rate(RATES, PSNRS, RATES, [p + 20 for p in PSNRS])

    def test_curves_from_results_table(self):
        rows = ["image\tqp\tbpp\tpsnr\tpsnr_restored"]
        for q, (r, p) in zip((28, 33, 38, 43, 48), zip(reversed(RATES), reversed(PSNRS))):
            rows += [f"a\t{q}\t{r * 0.9}\t{p - 0.1}\t{p + 0.4}", f"b\t{q}\t{r * 1.1}\t{p + 0.1}\t{p + 0.6}"]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "results.tsv")
            with open(path, "w") as f:
                f.write("\n".join(rows) + "\n")
            bpp, plain, restored = curves_from_results(path)
        for got, want in ((bpp, list(reversed(RATES))), (plain, list(reversed(PSNRS))),
                          (restored, [p + 0.5 for p in reversed(PSNRS)])):
            for g, w in zip(got, want):
                self.assertAlmostEqual(g, w, places=9)
        self.assertLess(bd_rate(bpp, plain, bpp, restored), 0.0)


if __name__ == "__main__":
    unittest.main()
