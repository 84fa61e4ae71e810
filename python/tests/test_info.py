"""bpgr.info and the metadata against bpgdec -i (info.tsv, and the built
bpgdec), manifest.tsv's extension column, and the decoder's own view."""
import struct
import subprocess
import zlib

import pytest

import bpgr
from conftest import FIXTURES, MANIFEST, env_path, fixture_ids, read_tsv

INFO = {r["file"]: r for r in read_tsv("info.tsv")}


@pytest.mark.parametrize("row", MANIFEST, ids=fixture_ids(MANIFEST))
def test_info_equals_bpgdec_i(row):
    path = FIXTURES / row["file"]
    info = bpgr.info(path)
    assert str(info) == INFO[row["file"]]["stdout"]
    # Fields against the manifest (which has what -i does not print).
    assert (info.width, info.height, info.bit_depth) == (
        int(row["width"]), int(row["height"]), int(row["bit_depth"]))
    assert info.format == row["format"]
    assert info.color_space == row["color_space"]
    assert info.has_alpha == (row["alpha"] != "none")
    assert info.premultiplied_alpha == (row["alpha"] == "premul")
    assert info.has_w_plane == (row["w_plane"] == "1")
    assert info.limited_range == (row["limited_range"] == "1")
    assert info.animation == (row["animation"] == "1")
    assert info.loop_count == int(row["loop_count"])
    assert info.channels == int(row["channels"])
    extensions = [f"{e.tag}:{len(e.data)}" for e in info.extensions]
    assert (",".join(extensions) or "-") == row["extensions"]
    # The decoder's view of the same header and records (after decoding).
    pixels, decoded_info = bpgr.Decoder().decode_with_info(path)
    assert decoded_info == info
    assert pixels.shape[:2] == (info.height, info.width)


def test_info_equals_the_built_bpgdec():
    bpgdec = env_path("BPGR_BPGDEC")
    for row in MANIFEST:
        path = FIXTURES / row["file"]
        out = subprocess.run([str(bpgdec), "-i", str(path)], capture_output=True, check=True)
        assert out.stdout.decode() == str(bpgr.info(path)), row["file"]


def test_metadata_bytes():
    info = bpgr.info(FIXTURES / "ext-jpeg-exif-xmp-icc.bpg")
    # ICC: header size field and signature (ICC.1 section 7.2).
    assert struct.unpack(">I", info.icc_profile[:4])[0] == len(info.icc_profile)
    assert info.icc_profile[36:40] == b"acsp"
    # EXIF: a TIFF structure (byte order mark, 42); XMP packet.
    assert info.exif[:4] in (b"II*\0", b"MM\0*")
    assert b"x:xmpmeta" in info.xmp
    assert [e.name for e in info.extensions] == ["EXIF", "XMP", "ICC profile"]
    plain = bpgr.info(FIXTURES / "photo-320x240-420-q28.bpg")
    assert (plain.exif, plain.icc_profile, plain.xmp, plain.extensions) == (None, None, None, ())
    crafted = bpgr.info(FIXTURES / "ext-crafted-thumb-unknown.bpg")
    names = [e.name for e in crafted.extensions]
    assert "Unknown" in names and "Thumbnail" in names
    thumbnail = next(e.data for e in crafted.extensions if e.name == "Thumbnail")
    assert bpgr.decode(thumbnail).shape == (8, 8, 3)  # a complete BPG file


def _png_iccp(png):
    pos = 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        if kind == b"iCCP":
            name_end = body.index(b"\0")
            return zlib.decompress(body[name_end + 2:])
        pos += 12 + length
    return None


def test_icc_profile_equals_what_bpgdec_writes_to_png(tmp_path):
    bpgdec = env_path("BPGR_BPGDEC")
    for name in ("ext-jpeg-exif-xmp-icc.bpg", "ext-png-iccp.bpg", "anim-iccp-keepmeta.bpg"):
        out = tmp_path / "x.png"
        subprocess.run([str(bpgdec), "-o", str(out), str(FIXTURES / name)], check=True)
        icc = bpgr.info(FIXTURES / name).icc_profile
        assert icc is not None and _png_iccp(out.read_bytes()) == icc, name


def test_info_does_not_decode():
    """info() reads the header only: a file cut right after its header
    still gives its info, which a decode refuses."""
    data = (FIXTURES / "ext-jpeg-exif-xmp-icc.bpg").read_bytes()
    full = bpgr.info(data)
    header_end = len(data) - 1
    while header_end > 0:  # shortest prefix whose info equals the full file's
        try:
            if bpgr.info(data[:header_end - 1]) != full:
                break
        except bpgr.Error:
            break
        header_end -= 1
    assert header_end < len(data) - 100
    with pytest.raises(bpgr.Error):
        bpgr.decode(data[:header_end])
