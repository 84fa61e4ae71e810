"""Shared helpers of the bpgr Python tests (suite 'python').

meson test sets: PYTHONPATH (the package as built), BPGR_FIXTURES
(fixtures/bpg), and when available BPGR_BPGDEC, BPGR_BPGENC (the CLI tools),
BPGR_HOSTILE_GENERATOR (the robustness suite's robustness_test, which writes
its seeded hostile files with --write) and BPGR_IDENTITY_MODEL (a model whose
output equals its input).
"""
import hashlib
import os
from pathlib import Path

import pytest


def env_path(name):
    """The path in environment variable `name`; the test is skipped without it
    (meson sets every one that the build provides)."""
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set (that part is not built)")
    return Path(value)


FIXTURES = Path(os.environ.get("BPGR_FIXTURES",
                               Path(__file__).resolve().parents[2] / "fixtures" / "bpg"))


def _unescape(field):
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[field[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_tsv(name):
    """Rows of fixtures/bpg/NAME as dicts (fields unescaped as README.md says)."""
    with open(FIXTURES / name, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, map(_unescape, line.rstrip("\n").split("\t"))))
                for line in f if line.strip()]


MANIFEST = read_tsv("manifest.tsv")
FRAMES = read_tsv("frames.tsv")


def md5(*arrays):
    """MD5 of the arrays' bytes, concatenated (little-endian samples on x86,
    the manifest's definition)."""
    h = hashlib.md5()
    for a in arrays:
        h.update(a.tobytes())
    return h.hexdigest()


def fixture_ids(rows):
    return [r["file"] for r in rows]
