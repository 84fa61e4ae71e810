"""Weight averaging (bpgr_train.soup): the average of checkpoints holds the mean of
their folded weights and biases exactly, a soup of copies computes the copies'
function, the written file is read by export's loader, and checkpoints of
different architectures or input normalisation are refused."""
import os
import tempfile
import unittest

import train_test_support

train_test_support.require("numpy", "torch")
import torch  # noqa: E402
from bpgr_train import export, soup  # noqa: E402
from bpgr_train import model as M  # noqa: E402
from bpgr_train.folding import folded_tensors  # noqa: E402
from bpgr_train.train import atomic_save  # noqa: E402

torch.set_num_threads(2)


def checkpoint(directory, name, seed, preset="fast", **cfg_changes):
    cfg = dict(M.PRESETS[preset])
    cfg.update(name=preset, mean=[0.45, 0.44, 0.40])
    cfg.update(cfg_changes)
    torch.manual_seed(seed)
    net = M.build(cfg)
    with torch.no_grad():          # trained-looking: g no longer equal to ||v||
        for conv in net.conv_layers():
            conv.g.mul_(torch.rand_like(conv.g) + 0.5)
    path = os.path.join(directory, name)
    atomic_save(dict(cfg=net.cfg, model=net.state_dict(), step=seed * 100, train_s=1.0, synthetic=False), path)
    return path, net


class Soup(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_mean_of_folded_weights(self):
        pa, na = checkpoint(self.dir, "a.pt", 1)
        pb, nb = checkpoint(self.dir, "b.pt", 2)
        net, out, _ = soup.soup([pa, pb])
        for got, ta, tb in zip(folded_tensors(net), folded_tensors(na), folded_tensors(nb)):
            want = (ta + tb) / 2
            self.assertLess(abs(got - want).max(), 1e-6 * max(1.0, abs(want).max()))
        self.assertEqual(out["step"], 200)
        self.assertEqual([s["step"] for s in out["soup"]], [100, 200])
        # not the plain mean of g and v, which would be a different function
        self.assertGreater(abs(folded_tensors(na)[2] - folded_tensors(nb)[2]).max(), 1e-3)

    def test_soup_of_copies_is_the_copy_and_exports(self):
        pa, na = checkpoint(self.dir, "a.pt", 3)
        pb = os.path.join(self.dir, "b.pt")
        with open(pa, "rb") as f, open(pb, "wb") as g:
            g.write(f.read())
        net, out, _ = soup.soup([pa, pb])
        out_path = os.path.join(self.dir, "soup.pt")
        atomic_save(out, out_path)
        loaded, _ = export.load_checkpoint(out_path)
        x = torch.rand(1, 3, 20, 20, generator=torch.Generator().manual_seed(5))
        qp = torch.tensor([35.0])
        with torch.no_grad():
            d = (loaded(x, qp) - na.eval()(x, qp)).abs().max().item()
        self.assertLess(d, 1e-5)

    def test_refuses_different_nets(self):
        pa, _ = checkpoint(self.dir, "a.pt", 1)
        pb, _ = checkpoint(self.dir, "b.pt", 2, preset="default")
        with self.assertRaisesRegex(ValueError, "differs"):
            soup.soup([pa, pb])
        pc, _ = checkpoint(self.dir, "c.pt", 2, mean=[0.5, 0.5, 0.5])
        with self.assertRaisesRegex(ValueError, "mean"):
            soup.soup([pa, pc])
        with self.assertRaisesRegex(ValueError, "two or more"):
            soup.soup([pa])


if __name__ == "__main__":
    unittest.main()
