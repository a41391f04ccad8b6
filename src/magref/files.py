"""Reading catalogue and profile files, and writing files atomically (exports, the profile,
the cache): special files are refused before they are read or replaced, inputs have a size
limit, a new file gets the permissions the umask gives, and a failed or interrupted write
leaves nothing behind."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from magref.errors import CatalogueError, MagrefError

# The largest file magref reads (catalogue or profile): far above any real catalogue (10,000
# forms are about 12 MB), small enough that a mistaken path (a disk image) is refused at once.
MAX_FILE_BYTES = 64 * 1024 * 1024


def kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a missing, unreadable, special (FIFO, device, directory) or oversized
    file is a CatalogueError naming the path and the reason. A FIFO is opened without waiting
    for a writer, so it cannot hang magref."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except ValueError:  # a NUL byte in the path, as from MAGREF_CATALOGUE
        raise CatalogueError([f"{path!r}:1: (file): not a usable file name"]) from None
    except OSError as exc:
        raise CatalogueError([f"{path}:1: (file): cannot read: {exc.strerror or exc}"]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CatalogueError([f"{path}:1: (file): cannot read: {kind(info.st_mode)}"])
        if info.st_size > MAX_FILE_BYTES:
            raise CatalogueError([f"{path}:1: (file): larger than {MAX_FILE_BYTES >> 20} MB"])
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > MAX_FILE_BYTES:  # it grew while being read
                raise CatalogueError([f"{path}:1: (file): larger than {MAX_FILE_BYTES >> 20} MB"])
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise CatalogueError([f"{path}:1: (file): cannot read: {exc.strerror or exc}"]) from None
    finally:
        os.close(fd)


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


def lstat(path: Path) -> os.stat_result | None:
    """A path's own status (a symlink's, not its target's), or None when nothing is there or
    the path cannot be looked at (too long, a NUL byte, a component that is a file)."""
    try:
        return os.lstat(path)
    except (OSError, ValueError):
        return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, prefix: str | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same directory and a rename, so
    that a reader sees the old file or the whole new one, never a part. The new file gets the
    permissions the umask gives. The temporary file is removed when anything fails, Ctrl-C and
    SIGTERM included; the OSError is the caller's to report (or to ignore)."""
    tmp = _temporary(path, data, prefix)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _temporary(path: Path, data: bytes | Iterable[bytes], prefix: str | None) -> str:
    import tempfile  # only the commands that write pay for it

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                handle.write(chunk)
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_new(target: str, data: bytes | Iterable[bytes], force: bool) -> None:
    """Write an export to `target`: atomically, never over an existing file or a symlink
    (dangling or not) without `force`, never over a directory, device or FIFO at all, and not
    to a path that ends in a slash (it names a directory). Without `force` the new file is
    linked into place, so that of two writers racing to the same new name one fails."""
    if target.endswith(("/", os.sep)):
        raise MagrefError(f"cannot write {target}: the path ends in '/', so it names a directory")
    path = Path(target)
    found = lstat(path)
    if found is not None and not (stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode)):
        raise MagrefError(f"cannot write {path}: it is {kind(found.st_mode)}")
    if found is not None and not force:
        what = " as a symbolic link" if stat.S_ISLNK(found.st_mode) else ""
        raise MagrefError(f"{path} exists{what}; use --force to replace it")
    if not os.path.isdir(path.parent):  # isdir follows links and never raises
        raise MagrefError(f"cannot write {path}: directory {path.parent} does not exist")
    try:
        tmp = _temporary(path, data, None)
        try:
            if force:
                os.replace(tmp, path)
            else:
                os.link(tmp, path)  # fails if the name was taken meanwhile: no clobbering
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # after a link, the temporary name; after a replace, gone
    except FileExistsError:
        raise MagrefError(f"{path} exists; use --force to replace it") from None
    except OSError as exc:
        raise MagrefError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_directory(target: str, files: dict[str, bytes], marker: str, force: bool) -> None:
    """Write a set of files as directory `target`: built in a temporary directory beside it
    and renamed into place, so that no reader sees half of it. An existing directory is
    written into only with `force`, and only if it holds `marker` (it was written this way
    before): then each file is replaced atomically and other files are left alone. Anything
    else in the way is refused; an interrupted or failed write leaves no temporary
    directory."""
    import shutil
    import tempfile

    path = Path(target.rstrip("/" + os.sep) or target)
    found = lstat(path)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise MagrefError(f"cannot write {path}: it is {kind(found.st_mode)}, not a directory")
    if found is not None:
        entries = _entries(path)
        if entries and not force:
            raise MagrefError(f"{path} exists and is not empty; use --force to replace it")
        if entries and marker not in entries:
            raise MagrefError(
                f"{path} holds files but no {marker}; magref writes only over its own"
            )
    if not os.path.isdir(path.parent):
        raise MagrefError(f"cannot write {path}: directory {path.parent} does not exist")
    tmp = ""
    try:
        tmp = tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        for name, data in files.items():
            with open(os.path.join(tmp, name), "wb") as handle:
                handle.write(data)
            os.chmod(os.path.join(tmp, name), 0o666 & ~_umask())
        os.chmod(tmp, 0o777 & ~_umask())
        if found is None:
            os.rename(tmp, path)  # fails if a non-empty directory took the name meanwhile
            tmp = ""
            return
        for name in files:
            os.replace(os.path.join(tmp, name), os.path.join(path, name))
    except OSError as exc:
        raise MagrefError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _entries(path: Path) -> list[str]:
    try:
        return os.listdir(path)
    except OSError as exc:
        raise MagrefError(f"cannot read {path}: {exc.strerror or exc}") from None
