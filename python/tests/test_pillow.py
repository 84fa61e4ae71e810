"""bpgr.pillow: Image.open of every fixture frame against frames.tsv, the
animation attributes against manifest.tsv, metadata against bpgr.info,
save -> open round trips, other formats untouched, restoration opt-in."""
import io
import os
from fractions import Fraction

import numpy as np
import pytest

PIL = pytest.importorskip("PIL")
from PIL import Image, UnidentifiedImageError  # noqa: E402

import bpgr  # noqa: E402
import bpgr.pillow  # noqa: E402
from conftest import FIXTURES, FRAMES, MANIFEST, fixture_ids, md5  # noqa: E402

ROWS = {r["file"]: r for r in MANIFEST}


def _as_rgb8_layout(im):
    """The Pillow image's pixels in bpgr.decode's default layout (RGB/RGBA)."""
    a = np.asarray(im)
    if im.mode == "L":
        return np.dstack([a, a, a])
    if im.mode == "LA":
        return np.dstack([a[:, :, 0]] * 3 + [a[:, :, 1]])
    return a


@pytest.mark.parametrize("row", FRAMES, ids=[f"{r['file']}#{r['frame']}" for r in FRAMES])
def test_every_frame_matches_frames_tsv(row):
    path = FIXTURES / row["file"]
    with Image.open(path) as im:
        assert im.format == "BPG" and im.size == (int(ROWS[row["file"]]["width"]),
                                                  int(ROWS[row["file"]]["height"]))
        im.seek(int(row["frame"]))
        assert im.tell() == int(row["frame"])
        im.load()
        if im.mode == "CMYK":
            # C, M, Y as the library's CMYK32 output (whose K is 255 for W-plane
            # files, libbpg); K through Pillow's CMYK -> RGB gives bpgdec's R*W.
            cmyk = np.asarray(im).copy()
            rgb = np.asarray(im.convert("RGB")).astype(int)
            cmyk[:, :, 3] = 255
            assert md5(cmyk) == ROWS[row["file"]]["md5_cmyk32"]
            assert np.abs(rgb - bpgr.decode(path).astype(int)).max() <= 1
        else:
            assert md5(_as_rgb8_layout(im)) == row["md5_rgb8"]
        if ROWS[row["file"]]["animation"] == "1":
            assert im.info["duration"] == round(Fraction(row["duration"]) * 1000)


@pytest.mark.parametrize("row", MANIFEST, ids=fixture_ids(MANIFEST))
def test_modes_frames_and_metadata(row):
    path = FIXTURES / row["file"]
    header = bpgr.info(path)
    with Image.open(path) as im:
        expected_mode = ("CMYK" if row["w_plane"] == "1" else
                         ("LA" if header.has_alpha else "L") if row["format"] == "Gray" else
                         "RGBA" if header.has_alpha else "RGB")
        assert im.mode == expected_mode
        assert im.n_frames == int(row["frames"])
        assert im.is_animated == (int(row["frames"]) > 1)
        if row["animation"] == "1":
            assert im.info["loop"] == int(row["loop_count"])
        for key in ("icc_profile", "exif", "xmp"):
            assert im.info.get(key) == getattr(header, key), key
        with pytest.raises(EOFError):
            im.seek(int(row["frames"]))


def test_seek_back_and_forth():
    path = FIXTURES / "anim-delays-loop3.bpg"
    rows = [r for r in FRAMES if r["file"] == path.name]
    with Image.open(path) as im:
        for index in [3, 1, 4, 0, 2, 2]:
            im.seek(index)
            assert md5(np.asarray(im)) == rows[index]["md5_rgb8"], index
            assert im.info["duration"] == round(Fraction(rows[index]["duration"]) * 1000)


def test_exif_readable_by_pillow():
    with Image.open(FIXTURES / "ext-jpeg-exif-xmp-icc.bpg") as im:
        assert len(im.getexif()) > 0


def test_file_object_and_bytes_io():
    path = FIXTURES / "alpha-straight-444-b8.bpg"
    expected = md5(bpgr.decode(path))
    with open(path, "rb") as f, Image.open(f) as im:
        assert md5(np.asarray(im)) == expected
    with Image.open(io.BytesIO(path.read_bytes())) as im:
        assert md5(np.asarray(im)) == expected


