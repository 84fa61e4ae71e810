#!/usr/bin/env python3
"""Restore speed of whole `bpgdec --restore` runs, in ms per megapixel, per model.

  restore_speed.py --build build --images DIR [--q 38] [--models default,fast,paper] [--repeat 3]

Encodes every PNG of DIR once with the build's bpgenc (-q Q) into a temporary
folder, then times, per model, `bpgdec --restore --model M -o OUT.ppm` over all
files (auto precision unless --precision), and plain `bpgdec -o OUT.ppm` for the
decode's own share. Each figure is the median over --repeat passes of the total
wall time divided by the total megapixels; models are interleaved within a pass
so that load from other processes falls on all of them alike. Compare models
only within one run (one table): the machine's speed varies between runs.
Prints a Markdown table; --tsv FILE also writes the numbers.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def image_size(bpgdec, path):
    out = subprocess.run([bpgdec, "-i", path], capture_output=True, text=True, check=True).stdout
    size = out.split("size=")[1].split()[0]
    w, h = size.split("x")
    return int(w), int(h)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--images", required=True, help="folder of PNG images")
    ap.add_argument("--q", type=int, default=38)
    ap.add_argument("--models", default="default,fast,paper",
                    help="built-in names or .bpgrm files, comma-separated")
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--threads", type=int, default=0, help="bpgdec --threads (0 = one per CPU)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N images")
    ap.add_argument("--tsv")
    a = ap.parse_args()

    bpgenc = os.path.join(a.build, "cli", "bpgenc", "bpgenc")
    bpgdec = os.path.join(a.build, "cli", "bpgdec", "bpgdec")
    for tool in (bpgenc, bpgdec):
        if not os.access(tool, os.X_OK):
            sys.exit(f"restore_speed: {tool} is not built")
    pngs = sorted(f for f in os.listdir(a.images) if f.lower().endswith(".png"))
    if a.limit:
        pngs = pngs[:a.limit]
    if not pngs:
        sys.exit(f"restore_speed: no PNG files in {a.images}")
    models = [m for m in a.models.split(",") if m]

    with tempfile.TemporaryDirectory(prefix="bpgr-speed-") as tmp:
        files, mpx = [], 0.0
        for name in pngs:
            bpg = os.path.join(tmp, os.path.splitext(name)[0] + ".bpg")
            subprocess.run([bpgenc, "-q", str(a.q), "-o", bpg, os.path.join(a.images, name)], check=True)
            w, h = image_size(bpgdec, bpg)
            files.append(bpg)
            mpx += w * h / 1e6
        out = os.path.join(tmp, "out.ppm")
        runs = [("plain decode", [])] + [
            (m, ["--restore", "--model", m, "--precision", a.precision]) for m in models]
        times = {label: [] for label, _ in runs}
        for _ in range(a.repeat):
            for label, extra in runs:
                t0 = time.perf_counter()
                for bpg in files:
                    subprocess.run([bpgdec, "--threads", str(a.threads)] + extra + ["-o", out, bpg],
                                   check=True, stdout=subprocess.DEVNULL)
                times[label].append(time.perf_counter() - t0)

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"{len(files)} images, {mpx:.2f} Mpx, bpgenc -q {a.q}, precision {a.precision}, "
          f"median of {a.repeat} passes, {cpu}, {os.cpu_count()} CPUs\n")
    print("| run | ms per Mpx (whole bpgdec) | restoration alone, ms per Mpx |")
    print("|---|---|---|")
    plain = statistics.median(times["plain decode"]) * 1000 / mpx
    rows = []
    for label, _ in runs:
        ms = statistics.median(times[label]) * 1000 / mpx
        alone = "" if label == "plain decode" else f"{ms - plain:.0f}"
        rows.append((label, ms, alone))
        print(f"| {label} | {ms:.0f} | {alone} |")
    if a.tsv:
        with open(a.tsv, "w") as f:
            f.write("run\tms_per_mpx\trestore_ms_per_mpx\n")
            for label, ms, alone in rows:
                f.write(f"{label}\t{ms:.1f}\t{alone}\n")


if __name__ == "__main__":
    main()
