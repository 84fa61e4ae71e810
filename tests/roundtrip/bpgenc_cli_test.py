#!/usr/bin/env python3
"""bpgenc command-line round trips (suite 'roundtrip').

usage: bpgenc_cli_test.py BPGENC BPGDEC FIXTURE_DIR MODE [ARG]
  MODE fixture NAME  encode src/NAME's source with the reference's recorded
                     arguments; `bpgdec -i` must print exactly what it prints
                     for the reference file, and the pictures must be close
  MODE options       defaults, errors, stdin/stdout, atomic output
  MODE png-kinds     palette, tRNS, 1/2/4/16-bit gray PNGs
"""
import math
import os
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pylib'))
from ppm import parse_ppm  # noqa: E402


def run(cmd, check=True, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if check and r.returncode != 0:
        sys.exit('FAIL: %s -> %d\n%s' % (' '.join(cmd), r.returncode, r.stderr.decode(errors='replace')))
    return r


def read_ppm(path):
    with open(path, 'rb') as f:
        return parse_ppm(f.read())


def psnr(a, b):
    assert len(a) == len(b), 'size mismatch'
    sse = sum((x - y) * (x - y) for x, y in zip(a, b))
    return float('inf') if sse == 0 else 10 * math.log10(255.0 * 255.0 * len(a) / sse)


def manifest(fixture_dir):
    rows = {}
    with open(os.path.join(fixture_dir, 'bpg', 'manifest.tsv')) as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            row = dict(zip(header, line.rstrip('\n').split('\t')))
            rows[row['file']] = row
    return rows


def duration_seis(bpg):
    """Tick counts of the frame-duration SEIs, in file order."""
    out, marker = [], bytes([0x4E, 0x01, 0xFF, 0x02, 0x02])
    pos = bpg.find(marker)
    while pos >= 0:
        out.append((bpg[pos + 5] << 8) | bpg[pos + 6])
        pos = bpg.find(marker, pos + 1)
    return out


def check(cond, message):
    if not cond:
        sys.exit('FAIL: ' + message)


def mode_fixture(bpgenc, bpgdec, fixture_dir, name, tmp):
    row = manifest(fixture_dir)[name + '.bpg']
    args = row['bpgenc_args'].split()
    # The reference's JCTVC runs become x265 runs: header facts stay the same.
    while '-e' in args:
        i = args.index('-e')
        del args[i:i + 2]
    i = args.index('-o')
    del args[i:i + 2]
    src = os.path.join(fixture_dir, 'src')
    args = [a if a.startswith('-') or not os.path.exists(os.path.join(src, a.replace('%d', '1')))
            else os.path.join(src, a) for a in args]
    args = [os.path.join(src, a) if a.endswith('.txt') else a for a in args]
    ours = os.path.join(tmp, 'ours.bpg')
    run([bpgenc, '-o', ours] + args)
    ref = os.path.join(fixture_dir, 'bpg', name + '.bpg')
    info_ours = run([bpgdec, '-i', ours]).stdout.decode()
    info_ref = run([bpgdec, '-i', ref]).stdout.decode()
    check(info_ours == info_ref, 'bpgdec -i differs:\nours:\n%s\nreference:\n%s' % (info_ours, info_ref))
    run([bpgdec, '-o', os.path.join(tmp, 'ours.ppm'), ours])
    run([bpgdec, '-o', os.path.join(tmp, 'ref.ppm'), ref])
    _, _, a = read_ppm(os.path.join(tmp, 'ours.ppm'))
    _, _, b = read_ppm(os.path.join(tmp, 'ref.ppm'))
    value = psnr(a, b)
    check(value > 28, 'our picture is far from the reference picture: %.2f dB' % value)
    if '-delayfile' in args:
        # ad-delays.txt: 10 20 5 40 15 cs at 20 fps -> 2 4 1 8 3 ticks; SEIs only for > 1.
        check(duration_seis(open(ours, 'rb').read()) == [2, 4, 8, 3], 'frame durations')
        frames = run([bpgdec, '--all-frames', '-o', os.path.join(tmp, 'f%02d.ppm'), ours])
        check(len([f for f in os.listdir(tmp) if f.startswith('f') and f.endswith('.ppm')]) == 5,
              'animation frame count')
    print('ok %s: %.2f dB vs reference decode, %d vs %d bytes' %
          (name, value, os.path.getsize(ours), os.path.getsize(ref)))


def write_png(path, width, height, color_type, depth, rows, extra=b''):
    def chunk(kind, body):
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))
    raw = b''.join(b'\x00' + r for r in rows)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, depth, color_type, 0, 0, 0))
                + extra + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def chunk_bytes(kind, body):
    return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))


