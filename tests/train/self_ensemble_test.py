"""Self-ensembling (bpgr_train.self_ensemble): each of the 8 flips/rotations is undone
exactly by its inverse, and on a net of 1x1 convolutions (which commutes with every
flip/rotation) all ensemble sizes give the same gain, while a random 3x3 net's do differ."""
import unittest

import train_test_support

train_test_support.require("numpy", "torch")
import numpy as np  # noqa: E402
import torch  # noqa: E402
from bpgr_train import self_ensemble as SE  # noqa: E402
from bpgr_train import model as M  # noqa: E402
from bpgr_train.folding import folded_tensors  # noqa: E402


def random_model(kernel, skip_kernel, seed):
    torch.manual_seed(seed)
    net = M.WDSR(**dict(M.PRESETS["fast"], kernel=kernel, skip_kernel=skip_kernel))
    with torch.no_grad():
        for p in net.parameters():
            p.add_(0.05 * torch.randn_like(p))
    return net.cfg, folded_tensors(net)


class SelfEnsemble(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(3)
        self.orig = rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)
        noise = rng.normal(0, 6, self.orig.shape)
        self.dec = np.clip((self.orig + noise) * 257.0, 0, 65535).astype(np.uint16)

    def test_inverse_undoes_each_transform(self):
        x = torch.arange(2 * 3 * 4 * 4, dtype=torch.float32).view(2, 3, 4, 4)
        seen = set()
        for t in SE.TRANSFORMS:
            y = SE.forward_transform(x, *t)
            seen.add(tuple(y.flatten().tolist()))
            self.assertTrue(torch.equal(SE.inverse_transform(y, *t), x), t)
        self.assertEqual(len(seen), 8)   # eight different transforms

    def test_pointwise_net_gains_alike(self):
        cfg, tensors = random_model(1, 1, 1)
        g = SE.ensemble_gains(cfg, tensors, self.dec, self.orig, 35)
        for k in ("x2", "x4", "x8"):
            self.assertAlmostEqual(g[k], g["x1"], places=3, msg=k)

    def test_spatial_net_gains_differ(self):
        cfg, tensors = random_model(3, 5, 2)
        g = SE.ensemble_gains(cfg, tensors, self.dec, self.orig, 35)
        self.assertNotAlmostEqual(g["x8"], g["x1"], places=3)

    def test_centre_crop(self):
        a = np.arange(10 * 6).reshape(10, 6)
        self.assertTrue(np.array_equal(SE.centre_crop(a, 4), a[3:7, 1:5]))
        self.assertEqual(SE.centre_crop(a, 99).shape, (6, 6))


if __name__ == "__main__":
    unittest.main()
