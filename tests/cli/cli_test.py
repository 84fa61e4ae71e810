#!/usr/bin/env python3
"""CLI tests for bpgdec (suite 'cli').

cli_test.py BPGDEC FIXTURE_DIR fixture FILE.bpg   every output of one fixture
cli_test.py BPGDEC FIXTURE_DIR errors             failures: exit status, message, no file
cli_test.py BPGDEC FIXTURE_DIR stdio              '-' as input and output
cli_test.py BPGDEC FIXTURE_DIR help               -h / no argument text

Expected values come from fixtures/bpg/{manifest,frames,info}.tsv (see the
README there); decoded PNG/PPM files are read back here and hashed as the
manifest defines the pixel md5.
"""
import hashlib
import math
import os
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from ppm import parse_ppm  # noqa: E402

REFERENCE_HELP = (
    "BPG Image Decoder version 0.9.8\n"
    "usage: bpgdec [options] infile\n"
    "Options:\n"
    "-o outfile.[ppm|png]   set the output filename (default = out.png)\n"
    "-b bit_depth           PNG output only: use bit_depth per component (8 or 16, default = 8)\n"
    "-i                     display information about the image\n")


class Failures:
    def __init__(self, subject):
        self.subject = subject
        self.count = 0
        self.checks = 0

    def check(self, what, condition, detail=""):
        self.checks += 1
        if not condition:
            self.count += 1
            print(f"FAIL {self.subject}: {what} {detail}".rstrip(), file=sys.stderr)
        return condition

    def eq(self, what, expected, actual):
        return self.check(what, expected == actual, f"expected {expected!r}, got {actual!r}")


