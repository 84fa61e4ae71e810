"""Hostile input in-process: the robustness suite's seeded hostile files
(its generator, robustness_test --write) through info, decode and frames
give pixels or a bpgr.Error with a status and a message, never anything
else and never a crash (a crash fails this test). And the Error classes."""
import pickle
import subprocess

import numpy as np
import pytest

import bpgr
from conftest import FIXTURES, env_path

SEED = "20241125"       # the robustness suite's seed; files from 200000 on, which it
FIRST, COUNT = "200000", "3000"  # does not decode itself (it covers 0..19999)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    generator = env_path("BPGR_HOSTILE_GENERATOR")
    out = tmp_path_factory.mktemp("hostile")
    subprocess.run([str(generator), str(FIXTURES), SEED, FIRST, COUNT, "--write", str(out)],
                   check=True, capture_output=True)
    with open(out / "index.tsv") as f:
        index = [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]
    assert len(index) == int(COUNT)
    return [(out / name, what) for name, what in index]


def _check_error(e, label):
    assert isinstance(e, bpgr.Error), f"{label}: {type(e).__name__}: {e}"
    assert e.status < 0 and e.status != bpgr.InternalError.status, f"{label}: {e}"
    assert e.message and e.status_name, label


def test_hostile_files_raise_only_bpgr_errors(hostile_files):
    outcomes = {"decoded": 0, "rejected": 0}
    decoder = bpgr.Decoder(threads=1)  # reused: reset after failures too
    for n, (path, what) in enumerate(hostile_files):
        label = f"{path.name} ({what})"
        data = path.read_bytes()
        try:
            info = bpgr.info(data)
            assert info.width > 0 and info.height > 0
        except Exception as e:  # noqa: BLE001 - the point is what is raised
            _check_error(e, label)
        options = [dict(), dict(bits=16), dict(cmyk=True), dict(alpha=False)][n % 4]
        try:
            frames = list(decoder.frames(data, **options))
            assert frames and all(p.ndim == 3 and p.size > 0 for p, _ in frames), label
            outcomes["decoded"] += 1
        except Exception as e:  # noqa: BLE001
            _check_error(e, label)
            outcomes["rejected"] += 1
        if n % 10 == 0:
            try:
                assert isinstance(bpgr.decode(path, threads=2), np.ndarray)
            except Exception as e:  # noqa: BLE001
                _check_error(e, label)
    # The generator makes both kinds; all of one kind would mean a broken set-up.
    assert outcomes["decoded"] > 100 and outcomes["rejected"] > 100, outcomes


def test_crasher_corpus():
    for path in sorted((FIXTURES.parent / "crashers").iterdir()):
        try:
            bpgr.decode(path)
        except bpgr.Error as e:
            _check_error(e, path.name)


def test_statuses_and_classes():
    cases = [
        (b"", bpgr.TruncatedError),
        (b"not a BPG file at all", bpgr.NotBpgError),
        ((FIXTURES / "photo-320x240-420-q28.bpg").read_bytes()[:9], bpgr.TruncatedError),
    ]
    for data, cls in cases:
        with pytest.raises(cls) as caught:
            bpgr.decode(data)
        e = caught.value
        assert isinstance(e, bpgr.Error) and type(e).status == e.status < 0
        assert e.message and e.message in str(e) and e.status_name in str(e)
    with pytest.raises(bpgr.FileError) as caught:
        bpgr.decode(FIXTURES / "no-such-file.bpg")
    assert isinstance(caught.value, OSError) and "no-such-file.bpg" in caught.value.message
    e = bpgr.errors.from_status(-4, "bad header")
    copy = pickle.loads(pickle.dumps(e))
    assert type(copy) is bpgr.InvalidDataError and copy.message == "bad header"
    assert copy.status == -4 and copy.status_name == "invalid data"
    assert bpgr.errors.from_status(-99, "x").status == -99  # unknown codes stay Errors


def test_restoration_model_errors():
    if not bpgr.has_restore:
        with pytest.raises(bpgr.RestorationError):
            bpgr.Decoder(restore=True)
        return
    with pytest.raises(bpgr.RestorationError) as caught:
        bpgr.Decoder(restore="/no/such/model.bpgrm")
    assert "/no/such/model.bpgrm" in caught.value.message
    with pytest.raises(bpgr.RestorationError):
        bpgr.Decoder(restore=str(FIXTURES / "photo-320x240-420-q28.bpg"))  # not a model


def test_decoder_shared_by_threads_refuses_instead_of_racing():
    import threading
    decoder = bpgr.Decoder(threads=1)
    data = (FIXTURES / "bench-2048-420-q28.bpg").read_bytes()
    errors, done = [], []

    def work():
        try:
            for _ in range(3):
                done.append(decoder.decode(data).shape)
        except RuntimeError as e:
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Either both ran in turn or one was refused; never a crash or mixed result.
    assert all(shape == (2048, 2048, 3) for shape in done)
    assert len(done) + 3 * len(errors) >= 3
