"""Exceptions raised for failures reported by the bpgr library.

Every library failure raises a subclass of :class:`Error` that carries the
library's status code (``status``, a negative int as in ``bpgr/status.h``),
its stable name (``status_name``) and the sentence naming the problem
(``message``). Mistakes in calling the Python API itself (wrong types,
unknown option names) raise the usual ``TypeError``/``ValueError``.
"""

__all__ = [
    "Error", "InvalidArgumentError", "NotBpgError", "TruncatedError", "InvalidDataError",
    "UnsupportedError", "LimitExceededError", "HevcDecodeError", "OutOfMemoryError",
    "BufferTooSmallError", "RestorationError", "EncodeError", "FileError", "InternalError",
    "from_status",
]


class Error(Exception):
    """A failure reported by the bpgr library."""

    status = None  # set on each subclass

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    @property
    def status_name(self):
        """The library's name of the status, e.g. "truncated data"."""
        from . import _bpgr  # not at import time: _bpgr raises these classes
        return _bpgr.status_string(self.status)

    def __str__(self):
        return f"{self.message} [{self.status_name}]"

    def __reduce__(self):  # picklable (Dask ships exceptions between processes)
        return (from_status, (self.status, self.message))


class InvalidArgumentError(Error, ValueError):
    status = -1


class NotBpgError(Error):
    status = -2


class TruncatedError(Error):
    status = -3


class InvalidDataError(Error):
    status = -4


class UnsupportedError(Error):
    status = -5


class LimitExceededError(Error):
    status = -6


class HevcDecodeError(Error):
    status = -7


class OutOfMemoryError(Error, MemoryError):
    status = -8


class BufferTooSmallError(Error):
    status = -9


class RestorationError(Error):
    status = -10


class EncodeError(Error):
    status = -11


class FileError(Error, OSError):
    status = -12


class InternalError(Error):
    status = -13


_CLASSES = {cls.status: cls for cls in (
    InvalidArgumentError, NotBpgError, TruncatedError, InvalidDataError, UnsupportedError,
    LimitExceededError, HevcDecodeError, OutOfMemoryError, BufferTooSmallError,
    RestorationError, EncodeError, FileError, InternalError)}


def from_status(status, message):
    """The exception for a library status code (an Error for unknown codes)."""
    cls = _CLASSES.get(status)
    if cls is None:
        return Error(message, status)
    return cls(message)
