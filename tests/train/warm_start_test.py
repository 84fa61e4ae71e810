"""Training model <-> model file (bpgr_train.folding, .reference, .model): an
exported file computes the training net's function, a warm start from a file
reproduces the file's forward exactly (a 3-channel file widened to 4 channels
too), and the identity generator's network returns its input."""
import os
import subprocess
import sys
import tempfile
import unittest

import train_test_support
from train_test_support import MODELS_DIR

train_test_support.require("numpy", "torch")
import torch  # noqa: E402
from bpgr_train import bpgrm, reference  # noqa: E402
from bpgr_train import model as M  # noqa: E402
from bpgr_train.folding import config_for_warm_start, folded_tensors, load_folded  # noqa: E402

torch.set_num_threads(2)


def image(seed, size=20):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(1, 3, size, size, generator=g)


def trained_like_net(cfg, seed=3):
    """A small net whose tail and blocks are far from their near-zero init, so the
    comparison sees every layer."""
    torch.manual_seed(seed)
    net = M.build(cfg)
    with torch.no_grad():
        for conv in net.conv_layers():
            conv.g.mul_(torch.empty_like(conv.g).uniform_(0.5, 1.5))
            conv.b.add_(0.05 * torch.randn_like(conv.b))
        net.tail.g.fill_(0.3)
    return net.eval()


def warm_started(file_cfg, tensors, **overrides):
    cfg = config_for_warm_start(M.PRESETS["default"], file_cfg, overrides)
    cfg["name"] = file_cfg["name"]
    net = M.build(cfg)
    load_folded(net, tensors)
    return net.eval()


class ExportAndWarmStart(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def export(self, net, dtype):
        path = os.path.join(self.tmp.name, f"m{dtype}.bpgrm")
        bpgrm.write(path, net.cfg, folded_tensors(net), (), dtype)
        return bpgrm.read(path)

    def test_exported_file_computes_the_net(self):
        cfg = dict(M.PRESETS["fast"], n_blocks=2, mean=[0.4, 0.45, 0.5], name="t")
        net = trained_like_net(cfg)
        x, qp = image(1), 33
        with torch.no_grad():
            want = net(x, torch.tensor([float(qp)])).double()
        self.assertGreater((want - x.double()).abs().max().item(), 0.05, "the net is not ~identity")
        for dtype, tol in ((bpgrm.DT_F32, 1e-5), (bpgrm.DT_F16, 2e-3)):
            fcfg, tensors, _ = self.export(net, dtype)
            got = reference.forward(fcfg, tensors, x.double(), qp)
            d = (got - want).abs().max().item()
            self.assertLessEqual(d, tol, f"dtype {dtype}: max diff {d}")

    def test_warm_start_reproduces_the_file_exactly(self):
        cfg = dict(M.PRESETS["fast"], n_blocks=2, mean=[0.4, 0.45, 0.5], name="t")
        fcfg, tensors, _ = self.export(trained_like_net(cfg), bpgrm.DT_F32)
        net = warm_started(fcfg, tensors)
        x = image(2)
        for qp in (25, 38, 45):
            with torch.no_grad():
                got = net(x, torch.tensor([float(qp)]))
            self.assertTrue(torch.equal(got, reference.forward(fcfg, tensors, x, qp)), f"qp {qp}")
        # And it exports back to the same weights.
        for a, b in zip(folded_tensors(net), tensors):
            self.assertTrue((a.astype("float32") == b).all())

    def test_warm_start_gives_v_its_init_scale(self):
        # Adam steps ~lr per element: v must keep the scale training gave it (its init's),
        # not w's, or the filters initialised small (block conv2, tail) turn far faster.
        cfg = dict(M.PRESETS["fast"], n_blocks=2, mean=[0.4, 0.45, 0.5], name="t")
        fcfg, tensors, _ = self.export(trained_like_net(cfg), bpgrm.DT_F32)
        torch.manual_seed(7)
        net = warm_started(fcfg, tensors)
        torch.manual_seed(7)
        fresh = M.build(net.cfg)
        for i, (conv, init) in enumerate(zip(net.conv_layers(), fresh.conv_layers())):
            r = conv.v.flatten(1).norm(dim=1) / init.v.flatten(1).norm(dim=1)
            self.assertTrue(((r >= 2 ** -0.5 - 1e-6) & (r <= 2 ** 0.5 + 1e-6)).all(), f"conv {i}: {r}")
            self.assertTrue(torch.equal(conv.weight(), torch.from_numpy(tensors[2 * i]).float()), f"conv {i}")
        conv2 = net.blocks[0].conv2   # initialised at 0.1 of its v's norm
        self.assertGreater(conv2.v.norm().item(), 4 * conv2.weight().norm().item())

    def test_warm_start_from_the_shipped_default(self):
        fcfg, tensors, _ = bpgrm.read(os.path.join(MODELS_DIR, "default.bpgrm"))
        net = warm_started(fcfg, tensors)
        self.assertEqual((net.cfg["qp_center"], net.cfg["qp_scale"]), (fcfg["qp_center"], fcfg["qp_scale"]))
        self.assertEqual(net.cfg["mean"], fcfg["mean"])
        x = image(3, 24)
        with torch.no_grad():
            got = net(x, torch.tensor([35.0]))
        self.assertTrue(torch.equal(got, reference.forward(fcfg, tensors, x, 35)))

    def test_rgb_file_widened_to_qp_aware_net(self):
        # An RGB-only file (as the first shipped `paper` was), made here.
        cfg = dict(M.PRESETS["fast"], n_blocks=2, in_channels=3, mean=[0.4, 0.45, 0.5], name="t")
        fcfg, tensors, _ = self.export(trained_like_net(cfg), bpgrm.DT_F32)
        self.assertEqual(fcfg["in_channels"], 3)
        net = warm_started(fcfg, tensors, in_channels=4)
        self.assertEqual(net.cfg["in_channels"], 4)
        self.assertTrue(torch.equal(net.head.weight()[:, 3], torch.zeros_like(net.head.weight()[:, 3])))
        x = image(4, 24)
        want = reference.forward(fcfg, tensors, x)
        for qp in (35, 45):
            with torch.no_grad():
                got = net(x, torch.tensor([float(qp)]))
            d = (got - want).abs().max().item()
            self.assertLessEqual(d, 1e-6, f"qp {qp}: max diff {d}")

    def test_wrong_architecture_is_refused(self):
        fcfg, tensors, _ = bpgrm.read(os.path.join(MODELS_DIR, "default.bpgrm"))
        net = M.build(dict(M.PRESETS["default"], width=16, mean=[0.5] * 3, name="x"))
        with self.assertRaisesRegex(ValueError, "does not fit"):
            load_folded(net, tensors)
        with self.assertRaisesRegex(ValueError, "tensors"):
            load_folded(net, tensors[:-2])


class IdentityNetwork(unittest.TestCase):
    def test_output_is_the_input(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "id.bpgrm")
            subprocess.run([sys.executable, os.path.join(MODELS_DIR, "make_identity_model.py"), path,
                            "--blocks", "3", "--width", "8", "--expanded", "16"], check=True)
            cfg, tensors, _ = bpgrm.read(path)
        x = image(5).double()
        self.assertLessEqual((reference.forward(cfg, tensors, x) - x).abs().max().item(), 1e-12)


if __name__ == "__main__":
    unittest.main()
