"""The one .bpgrm reader/writer (bpgr_train.bpgrm): write -> read round trips, the
shipped models re-encode byte for byte, damaged files are refused, a failed write
leaves no file, and the build's identity generator writes through it."""
import os
import struct
import subprocess
import sys
import tempfile
import unittest

import train_test_support
from train_test_support import MODELS_DIR

train_test_support.require("numpy")
import numpy as np  # noqa: E402
from bpgr_train import bpgrm  # noqa: E402

CFG = dict(n_blocks=2, width=6, expanded=10, kernel=3, skip_kernel=5, in_channels=4, qp_min=25,
           qp_max=45, color_domain=0, flags=3, mean=[0.25, 0.5, 0.75], res_scale=1.0, qp_center=35.0,
           qp_scale=10.0, name="round-trip")


def random_tensors(cfg, seed=7):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(np.float32) for s in bpgrm.tensor_shapes(cfg)]


def calibration(cfg):
    return [0.5 + i for i in range(bpgrm.calibration_count(cfg))]


class RoundTrip(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "m.bpgrm")

    def tearDown(self):
        self.tmp.cleanup()

    def test_f32_is_exact(self):
        tensors = random_tensors(CFG)
        n = bpgrm.write(self.path, CFG, tensors, calibration(CFG))
        self.assertEqual(n, os.path.getsize(self.path))
        cfg, got, calib = bpgrm.read(self.path)
        self.assertEqual(cfg, CFG)
        self.assertEqual(len(got), len(tensors))
        for g, t in zip(got, tensors):
            self.assertEqual(g.dtype, np.float32)
            np.testing.assert_array_equal(g, t)
        self.assertEqual(calib, calibration(CFG))

    def test_f16_rounds_to_binary16(self):
        tensors = random_tensors(CFG)
        bpgrm.write(self.path, CFG, tensors, (), bpgrm.DT_F16)
        _, got, calib = bpgrm.read(self.path)
        self.assertEqual(calib, [])
        for g, t in zip(got, tensors):
            np.testing.assert_array_equal(g, t.astype(np.float16).astype(np.float32))

    def test_lists_and_arrays_write_the_same_bytes(self):
        tensors = random_tensors(CFG)
        for dt in (bpgrm.DT_F32, bpgrm.DT_F16):
            a = bpgrm.encode(CFG, tensors, calibration(CFG), dt)
            b = bpgrm.encode(CFG, [t.ravel().tolist() for t in tensors], calibration(CFG), dt)
            self.assertEqual(a, b)

    def test_shipped_models_reencode_byte_for_byte(self):
        for name in ("default", "paper"):
            with open(os.path.join(MODELS_DIR, name + ".bpgrm"), "rb") as f:
                data = f.read()
            cfg, tensors, calib = bpgrm.decode(data)
            self.assertEqual(cfg["name"], name)
            dtype = struct.unpack_from("<I", data, 16 + bpgrm.HEADER_BYTES)[0]
            self.assertEqual(bpgrm.encode(cfg, tensors, calib, dtype), data, name)

    def test_with_flags_changes_only_the_flags(self):
        data = bpgrm.encode(CFG, random_tensors(CFG), calibration(CFG))
        patched = bpgrm.with_flags(data, 4, 4)
        cfg, _, _ = bpgrm.decode(patched)
        self.assertEqual(cfg["flags"], 7)
        self.assertEqual(cfg, dict(CFG, flags=7))
        self.assertEqual(len(patched), len(data))
        diff = [i for i in range(len(data)) if data[i] != patched[i]]
        self.assertTrue(all(i in range(bpgrm.FLAGS_OFFSET, bpgrm.FLAGS_OFFSET + 4) or i >= len(data) - 8
                            for i in diff))


class Refusals(unittest.TestCase):
    def setUp(self):
        self.data = bpgrm.encode(CFG, random_tensors(CFG), calibration(CFG))

    def test_damaged_files(self):
        flipped = bytearray(self.data)
        flipped[200] ^= 1
        bad_magic = b"X" + self.data[1:]
        cases = {"content hash mismatch": bytes(flipped), "not a bpgrm file": bad_magic}
        for msg, data in cases.items():
            with self.assertRaisesRegex(ValueError, msg):
                bpgrm.decode(data)
        # Truncated anywhere (hash redone so the structure is what fails).
        for cut in (20, 16 + bpgrm.HEADER_BYTES + 4, len(self.data) // 2, len(self.data) - 12):
            body = self.data[:cut]
            with self.assertRaises(ValueError):
                bpgrm.decode(body + struct.pack("<Q", bpgrm.fnv1a64(body)))

    def test_bad_arguments(self):
        tensors = random_tensors(CFG)
        with self.assertRaisesRegex(ValueError, "tensors"):
            bpgrm.encode(CFG, tensors[:-1])
        with self.assertRaisesRegex(ValueError, "shape"):
            bpgrm.encode(CFG, tensors[1:] + tensors[:1])
        with self.assertRaisesRegex(ValueError, "calibration"):
            bpgrm.encode(CFG, tensors, [1.0, 2.0])
        with self.assertRaisesRegex(ValueError, "architecture"):
            bpgrm.encode(dict(CFG, in_channels=5), tensors)

    def test_failed_write_leaves_the_old_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.bpgrm")
            with open(path, "wb") as f:
                f.write(b"old")
            with self.assertRaises(ValueError):
                bpgrm.write(path, CFG, random_tensors(CFG)[:-1])
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"old")
            self.assertEqual(os.listdir(d), ["m.bpgrm"])


class IdentityGenerator(unittest.TestCase):
    def test_writes_an_identity_network(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "id.bpgrm")
            subprocess.run([sys.executable, os.path.join(MODELS_DIR, "make_identity_model.py"), path,
                            "--blocks", "2", "--width", "8", "--expanded", "16", "--name", "tiny"],
                           check=True)
            cfg, tensors, calib = bpgrm.read(path)
        self.assertEqual((cfg["n_blocks"], cfg["width"], cfg["expanded"], cfg["in_channels"], cfg["name"]),
                         (2, 8, 16, 3, "tiny"))
        self.assertEqual(calib, [])
        tail_w, tail_b, skip_w, skip_b = tensors[-4:]
        self.assertFalse(tail_w.any() or tail_b.any() or skip_b.any())
        want = np.zeros_like(skip_w)
        for c in range(3):
            want[c, c, 2, 2] = 1.0
        np.testing.assert_array_equal(skip_w, want)
        self.assertTrue(np.abs(tensors[2]).max() > 0.01, "the body does real work")


if __name__ == "__main__":
    unittest.main()
