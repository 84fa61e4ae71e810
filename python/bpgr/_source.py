"""What the API accepts as a BPG file: bytes-like, a path, or a binary file."""

import os

from .errors import FileError

__all__ = ["read_source"]


def read_source(source):
    """The file's bytes as a bytes-like object (no copy for bytes-like input).

    ``source`` is bytes, bytearray, memoryview (or any object with the buffer
    protocol), a path (``str`` or ``os.PathLike``), or a binary file object
    with ``read()`` (read from its current position to the end).
    A path that cannot be read raises :class:`bpgr.FileError` (also an
    ``OSError``) naming the path.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return source
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source, "rb") as f:
                return f.read()
        except OSError as e:
            raise FileError(f"{os.fsdecode(source)}: {e.strerror or e}") from e
    read = getattr(source, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, str):
            raise TypeError("the file object must be opened in binary mode ('rb')")
        return data
    try:
        return memoryview(source)
    except TypeError:
        raise TypeError("source must be bytes-like, a path or a binary file object, not "
                        f"{type(source).__name__}") from None
