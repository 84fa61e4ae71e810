"""Threads: the GIL is released while the library works, so 4 Python
threads decoding concurrently give the same pixels as one thread and finish
sooner than one thread doing the same work (on 2 or more cores)."""
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import bpgr
from conftest import FIXTURES, md5

FILES = ["bench-2048-420-q28.bpg", "photo-320x240-420-q28.bpg", "anim-alpha-x265.bpg",
         "alpha-premul-420-b12.bpg", "grid-b12-444-bt2020.bpg", "cmyk-ycck-420-b12-jctvc.bpg"]
ROUNDS = 3  # timings: best of 3, against the noise of a shared machine


def _digest(data, bits):
    # threads=1: the parallelism under test is the Python threads'.
    return md5(*(p for p, _ in bpgr.frames(data, bits=bits, threads=1)))


def _work():
    datas = [(FIXTURES / f).read_bytes() for f in FILES]
    return [(d, bits) for d in datas for bits in (8, 16)] * 2


def _run(jobs, workers):
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        digests = list(pool.map(lambda job: _digest(*job), jobs))
    return time.perf_counter() - start, digests


def test_four_threads_same_results_and_faster():
    if (os.cpu_count() or 1) < 2:
        pytest.skip("needs 2 cores")
    jobs = _work()
    one = [_run(jobs, 1) for _ in range(ROUNDS)]
    four = [_run(jobs, 4) for _ in range(ROUNDS)]
    reference = one[0][1]
    for _, digests in one + four:
        assert digests == reference
    t1, t4 = min(t for t, _ in one), min(t for t, _ in four)
    # Perfect scaling on 2 cores would be 0.5; a GIL held during decoding
    # would give 1.0 or more. Generous margin for the shared CI machine.
    if t4 >= 0.9 * t1 and os.getloadavg()[0] > os.cpu_count():
        # Other processes hold the cores: no speed-up is possible, and
        # test_gil_released_during_decode below still checks the cause.
        pytest.skip(f"machine saturated (load {os.getloadavg()[0]:.1f}): "
                    f"1 thread {t1:.3f} s, 4 threads {t4:.3f} s")
    assert t4 < 0.9 * t1, f"1 thread {t1:.3f} s, 4 threads {t4:.3f} s"


def test_gil_released_during_decode():
    """While one thread decodes a large image, another Python thread keeps
    running: its longest pause is far shorter than the decode. With the GIL
    held for the call, the pause would be the whole decode."""
    data = (FIXTURES / "bench-2048-420-q28.bpg").read_bytes()
    start = time.perf_counter()
    bpgr.decode(data, threads=1)
    decode_s = time.perf_counter() - start
    done = threading.Event()
    worker = threading.Thread(target=lambda: (bpgr.decode(data, threads=1), done.set()))
    worst, last = 0.0, time.perf_counter()
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        worst, last = max(worst, now - last), now
    worker.join()
    assert worst < 0.5 * decode_s, f"main thread paused {worst:.3f} s, decode {decode_s:.3f} s"


def test_restore_in_threads_same_results():
    model = os.environ.get("BPGR_IDENTITY_MODEL")
    if not bpgr.has_restore:
        pytest.skip("built without the post-filter")
    data = (FIXTURES / "photo-320x240-420-q28.bpg").read_bytes()
    options = dict(restore=model or True, precision="fp32", threads=1)
    expected = md5(bpgr.decode(data, **options))
    results = []
    local = threading.local()

    def work(_):
        if not hasattr(local, "decoder"):
            local.decoder = bpgr.Decoder(**options)
        return md5(local.decoder.decode(data))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(12)))
    assert results == [expected] * 12