def info_of(bpgdec, path):
    return run([bpgdec, '-i', path]).stdout.decode()


def mode_png_kinds(bpgenc, bpgdec, tmp):
    w, h = 13, 7
    out = os.path.join(tmp, 'x.bpg')
    # Palette with tRNS -> RGB + alpha.
    palette = bytes(c for i in range(4) for c in (i * 60, 255 - i * 60, 30))
    rows = [bytes((x + y) % 4 for x in range(w)) for y in range(h)]
    p = os.path.join(tmp, 'pal.png')
    write_png(p, w, h, 3, 8, rows, chunk_bytes(b'PLTE', palette) + chunk_bytes(b'tRNS', bytes((0, 128, 255, 255))))
    run([bpgenc, '-o', out, p])
    info = info_of(bpgdec, out)
    check('alpha=1' in info and 'format=4:2:0' in info, 'palette+tRNS: ' + info)
    # Low-depth gray (packed rows) and 16-bit gray.
    for depth in (1, 2, 4, 16):
        if depth == 16:
            rows = [b''.join(struct.pack('>H', (x * 5000 + y * 300) & 0xFFFF) for x in range(w)) for y in range(h)]
        else:
            per_byte = 8 // depth
            rows = []
            for y in range(h):
                vals = [(x + y) % (1 << depth) for x in range(w)]
                vals += [0] * (-len(vals) % per_byte)
                rows.append(bytes(sum(v << (8 - depth * (k + 1)) for k, v in enumerate(vals[i:i + per_byte]))
                                  for i in range(0, len(vals), per_byte)))
        p = os.path.join(tmp, 'g%d.png' % depth)
        write_png(p, w, h, 0, depth, rows)
        run([bpgenc, '-lossless', '-o', out, p])
        check('format=Gray' in info_of(bpgdec, out), 'gray %d-bit' % depth)
        run([bpgdec, '-o', os.path.join(tmp, 'g.ppm'), out])
        _, _, dec = read_ppm(os.path.join(tmp, 'g.ppm'))
        if depth < 16:
            scale = 255 // ((1 << depth) - 1)
            want = bytes(v for y in range(h) for x in range(w) for v in [((x + y) % (1 << depth)) * scale] * 3)
            check(dec == want, 'lossless gray %d-bit is not exact' % depth)
    # Gray + tRNS -> gray + alpha.
    p = os.path.join(tmp, 'gt.png')
    write_png(p, w, h, 0, 8, [bytes((x * 20) for x in range(w)) for _ in range(h)], chunk_bytes(b'tRNS', b'\x00\x00'))
    run([bpgenc, '-o', out, p])
    check('alpha=1' in info_of(bpgdec, out), 'gray tRNS -> alpha')
    print('ok png kinds')


