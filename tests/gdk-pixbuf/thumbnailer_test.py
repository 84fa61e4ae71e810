#!/usr/bin/env python3
"""gdk-pixbuf suite: gdk-pixbuf-thumbnailer (a real program) thumbnails .bpg
files through the loader module.

thumbnailer_test.py FIXTURE_DIR

Runs with the build tree's loader cache and MIME database (meson sets
GDK_PIXBUF_MODULE_FILE and XDG_DATA_HOME). Checks: a still image thumbnailed
at its own size is a PNG whose pixels have the md5 the manifest records for
the reference decoder (md5_rgb8); a larger image is scaled down to the
requested size; an animation gives a thumbnail of its first frame; a damaged
file makes the thumbnailer fail without writing a thumbnail. Exit 77 (skip)
when gdk-pixbuf-thumbnailer is not installed.
"""
import csv
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def png_pixels(path):
    """(width, height, channels, raw pixel bytes) of an 8-bit RGB/RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color_type, _, _, interlace = header
    if depth != 8 or color_type not in (2, 6) or interlace:
        raise ValueError(f"unexpected PNG layout depth {depth} colour type {color_type}")
    channels = 3 if color_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    out, prev = bytearray(), bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return width, height, channels, bytes(out)


def main():
    thumbnailer = shutil.which("gdk-pixbuf-thumbnailer")
    if not thumbnailer:
        print("gdk-pixbuf-thumbnailer is not installed: skipped")
        return 77
    fixture_dir = sys.argv[1]
    with open(os.path.join(fixture_dir, "manifest.tsv"), newline="") as f:
        manifest = {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}
    failures = []
    # In a sanitizer build the module needs the sanitizer runtimes preloaded into the
    # (uninstrumented) thumbnailer; meson passes them here, not to this interpreter.
    child_env = dict(os.environ)
    if os.environ.get("BPGR_HOST_PRELOAD"):
        child_env["LD_PRELOAD"] = os.environ["BPGR_HOST_PRELOAD"]
    with tempfile.TemporaryDirectory(prefix="bpgr-thumb-") as tmp:
        def thumbnail(name, size, src=None):
            out = os.path.join(tmp, name + ".png")
            r = subprocess.run([thumbnailer, "-s", str(size), src or os.path.join(fixture_dir, name), out],
                               capture_output=True, text=True, timeout=60, env=child_env)
            return r, out

        # Exact pixels at the native size (no scaling).
        for name in ("grid-b8-444-bt709.bpg", "alpha-straight-420-b10.bpg", "cmyk-444-b8.bpg",
                     "ext-png-iccp.bpg"):
            row = manifest[name]
            size = max(int(row["width"]), int(row["height"]))
            r, out = thumbnail(name, size)
            if r.returncode != 0 or not os.path.exists(out):
                failures.append(f"{name}: exit {r.returncode}: {r.stderr.strip()}")
                continue
            w, h, channels, pixels = png_pixels(out)
            if (w, h) != (int(row["width"]), int(row["height"])) or channels != int(row["channels"]):
                failures.append(f"{name}: thumbnail {w}x{h}x{channels}, expected "
                                f"{row['width']}x{row['height']}x{row['channels']}")
            elif hashlib.md5(pixels).hexdigest() != row["md5_rgb8"]:
                failures.append(f"{name}: thumbnail pixels differ from the reference decode")

        # Scaled down: the longer side becomes the requested size.
        r, out = thumbnail("bench-2048-420-q28.bpg", 128)
        if r.returncode != 0 or png_pixels(out)[:2] != (128, 128):
            failures.append(f"bench-2048-420-q28.bpg at 128: exit {r.returncode} {r.stderr.strip()}")

        # An animation: thumbnail of its first frame (5x3 frames are tiny: native size).
        r, out = thumbnail("anim-delays-loop3.bpg", 80)
        if r.returncode != 0 or png_pixels(out)[:2] != (80, 48):
            failures.append(f"anim-delays-loop3.bpg: exit {r.returncode} {r.stderr.strip()}")

        # Damaged: the header's colour space field set to an invalid value.
        with open(os.path.join(fixture_dir, "grid-b8-420-ycbcr.bpg"), "rb") as f:
            data = bytearray(f.read())
        data[5] = (data[5] & 0x0F) | 0x60
        bad = os.path.join(tmp, "damaged.bpg")
        with open(bad, "wb") as f:
            f.write(data)
        r, out = thumbnail("damaged", 64, src=bad)
        if r.returncode == 0 or os.path.exists(out):
            failures.append("damaged file: the thumbnailer succeeded or left a thumbnail")
        elif "invalid color space" not in r.stderr:
            failures.append(f"damaged file: the library's message is not in the output: {r.stderr.strip()}")

    for f in failures:
        print("FAIL", f, file=sys.stderr)
    print(f"gdk-pixbuf-thumbnailer on .bpg files: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