def unescape(field):
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 1 < len(field):
            nxt = field[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    return [dict(zip(header, map(unescape, line.split("\t")))) for line in lines[1:] if line]


def run(bpgdec, args, stdin=None):
    return subprocess.run([bpgdec] + args, input=stdin, capture_output=True, timeout=300)


# ---- image readers -------------------------------------------------------

def read_ppm(data):
    """P6 maxval 255 -> (width, height, pixel bytes)."""
    return parse_ppm(data)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(data):
    """Non-interlaced 8/16-bit RGB/RGBA PNG -> dict with pixels (16-bit as LE)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, chunks, ihdr = 8, [], [], None
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(ctype + body) != crc:
            raise ValueError(f"bad CRC in {ctype!r}")
        chunks.append((ctype, body))
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, color_type, _, _, interlace = ihdr
    if color_type not in (2, 6) or depth not in (8, 16) or interlace != 0:
        raise ValueError(f"unexpected PNG type {color_type}/{depth}/{interlace}")
    channels = 3 if color_type == 2 else 4
    bpp = channels * depth // 8
    row_bytes = width * bpp
    raw = zlib.decompress(b"".join(idat))
    if len(raw) != height * (row_bytes + 1):
        raise ValueError("wrong IDAT size")
    out = bytearray()
    prev = bytes(row_bytes)
    for y in range(height):
        start = y * (row_bytes + 1)
        ftype, line = raw[start], raw[start + 1:start + 1 + row_bytes]
        if ftype == 0:
            cur = bytes(line)
        elif ftype == 2:
            cur = bytes((a + b) & 255 for a, b in zip(line, prev))
        else:
            cur = bytearray(line)
            for i in range(row_bytes):
                left = cur[i - bpp] if i >= bpp else 0
                up = prev[i]
                if ftype == 1:
                    pred = left
                elif ftype == 3:
                    pred = (left + up) >> 1
                elif ftype == 4:
                    pred = paeth(left, up, prev[i - bpp] if i >= bpp else 0)
                else:
                    raise ValueError(f"bad filter type {ftype}")
                cur[i] = (cur[i] + pred) & 255
            cur = bytes(cur)
        out += cur
        prev = cur
    if depth == 16:  # PNG is big-endian; the manifest hashes little-endian
        swapped = bytearray(len(out))
        swapped[0::2], swapped[1::2] = out[1::2], out[0::2]
        out = swapped
    return {"width": width, "height": height, "channels": channels, "depth": depth,
            "pixels": bytes(out), "chunks": chunks}


def md5(data):
    return hashlib.md5(data).hexdigest()


def leftovers(directory, keep):
    return sorted(set(os.listdir(directory)) - set(keep))


# ---- modes ---------------------------------------------------------------

def check_fixture(bpgdec, fixture_dir, name):
    fail = Failures(name)
    row = next(r for r in read_tsv(os.path.join(fixture_dir, "manifest.tsv")) if r["file"] == name)
    frames = [r for r in read_tsv(os.path.join(fixture_dir, "frames.tsv")) if r["file"] == name]
    frames.sort(key=lambda r: int(r["frame"]))
    info = next(r for r in read_tsv(os.path.join(fixture_dir, "info.tsv")) if r["file"] == name)
    path = os.path.join(fixture_dir, name)
    has_alpha = row["alpha"] != "none"

    # -i: exact reference text.
    r = run(bpgdec, ["-i", path])
    fail.eq("-i exit status", int(info["exit_code"]), r.returncode)
    fail.eq("-i stdout", info["stdout"], r.stdout.decode())

    # --md5, default format and every manifest column.
    cases = [([], "md5_rgb8"), (["-b", "16"], "md5_rgb16"),
             (["--format", "rgba32" if has_alpha else "rgb24"], "md5_rgb8"),
             (["--format", "rgba64" if has_alpha else "rgb48"], "md5_rgb16"),
             (["--format", "rgb24"], "md5_rgb24"), (["--format", "cmyk32"], "md5_cmyk32"),
             (["--format", "cmyk64"], "md5_cmyk64")]
    for args, column in cases:
        r = run(bpgdec, ["--md5"] + args + [path])
        if fail.eq(f"--md5 {' '.join(args)} exit status", 0, r.returncode):
            fail.eq(f"--md5 {' '.join(args)} ({column})", row[column] + "\n", r.stdout.decode())
        else:
            print(r.stderr.decode(), file=sys.stderr)

    # Single frames (animations: each one) against frames.tsv.
    for f in frames:
        if len(frames) == 1 and f["frame"] != "0":
            continue
        r = run(bpgdec, ["--md5", "--frame", f["frame"], path])
        fail.eq(f"--md5 --frame {f['frame']}", f["md5_rgb8"] + "\n", r.stdout.decode())
    r = run(bpgdec, ["--md5", "--frame", str(len(frames)), path])
    fail.check("--frame past the last frame fails", r.returncode != 0 and r.stderr)

    with tempfile.TemporaryDirectory(prefix="bpgdec-cli-") as tmp:
        # PNG 8 and 16 bit, PPM: frame 0 as the reference bpgdec writes it.
        for args, out, column in ((["-o"], "x.png", "md5_rgb8"),
                                  (["-b", "16", "-o"], "x16.png", "md5_rgb16"),
                                  (["-o"], "x.ppm", "md5_rgb24"),
                                  (["-b", "16", "-o"], "x", "md5_rgb24"),
                                  (["-o"], "x.PPM", "md5_rgb24")):
            target = os.path.join(tmp, out)
            r = run(bpgdec, args + [target, path])
            if not fail.eq(f"{' '.join(args)} {out} exit status", 0, r.returncode):
                print(r.stderr.decode(), file=sys.stderr)
                continue
            with open(target, "rb") as f:
                data = f.read()
            if out.endswith(".png"):
                png = read_png(data)
                fail.eq(f"{out} channels", 4 if has_alpha else 3, png["channels"])
                fail.eq(f"{out} depth", 16 if "16" in out else 8, png["depth"])
                fail.eq(f"{out} size", (int(row["width"]), int(row["height"])),
                        (png["width"], png["height"]))
                fail.eq(f"{out} pixels ({column} frame 0)", frames[0][column], md5(png["pixels"]))
                iccp = [body for ctype, body in png["chunks"] if ctype == b"iCCP"]
                icc_sizes = [int(e.split(":")[1]) for e in row["extensions"].split(",")
                             if e.startswith("2:")]
                if icc_sizes:
                    if fail.eq(f"{out} iCCP chunks", 1, len(iccp)):
                        profile = zlib.decompress(iccp[0][iccp[0].index(b"\0") + 2:])
                        fail.eq(f"{out} iCCP profile size", icc_sizes[0], len(profile))
                else:
                    fail.eq(f"{out} iCCP chunks", 0, len(iccp))
            else:
                width, height, pixels = read_ppm(data)
                fail.eq(f"{out} size", (int(row["width"]), int(row["height"])), (width, height))
                fail.eq(f"{out} pixels ({column} frame 0)", frames[0][column], md5(pixels))
        fail.eq("no temporary files left", [], [n for n in os.listdir(tmp) if ".tmp-" in n])

        # --all-frames: one file per frame.
        pattern = os.path.join(tmp, "frame-%03d.ppm")
        r = run(bpgdec, ["--all-frames", "-o", pattern, path])
        fail.eq("--all-frames exit status", 0, r.returncode)
        for f in frames:
            target = pattern % int(f["frame"])
            if fail.check(f"--all-frames wrote {os.path.basename(target)}", os.path.exists(target)):
                with open(target, "rb") as fh:
                    fail.eq(f"--all-frames frame {f['frame']}", f["md5_rgb24"],
                            md5(read_ppm(fh.read())[2]))
        fail.check("--all-frames wrote no extra frame",
                   not os.path.exists(pattern % len(frames)))

        # --hevc: an Annex-B stream starting with a VPS NAL unit.
        hevc = os.path.join(tmp, "color.hevc")
        r = run(bpgdec, ["--hevc", hevc, path])
        if fail.eq("--hevc exit status", 0, r.returncode):
            with open(hevc, "rb") as fh:
                stream = fh.read()
            start = stream.find(b"\0\0\1")
            fail.check("--hevc stream starts with a VPS",
                       start >= 0 and start + 3 < len(stream) and (stream[start + 3] >> 1) == 32)
    print(f"{name}: {fail.checks} checks, {fail.count} failed")
    return fail.count == 0


def check_errors(bpgdec, fixture_dir):
    fail = Failures("errors")
    good = os.path.join(fixture_dir, "grid-b8-420-ycbcr.bpg")
    with tempfile.TemporaryDirectory(prefix="bpgdec-cli-") as tmp:
        def case(what, args, stdin=None, message=None):
            r = run(bpgdec, args, stdin)
            fail.check(f"{what}: non-zero exit", r.returncode != 0, f"(got {r.returncode})")
            err = r.stderr.decode()
            fail.check(f"{what}: message on stderr", err.strip() != "")
            if message:
                fail.check(f"{what}: message mentions {message!r}", message in err, repr(err))
            fail.eq(f"{what}: no output file", [], leftovers(tmp, keep_files))
            return r

        garbage = os.path.join(tmp, "garbage.bpg")
        with open(garbage, "wb") as f:
            f.write(b"this is not a BPG file at all" * 10)
        with open(good, "rb") as f:
            good_bytes = f.read()
        truncated = os.path.join(tmp, "truncated.bpg")
        with open(truncated, "wb") as f:
            f.write(good_bytes[:9])
        keep_files = ["garbage.bpg", "truncated.bpg"]
        out = os.path.join(tmp, "out.png")
        case("missing input", ["-o", out, os.path.join(tmp, "missing.bpg")], message="missing.bpg")
        case("-b 12", ["-b", "12", "-o", out, good], message="bit_depth")
        case("-b x", ["-b", "x", "-o", out, good], message="bit_depth")
        case("garbage input", ["-o", out, garbage], message="Could not decode image")
        case("truncated input", ["-o", out, truncated], message="Could not decode image")
        case("garbage -i", ["-i", garbage], message="Not a BPG image")
        case("garbage stdin", ["-o", out, "-"], stdin=b"\0" * 64)
        case("unknown option", ["--no-such-option", good])
        case("bad --format", ["--md5", "--format", "yuv", good], message="yuv")
        case("bad --frame", ["--md5", "--frame", "-1", good])
        case("bad --threads", ["--threads", "many", "-o", out, good])
        case("--all-frames without a pattern", ["--all-frames", "-o", out, good], message="pattern")
        case("unwritable output", ["-o", os.path.join(tmp, "no-dir", "x.png"), good])
        own = os.path.join(tmp, "own.bpg")
        with open(own, "wb") as f:
            f.write(good_bytes)
        keep_files.append("own.bpg")
        case("output over the input", ["-o", own, own], message="overwrite")
        with open(own, "rb") as f:
            fail.check("input left unchanged", f.read() == good_bytes)
        # -b is ignored for PPM, as in the reference.
        r = run(bpgdec, ["-b", "12", "-o", os.path.join(tmp, "ok.ppm"), good])
        fail.eq("-b 12 with PPM output", 0, r.returncode)
    print(f"errors: {fail.checks} checks, {fail.count} failed")
    return fail.count == 0


def check_stdio(bpgdec, fixture_dir):
    fail = Failures("stdio")
    rows = {r["file"]: r for r in read_tsv(os.path.join(fixture_dir, "manifest.tsv"))}
    infos = {r["file"]: r for r in read_tsv(os.path.join(fixture_dir, "info.tsv"))}
    for name in ("grid-b8-420-ycbcr.bpg", "alpha-straight-420-b10.bpg"):
        with open(os.path.join(fixture_dir, name), "rb") as f:
            data = f.read()
        r = run(bpgdec, ["-o", "-", "-"], stdin=data)
        if fail.eq(f"{name} stdin -> stdout PPM exit status", 0, r.returncode):
            fail.eq(f"{name} stdout PPM pixels", rows[name]["md5_rgb24"], md5(read_ppm(r.stdout)[2]))
        r = run(bpgdec, ["--md5", "-"], stdin=data)
        fail.eq(f"{name} --md5 from stdin", rows[name]["md5_rgb8"] + "\n", r.stdout.decode())
        r = run(bpgdec, ["-i", "-"], stdin=data)
        fail.eq(f"{name} -i from stdin", infos[name]["stdout"], r.stdout.decode())
    print(f"stdio: {fail.checks} checks, {fail.count} failed")
    return fail.count == 0


def check_help(bpgdec, fixture_dir):
    fail = Failures("help")
    for args in (["-h"], ["--help"], []):
        r = run(bpgdec, args)
        fail.eq(f"{args} exit status", 1, r.returncode)
        text = r.stdout.decode()
        fail.check(f"{args} starts with the reference help", text.startswith(REFERENCE_HELP))
        for option in ("--frame", "--all-frames", "--md5", "--format", "--hevc", "--threads",
                       "--restore", "--model", "--precision", "--psnr"):
            fail.check(f"{args} documents {option}", option in text)
    print(f"help: {fail.checks} checks, {fail.count} failed")
    return fail.count == 0


def check_psnr(bpgdec, fixture_dir):
    """--psnr: the value printed equals PSNR computed here from the PPM output."""
    fail = Failures("psnr")
    src_dir = os.path.join(os.path.dirname(os.path.abspath(fixture_dir)), "src")
    name = "alpha-straight-444-b8"
    bpg = os.path.join(fixture_dir, name + ".bpg")
    with open(os.path.join(src_dir, name + ".png"), "rb") as f:
        original = read_png(f.read())
    r = run(bpgdec, ["-o", "-", bpg])
    _, _, decoded = read_ppm(r.stdout)
    ref = original["pixels"]
    if original["channels"] == 4:
        ref = bytes(b for i, b in enumerate(ref) if i % 4 != 3)
    mse = sum((a - b) ** 2 for a, b in zip(ref, decoded)) / len(ref)
    expected = 10 * math.log10(255 * 255 / mse)
    r = run(bpgdec, ["--psnr", os.path.join(src_dir, name + ".png"), bpg])
    if fail.eq("--psnr exit status", 0, r.returncode):
        fail.eq("--psnr value", f"PSNR {expected:.4f} dB\n", r.stdout.decode())
    # Against the reference decoder's own output the decode is exact.
    r = run(bpgdec, ["--psnr", os.path.join(fixture_dir, "png", "photo-320x240-420-q28.png"),
                     os.path.join(fixture_dir, "photo-320x240-420-q28.bpg")])
    fail.eq("--psnr against the reference decode", "PSNR inf dB\n", r.stdout.decode())
    # A reference of another size is an error with a message.
    r = run(bpgdec, ["--psnr", os.path.join(src_dir, name + ".png"),
                     os.path.join(fixture_dir, "photo-320x240-420-q28.bpg")])
    fail.check("--psnr size mismatch fails", r.returncode != 0 and b"--psnr" in r.stderr)
    print(f"psnr: {fail.checks} checks, {fail.count} failed")
    return fail.count == 0


def check_reference_pngs(bpgdec, fixture_dir):
    """bpgdec's PNG pixels equal the reference bpgdec's PNG files (fixtures/bpg/png)."""
    fail = Failures("reference-png")
    png_dir = os.path.join(fixture_dir, "png")
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(png_dir)):
            sixteen = name.endswith(".16.png")
            bpg = name[:-len(".16.png") if sixteen else -len(".png")] + ".bpg"
            out = os.path.join(tmp, name)
            args = (["-b", "16"] if sixteen else []) + ["-o", out, os.path.join(fixture_dir, bpg)]
            r = run(bpgdec, args)
            if not fail.eq(f"{name} exit status", 0, r.returncode):
                continue
            with open(os.path.join(png_dir, name), "rb") as f:
                want = read_png(f.read())
            with open(out, "rb") as f:
                got = read_png(f.read())
            for key in ("width", "height", "channels", "depth"):
                fail.eq(f"{name} {key}", want[key], got[key])
            fail.check(f"{name} pixels equal the reference PNG", want["pixels"] == got["pixels"])
    print(f"reference-png: {fail.checks} checks, {fail.count} failed")
    return fail.count == 0


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    bpgdec, fixture_dir, mode = argv[1], argv[2], argv[3]
    if mode == "fixture" and len(argv) == 5:
        ok = check_fixture(bpgdec, fixture_dir, argv[4])
    elif mode == "errors":
        ok = check_errors(bpgdec, fixture_dir)
    elif mode == "stdio":
        ok = check_stdio(bpgdec, fixture_dir)
    elif mode == "help":
        ok = check_help(bpgdec, fixture_dir)
    elif mode == "psnr":
        ok = check_psnr(bpgdec, fixture_dir)
    elif mode == "reference-png":
        ok = check_reference_pngs(bpgdec, fixture_dir)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
