"""Reading within --max-bytes: regular files only, gzip inflated as it streams, lines of bounded length.

Nothing here reads more than the cap (plus a chunk) into memory, whatever a file claims or holds:
a gzip bomb is refused once its output passes the cap, and an endless line is read past in chunks.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from dateline.errors import BadInput

#: How much of an over-long line is read at a time while skipping it.
CHUNK = 1 << 16
_GZIP_ERRORS = (OSError, EOFError, zlib.error)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def open_regular(path: str) -> BinaryIO:
    """The file opened for reading; BadInput at once for a FIFO, a device or a socket (never a hang).

    The file is opened without blocking (a FIFO with no writer would wait forever otherwise) and
    checked on the open descriptor, so it cannot be swapped for a FIFO between check and open.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise BadInput(f"not a regular file ({_kind(mode)})")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise BadInput(f"not a regular file ({_kind(mode)})")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class _Gunzip:
    """A gzip stream whose decoding errors are BadInput; it inflates only as much as is read."""

    def __init__(self, raw: BinaryIO) -> None:
        self._file = gzip.GzipFile(fileobj=raw, mode="rb")

    def read(self, size: int) -> bytes:
        try:
            return self._file.read(size)
        except _GZIP_ERRORS as e:
            raise BadInput(f"broken gzip file ({e})") from None

    def readline(self, size: int) -> bytes:
        try:
            return self._file.readline(size)
        except _GZIP_ERRORS as e:
            raise BadInput(f"broken gzip file ({e})") from None


def gunzip(raw: BinaryIO) -> BinaryIO:
    """The inflated content of a gzip stream, read incrementally (never all at once)."""
    return _Gunzip(raw)  # type: ignore[return-value]  # read and readline are all the readers use


def read_capped(stream: BinaryIO, max_bytes: int, what: str = "file") -> bytes:
    """All of a stream, or BadInput once it passes max_bytes (at most max_bytes + 1 are read)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BadInput(f"{what} larger than the cap of {max_bytes} bytes")
    return data


def lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """Each line of a stream (split at b"\\n" only); None in the place of one longer than max_bytes.

    An over-long line is read past in chunks without being kept, so the lines after it are read.
    """
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line
