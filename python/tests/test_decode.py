"""bpgr.decode / bpgr.frames on every fixture against manifest.tsv and
frames.tsv (pixel md5 of each output format, all frames, durations, loop
count), from every kind of source."""
import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import bpgr
from conftest import FIXTURES, FRAMES, MANIFEST, fixture_ids, md5

# (manifest column, decode options, channels of that output)
OUTPUTS = [
    ("md5_rgb8", dict(), None),
    ("md5_rgb16", dict(bits=16), None),
    ("md5_rgb24", dict(alpha=False), 3),
    ("md5_cmyk32", dict(cmyk=True), 4),
    ("md5_cmyk64", dict(cmyk=True, bits=16), 4),
]


@pytest.mark.parametrize("row", MANIFEST, ids=fixture_ids(MANIFEST))
def test_every_frame_every_format_matches_manifest(row):
    data = (FIXTURES / row["file"]).read_bytes()
    durations = [Fraction(d) for d in row["durations"].split(",")]
    for column, options, channels in OUTPUTS:
        frames = bpgr.frames(data, **options)
        assert frames.loop_count == int(row["loop_count"])
        decoded = list(frames)
        assert len(decoded) == int(row["frames"]), column
        assert [d for _, d in decoded] == durations, column
        expected_channels = channels or int(row["channels"])
        dtype = np.uint16 if options.get("bits") == 16 else np.uint8
        for pixels, _ in decoded:
            assert pixels.shape == (int(row["height"]), int(row["width"]), expected_channels)
            assert pixels.dtype == dtype
        assert md5(*(p for p, _ in decoded)) == row[column], column


FIRST_FRAMES = [r for r in FRAMES if r["frame"] == "0"]


@pytest.mark.parametrize("row", FIRST_FRAMES, ids=fixture_ids(FIRST_FRAMES))
def test_decode_gives_frame_zero(row):
    path = FIXTURES / row["file"]
    assert md5(bpgr.decode(path)) == row["md5_rgb8"]
    assert md5(bpgr.decode(path, bits=16)) == row["md5_rgb16"]
    assert md5(bpgr.decode(path, alpha=False)) == row["md5_rgb24"]


def test_one_decoder_for_every_file():
    """A reused Decoder (reset between files) gives the same pixels as a new one."""
    decoder = bpgr.Decoder(threads=1)
    frame0 = {r["file"]: r for r in FIRST_FRAMES}
    for row in MANIFEST:
        assert md5(decoder.decode(FIXTURES / row["file"])) == frame0[row["file"]]["md5_rgb8"]
        if row["frames"] != "1":
            frames = decoder.frames(FIXTURES / row["file"], bits=16)
            assert md5(*(p for p, _ in frames)) == row["md5_rgb16"]


def test_every_kind_of_source():
    path = FIXTURES / "photo-320x240-420-q28.bpg"
    data = path.read_bytes()
    expected = md5(bpgr.decode(data))
    sources = [str(path), path, bytearray(data), memoryview(data),
               np.frombuffer(data, dtype=np.uint8), io.BytesIO(data), open(path, "rb")]
    for source in sources:
        assert md5(bpgr.decode(source)) == expected, type(source)
    sources[-1].close()
    with open(path, "rb") as f:
        f.read(0)
        assert md5(bpgr.decode(f)) == expected
    with pytest.raises(TypeError):
        bpgr.decode(12345)
    with pytest.raises(TypeError):
        bpgr.decode(io.StringIO("text"))


def test_arguments_are_checked_before_decoding():
    path = FIXTURES / "photo-320x240-420-q28.bpg"
    with pytest.raises(ValueError):
        bpgr.decode(path, bits=12)
    with pytest.raises(ValueError):
        bpgr.decode(path, precision="fp64", restore=True)
    with pytest.raises(ValueError):
        bpgr.decode(path, model="paper")  # model without restore
    with pytest.raises(ValueError):
        bpgr.decode(path, restore="paper", model="default")
    with pytest.raises(ValueError):
        bpgr.decode(path, threads=-1)


def test_frames_is_lazy_and_a_new_file_ends_it():
    decoder = bpgr.Decoder()
    frames = decoder.frames(FIXTURES / "anim-delays-loop3.bpg")
    assert frames.info.animation and frames.loop_count == 3
    first, _ = next(frames)
    still = decoder.decode(FIXTURES / "photo-320x240-420-q28.bpg")
    assert still.shape == (240, 320, 3)
    assert list(frames) == []  # the decoder moved on: the iteration has ended
    assert first.shape == (48, 80, 3)


def test_array_owns_its_memory():
    a = bpgr.decode(FIXTURES / "grid-b8-444-rgb.bpg")
    assert a.flags.c_contiguous and a.flags.owndata and a.flags.writeable
    b = bpgr.decode(FIXTURES / "grid-b8-444-rgb.bpg")
    assert a.ctypes.data != b.ctypes.data
    a[...] = 0
    assert np.array_equal(b, bpgr.decode(FIXTURES / "grid-b8-444-rgb.bpg"))


def test_png_reference_images():
    """Pixels equal bpgdec's PNG output in fixtures/bpg/png (read with Pillow)."""
    Image = pytest.importorskip("PIL.Image")
    for png in sorted((FIXTURES / "png").glob("*.png")):
        name = png.name.split(".")[0] + ".bpg"
        sixteen = png.name.endswith(".16.png")
        decoded = bpgr.decode(FIXTURES / name, bits=16 if sixteen else 8)
        if sixteen:
            continue  # Pillow reads 16-bit RGB(A) PNG as 8 bit; the md5 tests cover it
        with Image.open(png) as im:
            assert np.array_equal(np.asarray(im), decoded), png.name
