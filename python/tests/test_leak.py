"""No leak: 10 000 calls, taking turns between decode from bytes, path and
file object, frames of an animation, info with metadata and failing decodes,
leave the process's resident set where it was after a warm-up."""
import io
import os

import pytest

import bpgr
from conftest import FIXTURES

CALLS = 10_000
WARM_UP = 1_000
# Each kind runs ~1400 times: leaking its input copy, output array or decoder
# state (>= 1 KiB a call) grows the RSS by 1.4 MiB or more; the allocator's
# noise after the warm-up is a few pages.
MAX_GROWTH_BYTES = 512 << 10


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _calls():
    small = FIXTURES / "grid-b8-420-ycbcr.bpg"
    small_bytes = small.read_bytes()
    anim = (FIXTURES / "anim-tiny-jctvc.bpg").read_bytes()
    meta = (FIXTURES / "ext-jpeg-exif-xmp-icc.bpg").read_bytes()
    truncated = (FIXTURES / "photo-320x240-420-q28.bpg").read_bytes()[:26]
    broken = bytearray(small_bytes)
    broken[40:60] = b"\xff" * 20  # damaged HEVC data: decodes or fails

    def failing(data):
        try:
            bpgr.decode(data, threads=1)
        except bpgr.Error:
            pass

    return [
        lambda i: bpgr.decode(small_bytes, threads=1, bits=8 if i % 2 else 16),
        lambda i: bpgr.decode(small, threads=1),
        lambda i: bpgr.decode(io.BytesIO(small_bytes), threads=1, cmyk=True),
        lambda i: list(bpgr.frames(anim, threads=1)),
        lambda i: bpgr.info(meta).icc_profile,
        lambda i: failing(truncated),
        lambda i: failing(bytes(broken)),
    ]


def test_rss_flat_over_10000_calls():
    calls = _calls()
    for i in range(WARM_UP):
        calls[i % len(calls)](i)
    before = rss_bytes()
    for i in range(CALLS):
        calls[i % len(calls)](i)
    growth = rss_bytes() - before
    print(f"RSS growth over {CALLS} calls: {growth} bytes")
    assert growth < MAX_GROWTH_BYTES, f"RSS grew by {growth} bytes over {CALLS} calls"


def test_reused_decoder_with_restoration():
    model = os.environ.get("BPGR_IDENTITY_MODEL")
    if not bpgr.has_restore or not model:
        pytest.skip("built without the post-filter")
    decoder = bpgr.Decoder(restore=model, precision="fp32", threads=1)
    data = (FIXTURES / "size-33x7-420-b8.bpg").read_bytes()
    for _ in range(200):
        decoder.decode(data)
    before = rss_bytes()
    for _ in range(2000):
        decoder.decode(data)
    growth = rss_bytes() - before
    print(f"RSS growth over 2000 restored decodes: {growth} bytes")
    assert growth < MAX_GROWTH_BYTES, f"RSS grew by {growth} bytes over 2000 restored decodes"
