"""Function-preserving growth (bpgr_train.growth): a larger net grown from a
smaller model file computes the file's function up to O(eps), every new block
and channel still gets a gradient (so training can use it), and a file that
does not fit inside the requested size is refused."""
import os
import unittest

import train_test_support
from train_test_support import MODELS_DIR

train_test_support.require("numpy", "torch")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
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

    def test_grown_paper_computes_the_default_file(self):
        net = grown(self.fcfg, self.tensors, "paper").eval()
        self.assertEqual((net.cfg["n_blocks"], net.cfg["width"], net.cfg["expanded"]), (16, 32, 128))
        self.assertEqual(net.cfg["mean"], self.fcfg["mean"])
        self.assertEqual((net.cfg["qp_center"], net.cfg["qp_scale"]),
                         (self.fcfg["qp_center"], self.fcfg["qp_scale"]))
        x = image(1).double()
        for qp in (25, 35, 45):
            want = reference.forward(self.fcfg, self.tensors, x, qp)
            self.assertGreater((want - x).abs().max().item(), 0.05, "the file is not ~identity")
            with torch.no_grad():
                got = net.double()(x, torch.tensor([float(qp)], dtype=torch.float64))
            d = (got - want).abs().max().item()
            self.assertLessEqual(d, 1e-4, f"qp {qp}: max diff {d}")
            self.assertGreater(d, 0.0, "new parts are exactly zero: they would get no gradient")

    def test_new_parts_get_gradients(self):
        net = grown(self.fcfg, self.tensors, "paper")
        placed = block_positions(self.fcfg["n_blocks"], net.cfg["n_blocks"])
        self.assertEqual(placed, [0, 2, 4, 6, 8, 10, 12, 14])
        x, t = image(2), image(3)
        (net(x, torch.tensor([33.0])) - t).abs().mean().backward()
        new_block = net.blocks[1]
        grads = {"new block conv1.v": new_block.conv1.v.grad,
                 "new block conv2.g": new_block.conv2.g.grad,
                 "new head channels g": net.head.g.grad[24:],
                 "new expanded channels of a copied block g": net.blocks[0].conv1.g.grad[96:],
                 "tail weights from new channels v": net.tail.v.grad[:, 24:]}
        for name, g in grads.items():
            self.assertIsNotNone(g, name)
            self.assertGreater(g.abs().max().item(), 0.0, f"{name}: no gradient")

    def test_new_parts_can_turn_their_weights(self):
        # The gradient on v is g / ||v|| times the weight's gradient: 1 for a copied conv;
        # growth used to leave new channels and blocks with a random-size v under a
        # g of eps, so v never moved and those parts stayed near zero (paper-g15).
        net = grown(self.fcfg, self.tensors, "paper")
        for i, conv in enumerate(net.conv_layers()):
            ratio = conv.g.abs() / conv.v.flatten(1).norm(dim=1)
            self.assertTrue(torch.allclose(ratio, torch.ones_like(ratio), rtol=1e-5),
                            f"conv {i}: g/||v|| from {ratio.min().item():.3g} to {ratio.max().item():.3g}")
        conv = net.blocks[1].conv2   # a new block's second conv: g = O(eps)
        self.assertLess(conv.g.abs().max().item(), 1e-3)
        w = conv.weight()
        w.retain_grad()
        r = torch.rand(1, conv.v.shape[1], 8, 8, generator=torch.Generator().manual_seed(4))
        F.conv2d(r, w, conv.b, padding=1).sum().backward()
        v_grad, w_grad = conv.v.grad.norm().item(), w.grad.norm().item()
        self.assertGreater(w_grad, 0.0)
        self.assertGreater(v_grad, 0.5 * w_grad, "v's gradient is shrunk: the new block cannot learn")

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
