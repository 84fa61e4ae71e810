"""Decode (and restore) many BPG files on a dask.distributed cluster.

    from distributed import Client, LocalCluster
    import bpgr.dask
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    # or Client("tcp://scheduler:8786") with `dask worker` on each host
    records = bpgr.dask.decode_files(paths, client=client, output_dir="out",
                                     output_format="png", restore="default")
    failed = [r for r in records if not r.ok]

Each file gives one :class:`Record` (path, status, message, output); a file
that fails is reported in its record and never stops the batch; a task lost
with its worker (killed, out of memory) gives records with status
"worker lost" for its files. Outputs (``output_dir``/STEM.png or .npy) are
written atomically (:mod:`bpgr.outputs`), so a rerun of the same call skips
the finished ones (status "skipped") and does the rest. Each worker thread
keeps one :class:`bpgr.Decoder` per set of options, so a restoration model
is loaded once per worker thread, not per file. The same code runs on a
LocalCluster and on a multi-host cluster (python/README.md); the workers
need bpgr importable and the paths readable (and output_dir writable) under
the same names.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from .decoding import _restore_options, thread_decoder, thread_decoders_created
from .errors import Error
from .outputs import FORMATS, remove_partial, write_atomically

__all__ = ["Record", "decode_files", "decode_bag", "decode_one", "worker_cache_info"]

DECODED, SKIPPED, WORKER_LOST = "ok", "skipped", "worker lost"


@dataclass
class Record:
    """What happened to one file. status: "ok", "skipped" (output already
    there), a bpgr status name ("invalid data", "file error", ...; ``code``
    is then its negative status number), "worker lost", or a Python
    exception's name for anything else. ``output``: the file written or
    found; ``pixels``: the array when no output_dir was given."""

    path: str
    status: str
    message: str = ""
    code: Optional[int] = None
    output: Optional[str] = None
    pixels: Any = None

    @property
    def ok(self):
        return self.status in (DECODED, SKIPPED)


def worker_cache_info():
    """{"decoders": Decoders created in this process, "pid": ...}; run it on
    the workers with ``client.run(bpgr.dask.worker_cache_info)``."""
    return {"decoders": thread_decoders_created(), "pid": os.getpid()}


def output_path(path, output_dir, output_format):
    return str(Path(output_dir) / (Path(path).stem + "." + output_format))


def decode_one(path, *, output_dir=None, output_format="png", bits=8, alpha=True,
               restore=None, model=None, precision="auto", threads=1):
    """Decodes one file into a :class:`Record` (never raises for the file's
    own failures). Runs on the workers; usable alone too."""
    path = os.fspath(path)
    target = None
    if output_dir is not None:
        target = output_path(path, output_dir, output_format)
        if os.path.exists(target):
            return Record(path, SKIPPED, "output exists", 0, target)
    try:
        decoder = thread_decoder(restore=restore, model=model, precision=precision,
                                 threads=threads)
        pixels = decoder.decode(path, bits=bits, alpha=alpha)
        if target is None:
            return Record(path, DECODED, "", 0, None, pixels)
        write_atomically(target, FORMATS[output_format](pixels))
        return Record(path, DECODED, "", 0, target)
    except Error as e:
        return Record(path, e.status_name, e.message, e.status, target)
    except Exception as e:  # noqa: BLE001 - one file must not stop the batch
        return Record(path, type(e).__name__, str(e), None, target)


def _decode_chunk(paths, options):
    return [decode_one(p, **options) for p in paths]


def _options(output_dir, output_format, bits, alpha, restore, model, precision, threads):
    _restore_options(restore, model, precision)  # argument errors here, not per file
    if output_format not in FORMATS:
        raise ValueError(f"output_format must be one of {', '.join(FORMATS)}")
    if bits not in (8, 16):
        raise ValueError("bits must be 8 or 16")
    if output_dir is not None:
        output_dir = os.fspath(output_dir)
        os.makedirs(output_dir, exist_ok=True)
        remove_partial(output_dir)  # left by writers killed in an earlier run
    return dict(output_dir=output_dir, output_format=output_format, bits=bits, alpha=alpha,
                restore=restore, model=model, precision=precision, threads=threads)


def decode_files(paths, *, client, output_dir=None, output_format="png", bits=8, alpha=True,
                 restore=None, model=None, precision="auto", threads=1, chunk_size=4):
    """Decodes every path on the client's cluster; returns one Record per
    path, in order. Options as :func:`bpgr.decode` (threads: library
    threads per decode, default 1: the cluster's workers are the
    parallelism). output_dir + output_format ("png" or "npy") write each
    picture to output_dir/STEM.EXT (stems must be unique) and skip outputs
    already there; without output_dir the records carry the arrays.
    chunk_size files make one task (fewer, larger tasks for big batches)."""
    options = _options(output_dir, output_format, bits, alpha, restore, model, precision,
                       threads)
    paths = [os.fspath(p) for p in paths]
    if output_dir is not None:
        stems = [Path(p).stem for p in paths]
        if len(set(stems)) != len(stems):
            raise ValueError("two paths have the same file stem (one output each)")
    from distributed import as_completed
    chunks = [paths[i:i + chunk_size] for i in range(0, len(paths), max(1, chunk_size))]
    futures = client.map(_decode_chunk, chunks, options=options, pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    results = [None] * len(chunks)
    for future in as_completed(futures):
        i = index[future.key]
        try:
            results[i] = future.result()
        except Exception as e:  # noqa: BLE001 - the task died (KilledWorker, ...)
            results[i] = [Record(p, WORKER_LOST, f"{type(e).__name__}: {e}") for p in chunks[i]]
        future.release()
    return [record for chunk in results for record in chunk]


def decode_bag(bag, *, output_dir=None, output_format="png", bits=8, alpha=True,
               restore=None, model=None, precision="auto", threads=1):
    """A dask.bag of paths -> a dask.bag of Records (lazy: ``.compute()`` on
    the client's cluster). Options as :func:`decode_files`."""
    options = _options(output_dir, output_format, bits, alpha, restore, model, precision,
                       threads)
    return bag.map(decode_one, **options)
