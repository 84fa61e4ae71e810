#!/usr/bin/env python3
"""Quality parity of bpgenc against the reference bpgenc (libbpg 0.9.8).

Encodes every photo of a folder at QP 28, 38 and 43 with our bpgenc (default
options otherwise), decodes with our bpgdec, and compares file size and RGB
PSNR with the reference's numbers (encoder-reference.tsv).

usage: quality_parity.py BUILD_DIR PHOTO_DIR REFERENCE_TSV [--qp 28,38,43] [--extra "-m 8"] [--jobs N]
Python standard library only.
"""
import argparse
import concurrent.futures
import math
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib


def read_png_rgb(path):
    """8-bit RGB/RGBA/gray PNG -> (width, height, bytes RGB)."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError(path + ': not a PNG')
    pos, idat = 8, []
    width = height = depth = ctype = interlace = None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b'IHDR':
            width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
    if depth != 8 or interlace or ctype not in (0, 2, 4, 6):
        raise ValueError(path + ': only 8-bit non-interlaced gray/RGB(A) PNGs are supported')
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(b''.join(idat))
    stride = width * channels
    out = bytearray(stride * height)
    prev = bytearray(stride)
    for y in range(height):
        base = y * (stride + 1)
        ftype = raw[base]
        line = bytearray(raw[base + 1:base + 1 + stride])
        if ftype == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        out[y * stride:(y + 1) * stride] = line
        prev = line
    if channels == 3:
        return width, height, bytes(out)
    rgb = bytearray(width * height * 3)
    for i in range(width * height):
        if channels in (1, 2):
            v = out[i * channels]
            rgb[3 * i:3 * i + 3] = bytes((v, v, v))
        else:
            rgb[3 * i:3 * i + 3] = out[4 * i:4 * i + 3]
    return width, height, bytes(rgb)


def read_ppm(path):
    with open(path, 'rb') as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos) + 1
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b'P6' or int(fields[3]) != 255:
        raise ValueError(path + ': expected an 8-bit P6 PPM')
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def psnr(a, b):
    if len(a) != len(b):
        raise ValueError('size mismatch')
    sse = sum((x - y) * (x - y) for x, y in zip(a, b))
    if sse == 0:
        return float('inf')
    return 10 * math.log10(255.0 * 255.0 * len(a) / sse)


def load_reference(path):
    ref = {}
    with open(path) as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            row = dict(zip(header, line.rstrip('\n').split('\t')))
            ref[(row['photo'], int(row['qp']))] = row
    return ref


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('build_dir')
    ap.add_argument('photo_dir')
    ap.add_argument('reference_tsv')
    ap.add_argument('--qp', default='28,38,43')
    ap.add_argument('--extra', default='', help='extra bpgenc options')
    ap.add_argument('--jobs', type=int, default=1,
                    help='encodes run at once (our_s is wall time per encode, our_cpu_s its CPU time)')
    args = ap.parse_args()
    bpgenc = os.path.join(args.build_dir, 'cli', 'bpgenc', 'bpgenc')
    bpgdec = os.path.join(args.build_dir, 'cli', 'bpgdec', 'bpgdec')
    ref = load_reference(args.reference_tsv)
    qps = [int(q) for q in args.qp.split(',')]
    photos = sorted(p for p in os.listdir(args.photo_dir) if p.lower().endswith('.png'))
    totals = {q: [0, 0, 0.0, 0.0, 0, 0.0, 0.0, 0.0] for q in qps}
    print('photo\tqp\tref_bytes\tour_bytes\tbytes_ratio\tref_psnr\tour_psnr\tdelta_db\tref_s\tour_s\tour_cpu_s')
    with tempfile.TemporaryDirectory() as tmp:
        sources = {}

        def run(job):
            photo, q = job
            src = os.path.join(args.photo_dir, photo)
            bpg = os.path.join(tmp, '%s.%d.bpg' % (photo, q))
            ppm = os.path.join(tmp, '%s.%d.ppm' % (photo, q))
            t0 = time.perf_counter()
            proc = subprocess.Popen([bpgenc, '-q', str(q), '-o', bpg] + args.extra.split() + [src])
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                sys.exit('%s: bpgenc failed' % photo)
            cpu = usage.ru_utime + usage.ru_stime
            subprocess.run([bpgdec, '-o', ppm, bpg], check=True)
            dw, dh, dec = read_ppm(ppm)
            w, h, rgb = sources[photo]
            if (dw, dh) != (w, h):
                sys.exit('%s: decoded size %dx%d != %dx%d' % (photo, dw, dh, w, h))
            size, value = os.path.getsize(bpg), psnr(rgb, dec)
            os.remove(bpg)
            os.remove(ppm)
            return photo, q, size, value, seconds, cpu

        for photo in photos:
            sources[photo] = read_png_rgb(os.path.join(args.photo_dir, photo))
        jobs = [(photo, q) for photo in photos for q in qps]
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for photo, q, size, value, seconds, cpu in pool.map(run, jobs):
                r = ref.get((photo, q))
                if r is None:
                    print('%s\t%d\t-\t%d\t-\t-\t%.4f\t-\t-\t%.3f\t%.3f' % (photo, q, size, value, seconds, cpu))
                    continue
                rb, rp, rs = int(r['bytes']), float(r['psnr_rgb']), float(r['encode_s'])
                print('%s\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t%+.4f\t%.3f\t%.3f\t%.3f' %
                      (photo, q, rb, size, size / rb, rp, value, value - rp, rs, seconds, cpu), flush=True)
                t = totals[q]
                t[0] += rb; t[1] += size; t[2] += rp; t[3] += value; t[4] += 1; t[5] += rs; t[6] += seconds
                t[7] += cpu
    print()
    print('qp\tphotos\tref_bytes\tour_bytes\tbytes_ratio\tmean_ref_psnr\tmean_our_psnr\tdelta_db\tref_s\tour_s\tour_cpu_s')
    ok = True
    all_ratio, all_delta, count = 0.0, 0.0, 0
    for q in qps:
        rb, ob, rp, op, n, rs, os_, cpu = totals[q]
        if not n:
            continue
        ratio, delta = ob / rb, (op - rp) / n
        all_ratio += ratio; all_delta += delta; count += 1
        print('%d\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t%+.4f\t%.3f\t%.3f\t%.3f' %
              (q, n, rb, ob, ratio, rp / n, op / n, delta, rs, os_, cpu))
        ok = ok and ratio <= 1.03 and delta >= -0.05
    if count:
        print('all\t\t\t\t%.4f\t\t\t%+.4f' % (all_ratio / count, all_delta / count))
    print('parity: %s (bytes within +3%%, PSNR within -0.05 dB, per QP)' % ('PASS' if ok else 'FAIL'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