def _reopen(im, **options):
    buf = io.BytesIO()
    im.save(buf, format="BPG", **options)
    buf.seek(0)
    assert buf.getvalue()[:4] == b"BPG\xfb"
    return Image.open(buf)


LOSSLESS = dict(lossless=True, chroma="444", color_space="rgb")


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA"])
def test_lossless_round_trip(mode):
    with Image.open(FIXTURES / "photo-320x240-420-q28.bpg") as source:
        rgb = np.asarray(source.convert("RGB"))
    alpha = np.tile(np.arange(320, dtype=np.uint16) * 255 // 319, (240, 1)).astype(np.uint8)
    im = Image.fromarray(np.dstack([rgb, alpha]), "RGBA").convert(mode)
    with _reopen(im, **LOSSLESS) as back:
        assert back.mode == mode and back.size == im.size
        assert np.array_equal(np.asarray(back), np.asarray(im))


def test_quality_maps_to_q():
    assert bpgr.pillow.quality_to_q(100) == 0 and bpgr.pillow.quality_to_q(0) == 51
    assert bpgr.pillow.quality_to_q(43) == 29
    with pytest.raises(ValueError):
        bpgr.pillow.quality_to_q(101)
    with Image.open(FIXTURES / "photo-320x240-420-q28.bpg") as source:
        source.load()
        reference = np.asarray(source).astype(int)
        errors, sizes = [], []
        for quality in (20, 90):
            buf = io.BytesIO()
            source.save(buf, format="BPG", quality=quality)
            sizes.append(len(buf.getvalue()))
            same_q = bpgr.decode(bpgr.encode(reference.astype(np.uint8),
                                             q=bpgr.pillow.quality_to_q(quality)))
            buf.seek(0)
            with Image.open(buf) as back:
                assert np.array_equal(np.asarray(back), same_q)
                errors.append(np.abs(np.asarray(back).astype(int) - reference).mean())
        assert errors[1] < errors[0] and sizes[1] > sizes[0], (errors, sizes)
        with pytest.raises(ValueError):
            source.save(io.BytesIO(), format="BPG", quality=50, q=20)


def test_metadata_round_trip():
    with Image.open(FIXTURES / "ext-jpeg-exif-xmp-icc.bpg") as im:
        im.load()
        # ICC kept by default (as PNG does); EXIF (also Pillow's APP1 form) and XMP on request.
        with _reopen(im, exif=b"Exif\x00\x00" + im.info["exif"], xmp=im.info["xmp"]) as back:
            for key in ("icc_profile", "exif", "xmp"):
                assert back.info[key] == im.info[key], key
        with _reopen(im, exif=im.getexif()) as back:
            assert dict(back.getexif()) == dict(im.getexif())
        with _reopen(im, icc_profile=None) as back:
            assert "icc_profile" not in back.info and "exif" not in back.info


def test_animation_round_trip():
    with Image.open(FIXTURES / "anim-delays-loop3.bpg") as im:
        frames, durations = [], []
        for i in range(im.n_frames):
            im.seek(i)
            frames.append(im.copy())
            durations.append(im.info["duration"])
    first, rest = frames[0], frames[1:]
    buf = io.BytesIO()
    first.save(buf, format="BPG", save_all=True, append_images=rest, duration=durations,
               loop=2, **LOSSLESS)
    buf.seek(0)
    with Image.open(buf) as back:
        assert back.n_frames == len(frames) and back.is_animated and back.info["loop"] == 2
        for i, frame in enumerate(frames):
            back.seek(i)
            assert back.info["duration"] == durations[i]
            assert np.array_equal(np.asarray(back), np.asarray(frame))


def test_sixteen_bit_gray_and_palette_save():
    ramp = (np.arange(64 * 32, dtype=np.uint32).reshape(32, 64) * 31).astype(np.uint16)
    im16 = Image.frombytes("I;16", (64, 32), ramp.astype("<u2").tobytes())
    with _reopen(im16, lossless=True, bits=12) as back:
        assert back.mode == "L"  # Pillow reads 8 bits
        expected = bpgr.decode(bpgr.encode(ramp, lossless=True, bits=12))[:, :, 0]
        assert np.array_equal(np.asarray(back), expected)
    palette = Image.open(FIXTURES / "photo-320x240-420-q28.bpg").convert("P")
    with _reopen(palette, **LOSSLESS) as back:
        assert back.mode == "RGB"
        assert np.array_equal(np.asarray(back), np.asarray(palette.convert("RGB")))


def test_other_formats_still_open(tmp_path):
    rgb = np.zeros((8, 8, 3), np.uint8)
    for name, fmt in (("x.png", "PNG"), ("x.jpg", "JPEG"), ("x.gif", "GIF")):
        Image.fromarray(rgb).save(tmp_path / name)
        with Image.open(tmp_path / name) as im:
            assert im.format == fmt
    Image.fromarray(rgb).save(tmp_path / "by-extension.bpg")  # .bpg picks the format
    with Image.open(tmp_path / "by-extension.bpg") as im:
        assert im.format == "BPG" and im.get_format_mimetype() == "image/bpg"
    (tmp_path / "broken.bpg").write_bytes(b"BPG\xfb" + b"\xff" * 12)
    with pytest.raises(UnidentifiedImageError):
        Image.open(tmp_path / "broken.bpg")
    data = (FIXTURES / "photo-320x240-420-q28.bpg").read_bytes()
    damaged = data[:20] + b"\x00" * (len(data) - 20)  # header fine, no picture
    with Image.open(io.BytesIO(damaged)) as im:
        assert im.format == "BPG"
        with pytest.raises(bpgr.HevcDecodeError):
            im.load()


def test_restoration_is_opt_in():
    if not bpgr.has_restore:
        pytest.skip("built without the post-filter")
    path = FIXTURES / "photo-320x240-420-q28.bpg"
    plain = bpgr.decode(path)
    restored = bpgr.decode(path, restore="default", threads=1)
    assert not np.array_equal(plain, restored)
    try:
        bpgr.pillow.register(restore="default", threads=1)
        with Image.open(path) as im:
            assert np.array_equal(np.asarray(im), restored)
    finally:
        bpgr.pillow.register()
    with Image.open(path) as im:
        assert np.array_equal(np.asarray(im), plain)
    with pytest.raises(ValueError):
        bpgr.pillow.register(precision="fp64", restore=True)
    model = os.environ.get("BPGR_IDENTITY_MODEL")
    if model:
        try:
            bpgr.pillow.register(restore=model, precision="fp32", threads=1)
            with Image.open(FIXTURES / "anim-alpha-x265.bpg") as im:  # animation: own decoder
                im.seek(1)
                frames = list(bpgr.frames(FIXTURES / "anim-alpha-x265.bpg", restore=model,
                                          precision="fp32", threads=1))
                assert np.array_equal(np.asarray(im), frames[1][0])
        finally:
            bpgr.pillow.register()


def test_hostile_files_through_pillow(tmp_path):
    """The robustness suite's hostile files through Image.open and load():
    pixels, UnidentifiedImageError (invalid header), Pillow's own
    DecompressionBombError (huge header sizes, as for every format) or
    bpgr.Error, nothing else and never a crash."""
    import warnings
    import subprocess
    from conftest import env_path
    generator = env_path("BPGR_HOSTILE_GENERATOR")
    subprocess.run([str(generator), str(FIXTURES), "20241125", "300000", "600", "--write",
                    str(tmp_path)], check=True, capture_output=True)
    outcomes = {"loaded": 0, "unidentified": 0, "bomb": 0, "error": 0}
    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
    for name in sorted(os.listdir(tmp_path)):
        if not name.endswith(".bpg"):
            continue
        try:
            with Image.open(tmp_path / name) as im:
                for frame in range(min(getattr(im, "n_frames", 1), 3)):
                    im.seek(frame)
                    im.load()
            outcomes["loaded"] += 1
        except UnidentifiedImageError:
            outcomes["unidentified"] += 1
        except Image.DecompressionBombError:
            outcomes["bomb"] += 1
        except bpgr.Error as e:
            assert e.message, name
            outcomes["error"] += 1
    print(outcomes)
    assert outcomes["loaded"] > 20 and outcomes["unidentified"] + outcomes["error"] > 20, outcomes
