#!/usr/bin/env python3
"""Benchmarks of python/README.md (a benchmark, not a test).

1. bpgr.decode of the 2048x2048 benchmark (fixtures/bpg/bench-2048-420-q28.bpg)
   against the C API called in the same process (ctypes on the built
   libbpgdec: create, open, read_frame into a caller buffer, destroy), the
   two interleaved, best and median of N rounds, threads 1 and 0 (all CPUs).
2. Batch throughput (files/s) of N copies of that file decoded to PNG
   (--raw: bpgdec to PPM, bpgr.dask to .npy, both uncompressed):
   bpgr.dask.decode_files on a LocalCluster of 1 and of 2 worker processes
   (1 thread each, threads=1 per decode; cluster start-up not counted)
   against a shell loop of bpgdec processes (default threads) and
   `xargs -P 2` of bpgdec --threads 1.

Run from the repository root after `ninja -C build`:
    PYTHONPATH=build/python /usr/bin/python3 python/bench/bench_python.py
"""
import argparse
import ctypes
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import bpgr

ROOT = Path(__file__).resolve().parents[2]
IMAGE = ROOT / "fixtures" / "bpg" / "bench-2048-420-q28.bpg"


def c_api(build):
    lib = ctypes.CDLL(str(build / "libbpgdec" / "libbpgdec.so"))
    # bpgr_decoder_settings is opaque here: a buffer the library fills with its defaults.
    settings = ctypes.create_string_buffer(4096)
    lib.bpgr_decoder_default_settings(settings)
    lib.bpgr_decoder_create.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.bpgr_decoder_open.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.bpgr_decoder_read_frame.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                                            ctypes.c_ssize_t]
    lib.bpgr_decoder_destroy.argtypes = [ctypes.c_void_p]
    return lib, settings


def set_threads(settings, threads):
    # bpgr_decoder_settings starts {uint32_t version; int threads; ...} (bpgr/decoder.h).
    ctypes.c_int.from_buffer(settings, 4).value = threads


def decode_c(lib, settings, data, width, height):
    dec = ctypes.c_void_p()
    assert lib.bpgr_decoder_create(settings, ctypes.byref(dec)) == 0
    try:
        assert lib.bpgr_decoder_open(dec, data, len(data)) == 0
        out = ctypes.create_string_buffer(width * height * 3)
        assert lib.bpgr_decoder_read_frame(dec, 0, out, width * 3) == 0  # RGB24
    finally:
        lib.bpgr_decoder_destroy(dec)
    return out


def bench_api(build, rounds):
    lib, settings = c_api(build)
    data = IMAGE.read_bytes()
    info = bpgr.info(data)
    print(f"## bpgr.decode vs the C API, {IMAGE.name} ({info.width}x{info.height}), "
          f"{rounds} rounds interleaved")
    for threads in (1, 0):
        set_threads(settings, threads)
        runs = {
            "C API": lambda: decode_c(lib, settings, data, info.width, info.height),
            "bpgr.decode": lambda: bpgr.decode(data, threads=threads),
        }
        wall = {k: [] for k in runs}
        cpu = {k: [] for k in runs}
        for _ in range(rounds):
            for name, run in runs.items():
                t, c = time.perf_counter(), time.process_time()
                run()
                wall[name].append(time.perf_counter() - t)
                cpu[name].append(time.process_time() - c)  # all threads, user + system
        for name in runs:
            print(f"threads={threads} {name:12s} wall best {min(wall[name])*1e3:6.1f} ms "
                  f"median {statistics.median(wall[name])*1e3:6.1f} ms | CPU best "
                  f"{min(cpu[name])*1e3:6.1f} ms median {statistics.median(cpu[name])*1e3:6.1f} ms")
        for label, series in (("wall", wall), ("CPU", cpu)):
            best = min(series["bpgr.decode"]) / min(series["C API"])
            median = statistics.median(series["bpgr.decode"]) / statistics.median(series["C API"])
            print(f"threads={threads} bpgr.decode / C API, {label}: best {best:.3f}, "
                  f"median {median:.3f}")


def bench_batch(build, count, raw):
    from distributed import Client, LocalCluster

    import bpgr.dask
    bpgdec = build / "cli" / "bpgdec" / "bpgdec"
    work = Path(tempfile.mkdtemp(prefix="bpgr-bench-"))
    try:
        src = work / "in"
        src.mkdir()
        for i in range(count):
            shutil.copy(IMAGE, src / f"f{i:03d}.bpg")
        paths = sorted(src.glob("*.bpg"))
        ext, fmt = ("ppm", "npy") if raw else ("png", "png")
        print(f"## batch: {count} copies of {IMAGE.name} -> {ext} (bpgdec), {fmt} (bpgr.dask)")

        def report(name, seconds):
            print(f"{name:38s} {seconds:7.2f} s  {count / seconds:6.2f} files/s")

        out = work / "loop"
        out.mkdir()
        t = time.perf_counter()
        subprocess.run(["sh", "-c", f'for f in "{src}"/*.bpg; do "{bpgdec}" -o "{out}/$(basename '
                        f'"$f" .bpg).{ext}" "$f" || exit 1; done'], check=True)
        report("shell loop of bpgdec (threads=auto)", time.perf_counter() - t)
        out = work / "xargs"
        out.mkdir()
        t = time.perf_counter()
        subprocess.run(["sh", "-c", f'ls "{src}"/*.bpg | xargs -P 2 -I F sh -c \'"{bpgdec}" '
                        f'--threads 1 -o "{out}/$(basename F .bpg).{ext}" F\''], check=True)
        report("xargs -P 2 bpgdec --threads 1", time.perf_counter() - t)
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                              dashboard_address=None, silence_logs=40) as cluster, \
                    Client(cluster) as client:
                client.run(lambda: bpgr.decode(IMAGE, threads=1))  # warm: import, first decoder
                out = work / f"dask{workers}"
                t = time.perf_counter()
                records = bpgr.dask.decode_files(paths, client=client, output_dir=out,
                                                 output_format=fmt, chunk_size=1)
                seconds = time.perf_counter() - t
                assert all(r.status == "ok" for r in records), records
                report(f"bpgr.dask, {workers} worker process(es)", seconds)
    finally:
        shutil.rmtree(work)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--files", type=int, default=24)
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--raw", action="store_true",
                        help="batch to uncompressed files: bpgdec .ppm, bpgr.dask .npy")
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    print(f"# {cpu}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
          f"bpgr {bpgr.__version__}")
    bench_api(args.build, args.rounds)
    if not args.skip_batch:
        bench_batch(args.build, args.files, args.raw)


if __name__ == "__main__":
    main()
