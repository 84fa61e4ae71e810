"""bpgr.outputs: the PNG writer read back by Pillow (and by the PNG CRCs),
.npy by numpy, atomic writes leave no file on failure."""
import io
import zlib

import numpy as np
import pytest

from bpgr.outputs import encode_npy, encode_png, remove_partial, write_atomically

RNG = np.random.default_rng(15)


@pytest.mark.parametrize("channels,mode", [(1, "L"), (2, "LA"), (3, "RGB"), (4, "RGBA")])
def test_png_8_bit_read_back_by_pillow(channels, mode):
    Image = pytest.importorskip("PIL.Image")
    a = RNG.integers(0, 256, (37, 53, channels), dtype=np.uint8)
    im = Image.open(io.BytesIO(encode_png(a)))
    assert im.mode == mode and im.size == (53, 37)
    im.load()  # checks the CRCs and the zlib stream
    assert np.array_equal(np.asarray(im).reshape(a.shape), a)


def test_png_16_bit():
    Image = pytest.importorskip("PIL.Image")
    gray = RNG.integers(0, 65536, (19, 23), dtype=np.uint16)
    im = Image.open(io.BytesIO(encode_png(gray)))
    assert im.mode == "I;16" or im.mode == "I"
    assert np.array_equal(np.asarray(im).astype(np.uint16), gray)
    rgba = RNG.integers(0, 65536, (5, 7, 4), dtype=np.uint16)
    data = encode_png(rgba)
    # IHDR: 16 bits, colour type 6; IDAT inflates to 1 + 7*8 bytes a row,
    # filter Up, big-endian samples.
    assert data[24:26] == bytes([16, 6])
    idat = data.index(b"IDAT")
    length = int.from_bytes(data[idat - 4:idat], "big")
    raw = np.frombuffer(zlib.decompress(data[idat + 4:idat + 4 + length]), np.uint8)
    raw = raw.reshape(5, 1 + 56)
    assert (raw[:, 0] == 2).all()
    rows = np.cumsum(raw[:, 1:].astype(np.uint64), axis=0) % 256  # undo Up
    assert np.array_equal(rows.astype(np.uint8).view(">u2").reshape(rgba.shape), rgba)


def test_npy_and_atomic_write(tmp_path):
    a = RNG.integers(0, 65536, (4, 6, 3), dtype=np.uint16)
    write_atomically(tmp_path / "a.npy", encode_npy(a))
    assert np.array_equal(np.load(tmp_path / "a.npy"), a)
    with pytest.raises(TypeError):
        write_atomically(tmp_path / "b.npy", object())  # fails inside the write
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.npy"]
    (tmp_path / ".c.npy.x1.bpgr-part").write_bytes(b"partial")
    assert remove_partial(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.npy"]
    with pytest.raises(ValueError):
        encode_png(np.zeros((2, 2, 5), np.uint8))
