"""train.py's learning-rate and loss schedule (bpgr_train.schedule). Standard library only."""
import math
import types
import unittest

import train_test_support  # noqa: F401  (sys.path)
from bpgr_train.schedule import budget_frac, loss_at, lr_at


def args(**kw):
    base = dict(lr=1e-3, lr_final=0.05, decay_start=None, total_steps=0, time_budget=0,
                decay_start_frac=0.5, l2_from_frac=0, loss="l1", warmup_steps=0)
    base.update(kw)
    return types.SimpleNamespace(**base)


class StepSchedule(unittest.TestCase):
    def test_constant_without_decay(self):
        a = args()
        for step in (0, 1, 10 ** 6):
            self.assertEqual(lr_at(a, step), 1e-3)

    def test_cosine_from_decay_start_to_total_steps(self):
        a = args(decay_start=1000, total_steps=3000)
        self.assertEqual(lr_at(a, 999), 1e-3)
        self.assertAlmostEqual(lr_at(a, 1000), 1e-3, places=15)
        # Half way: lr * (final + (1 - final) / 2)
        self.assertAlmostEqual(lr_at(a, 2000), 1e-3 * (0.05 + 0.95 * 0.5), places=15)
        self.assertAlmostEqual(lr_at(a, 3000), 1e-3 * 0.05, places=15)
        self.assertAlmostEqual(lr_at(a, 5000), 1e-3 * 0.05, places=15)   # stays at the floor
        lrs = [lr_at(a, s) for s in range(1000, 3001, 50)]
        self.assertTrue(all(x > y for x, y in zip(lrs, lrs[1:])), "decay is strictly decreasing")


class TimeBudgetSchedule(unittest.TestCase):
    def test_fraction_of_budget(self):
        a = args(time_budget=10, decay_start_frac=0.6)   # 10 minutes
        self.assertIsNone(budget_frac(args(), 123.0))
        self.assertAlmostEqual(budget_frac(a, 300.0), 0.5)
        self.assertEqual(lr_at(a, 0, 359.0), 1e-3)
        # The budget overrides a step schedule.
        b = args(time_budget=10, decay_start_frac=0.6, decay_start=0, total_steps=10)
        self.assertEqual(lr_at(b, 5, 100.0), 1e-3)
        t = 0.5   # half way through the decay: f = 0.8
        want = 1e-3 * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * t)))
        self.assertAlmostEqual(lr_at(a, 0, 480.0), want, places=15)
        self.assertAlmostEqual(lr_at(a, 0, 600.0), 1e-3 * 0.05, places=15)

    def test_l2_tail(self):
        a = args(time_budget=10, l2_from_frac=0.9)
        self.assertEqual(loss_at(a, 0, 539.0), "l1")
        self.assertEqual(loss_at(a, 0, 540.0), "l2")
        self.assertEqual(loss_at(args(time_budget=10), 0, 599.0), "l1")     # 0 = never
        self.assertEqual(loss_at(args(loss="l2"), 0, 0.0), "l2")
        self.assertEqual(loss_at(args(l2_from_frac=0.1), 10**9, 1e9), "l1")    # needs a budget or steps

    def test_warmup_ramps_then_follows_the_schedule(self):
        a = args(warmup_steps=100)
        self.assertAlmostEqual(lr_at(a, 0), 1e-5, places=15)
        self.assertAlmostEqual(lr_at(a, 49), 5e-4, places=15)
        self.assertAlmostEqual(lr_at(a, 99), 1e-3, places=15)
        self.assertAlmostEqual(lr_at(a, 5000), 1e-3, places=15)
        b = args(warmup_steps=100, time_budget=10, decay_start_frac=0.0)
        self.assertAlmostEqual(lr_at(b, 9, 600.0), 1e-3 * 0.05 * 0.1, places=15)

    def test_l2_tail_by_steps(self):
        a = args(total_steps=2000, l2_from_frac=0.9)
        self.assertEqual(loss_at(a, 1799), "l1")
        self.assertEqual(loss_at(a, 1800), "l2")
        # a time budget, when given, decides instead of the steps
        self.assertEqual(loss_at(args(total_steps=2000, time_budget=10, l2_from_frac=0.9), 1999, 60.0), "l1")


if __name__ == "__main__":
    unittest.main()
