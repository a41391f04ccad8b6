"""Reading catalogue files, and writing files atomically (exports, the profile, the cache)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from magref.errors import CatalogueError


def read_bytes(path: Path) -> bytes:
    """A catalogue file's bytes; a missing or unreadable file is a CatalogueError."""
    try:
        return path.read_bytes()
    except ValueError:  # a NUL byte in the path, as from MAGREF_CATALOGUE
        raise CatalogueError([f"{path!r}:1: (file): not a usable file name"]) from None
    except OSError as exc:
        raise CatalogueError([f"{path}:1: (file): cannot read: {exc.strerror or exc}"]) from None


def read_text(path: Path, data: bytes | None = None) -> str:
    """A catalogue file's text, from `data` when its bytes were already read; a missing,
    unreadable or non-UTF-8 file is a CatalogueError."""
    if data is None:
        data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError([f"{path}:{line}: (file): not valid UTF-8 text"]) from None


def write_atomic(path: Path, data: bytes, *, prefix: str | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same directory and a rename, so
    that a reader sees the old file or the whole new one, never a part. The temporary file is
    removed when anything fails; the OSError is the caller's to report (or to ignore)."""
    import tempfile  # only the commands that write pay for it

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
