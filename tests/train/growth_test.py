"""Function-preserving growth (bpgr_train.growth): a wider net grown from a
smaller model file computes the file's function exactly, a deeper one up to
second-order terms; every part has a trained size and a gradient of its own
(copies learn apart), and a file that does not fit the requested size is
refused."""
import os
import unittest

import train_test_support
from train_test_support import MODELS_DIR

train_test_support.require("numpy", "torch")
import torch  # noqa: E402
from bpgr_train import bpgrm, reference  # noqa: E402
from bpgr_train import model as M  # noqa: E402
from bpgr_train.growth import block_positions, grow_folded, grown_config  # noqa: E402

torch.set_num_threads(2)


def image(seed, size=24):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(1, 3, size, size, generator=g)


def grown(fcfg, tensors, preset, **overrides):
    cfg = grown_config(M.PRESETS[preset], fcfg, overrides)
    cfg["name"] = preset
    torch.manual_seed(7)
    net = M.build(cfg)
    grow_folded(net, fcfg, tensors)
    return net


class Growth(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fcfg, cls.tensors, _ = bpgrm.read(os.path.join(MODELS_DIR, "default.bpgrm"))

    def max_diff(self, net, image_seed):
        x = image(image_seed).double()
        worst, correction = 0.0, 0.0
        for qp in (25, 35, 45):
            want = reference.forward(self.fcfg, self.tensors, x, qp)
            correction = max(correction, (want - x).abs().max().item())
            with torch.no_grad():
                got = net.double()(x, torch.tensor([float(qp)], dtype=torch.float64))
            worst = max(worst, (got - want).abs().max().item())
        self.assertGreater(correction, 0.05, "the file is not ~identity")
        return worst, correction

    def test_wider_net_computes_the_file_exactly(self):
        net = grown(self.fcfg, self.tensors, "paper", n_blocks=8).eval()
        self.assertEqual((net.cfg["n_blocks"], net.cfg["width"], net.cfg["expanded"]), (8, 32, 128))
        worst, _ = self.max_diff(net, 1)
        self.assertLessEqual(worst, 1e-5)

    def test_grown_paper_is_close_to_the_default_file(self):
        net = grown(self.fcfg, self.tensors, "paper").eval()
        self.assertEqual((net.cfg["n_blocks"], net.cfg["width"], net.cfg["expanded"]), (16, 32, 128))
        self.assertEqual(net.cfg["mean"], self.fcfg["mean"])
        self.assertEqual((net.cfg["qp_center"], net.cfg["qp_scale"]),
                         (self.fcfg["qp_center"], self.fcfg["qp_scale"]))
        worst, correction = self.max_diff(net, 1)
        # Each block's residual added in two steps: off by second-order terms only.
        self.assertLess(worst, 0.25 * correction, f"max diff {worst} against a correction of {correction}")

    def test_every_part_is_trained_size_and_copies_learn_apart(self):
        net = grown(self.fcfg, self.tensors, "paper")
        runs = block_positions(self.fcfg["n_blocks"], net.cfg["n_blocks"])
        self.assertEqual(runs, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7])
        for j, i in enumerate(runs):
            file_norm = float((self.tensors[4 + 4 * i].astype("float64") ** 2).sum() ** 0.5)
            norm = net.blocks[j].conv2.weight().norm().item()
            self.assertGreater(norm, 0.25 * file_norm, f"block {j}: conv2 {norm} of the file's {file_norm}")
        rows = net.head.weight().flatten(1).norm(dim=1)
        self.assertGreater(rows.min().item(), 0.0)
        # The weight-norm scale is 1 (||v|| = g): v's gradient is the weight's, not shrunk.
        for i, conv in enumerate(net.conv_layers()):
            ratio = conv.g.abs() / conv.v.flatten(1).norm(dim=1)
            self.assertTrue(torch.allclose(ratio, torch.ones_like(ratio), rtol=1e-5), f"conv {i}")
        # A new width channel copies a file channel; their gradients differ.
        head = net.head.weight().detach()
        copies = [(c, n) for n in range(24, 32) for c in range(24) if torch.equal(head[c], head[n])]
        self.assertEqual(len(copies), 8, "each new width channel copies one file channel")
        x, t = image(2), image(3)
        (net(x, torch.tensor([33.0])) - t).abs().mean().backward()
        grad = net.head.v.grad
        for c, n in copies:
            self.assertFalse(torch.allclose(grad[c], grad[n]), f"channels {c} and {n} get one gradient")
        for j in (0, 1):   # the two pieces of file block 0 learn apart too
            self.assertGreater(net.blocks[j].conv2.v.grad.abs().max().item(), 0.0)
        self.assertFalse(torch.allclose(net.blocks[0].conv2.v.grad, net.blocks[1].conv2.v.grad))

    def test_shrinking_and_same_size_are_refused(self):
        with self.assertRaisesRegex(ValueError, "cannot grow"):
            grown_config(M.PRESETS["fast"], self.fcfg, {})
        with self.assertRaisesRegex(ValueError, "file's size"):
            grown_config(M.PRESETS["default"], self.fcfg, {})
        with self.assertRaisesRegex(ValueError, "keeps in_channels"):
            grown_config(M.PRESETS["paper"], self.fcfg, dict(in_channels=3))
        cfg = grown_config(M.PRESETS["paper"], self.fcfg, dict(n_blocks=12))
        self.assertEqual(cfg["n_blocks"], 12)


if __name__ == "__main__":
    unittest.main()