def mode_options(bpgenc, bpgdec, fixture_dir, tmp):
    src = os.path.join(fixture_dir, 'src', 'alpha-straight-444-b8.png')
    out = os.path.join(tmp, 'o.bpg')
    # Defaults: -q 29, 4:2:0, YCbCr, 8 bits, output out.bpg in the cwd.
    run([bpgenc, src], cwd=tmp)
    info = info_of(bpgdec, os.path.join(tmp, 'out.bpg'))
    check(info.startswith('size=44x44 color_space=YCbCr alpha=1 premul=0 format=4:2:0 limited_range=0 bit_depth=8'), info)
    run([bpgenc, '-q', '29', '-m', '8', '-o', out, src])
    check(open(out, 'rb').read() == open(os.path.join(tmp, 'out.bpg'), 'rb').read(), 'defaults are -q 29 -m 8')
    # -lossless then later options override.
    run([bpgenc, '-lossless', '-o', out, src])
    check('color_space=RGB alpha=1 premul=0 format=4:4:4' in info_of(bpgdec, out), 'lossless -> RGB 4:4:4')
    run([bpgenc, '-lossless', '-c', 'ycgco', '-b', '10', '-o', out, src])
    info = info_of(bpgdec, out)
    check('color_space=YCgCo' in info and 'bit_depth=10' in info, 'later options override -lossless: ' + info)
    run([bpgenc, '-premul', '-limitedrange', '-hash', '-alphaq', '40', '-f', '422_video', '-o', out, src])
    info = info_of(bpgdec, out)
    check('premul=1' in info and 'format=4:2:2_video' in info and 'limited_range=1' in info, info)
    # Clear refusals.
    r = run([bpgenc, '-e', 'jctvc', '-o', out, src], check=False)
    check(r.returncode == 1 and b'not available' in r.stderr, 'jctvc: %r' % r.stderr)
    for bad in (['-q', '52'], ['-q', '-1'], ['-b', '7'], ['-b', '13'], ['-f', '411'], ['-c', 'xyz'], ['-bogus']):
        r = run([bpgenc] + bad + ['-o', out, src], check=False)
        check(r.returncode == 1 and r.stderr.startswith(b'bpgenc: '), 'refused %s' % bad)
    r = run([bpgenc, '-q', '52', src], check=False)
    check(b'qp must be between 0 and 51' in r.stderr, 'qp message')
    r = run([bpgenc, '-h'], check=False)
    check(b'-keepmetadata' in r.stdout, 'help lists the options')
    # Atomic output: a failing encode leaves the existing file alone and no temporary.
    with open(out, 'wb') as f:
        f.write(b'keep me')
    not_an_image = os.path.join(tmp, 'bad.png')
    with open(not_an_image, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\nbroken')
    r = run([bpgenc, '-o', out, not_an_image], check=False)
    check(r.returncode == 1, 'broken input fails')
    check(open(out, 'rb').read() == b'keep me', 'output untouched on failure')
    check(not [f for f in os.listdir(tmp) if '.tmp-' in f], 'no temporary file left')
    # stdin -> stdout.
    r = subprocess.run([bpgenc, '-o', '-', '-'], input=open(src, 'rb').read(), stdout=subprocess.PIPE, check=True)
    check(r.stdout[:4] == b'BPG\xfb', 'stdout output')
    with open(out, 'wb') as f:
        f.write(r.stdout)
    check('size=44x44' in info_of(bpgdec, out), 'stdin input')
    # -v writes x265's log to stderr, still a valid file.
    r = run([bpgenc, '-v', '-o', out, src])
    check(len(r.stderr) > 0, '-v logs')
    print('ok options')


def main():
    bpgenc, bpgdec, fixture_dir = (os.path.abspath(p) for p in sys.argv[1:4])
    mode = sys.argv[4]
    with tempfile.TemporaryDirectory() as tmp:
        if mode == 'fixture':
            mode_fixture(bpgenc, bpgdec, fixture_dir, sys.argv[5], tmp)
        elif mode == 'options':
            mode_options(bpgenc, bpgdec, fixture_dir, tmp)
        elif mode == 'png-kinds':
            mode_png_kinds(bpgenc, bpgdec, tmp)
        else:
            sys.exit('unknown mode ' + mode)


if __name__ == '__main__':
    main()
