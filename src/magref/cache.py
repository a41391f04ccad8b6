"""A cache of parsed, validated catalogues (and the profile), so that a command does not parse
YAML on every run.

Parsing and checking the bundled catalogue took about 20 ms of every run (PyYAML's import, the
composer and the checks); reading it back from here takes well under 1 ms. With a 10,000-form
user catalogue the difference is seconds.

How it stays safe:
- An entry is keyed by a BLAKE2 hash of everything the result depends on: the cache format,
  the Python and PyYAML versions, the source of the modules that build and check the records
  (model, model_safety, model_reference, model_evidence, names, bind, limits, rules,
  rules_evidence, parse, catalogue) and, for each
  catalogue file in load order, its name and its bytes. Any edit is a miss, and an entry is
  never checked for staleness by date.
- Only a catalogue that passed every check is stored; a file with problems is parsed (and
  its problems reported) every time.
- Entries are written to a temporary file and renamed into place, so a reader sees a whole
  entry or none. Any failure to read, write or decode an entry is silent: magref parses the
  files instead, as if there were no cache.
- Entries are pickles, read by an unpickler that can build nothing but magref's own record
  types (and the plain values inside them), and the result must be of the type asked for.
  The cache directory is the user's own, trusted like Python's __pycache__.
- At most MAX_ENTRIES are kept; the oldest are removed when a new one is written.

The directory is platformdirs' user cache directory (`magref paths` shows it); deleting it is
always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import re
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from magref import model
from magref.files import write_atomic
from magref.gcpause import gc_paused

FORMAT = 2  # 2: entries are sealed with a keyed digest
MAX_ENTRIES = 8
_CODE = (
    "model.py",
    "model_safety.py",
    "model_reference.py",
    "model_evidence.py",
    "names.py",
    "bind.py",
    "yamldoc.py",
    "limits.py",
    "rules.py",
    "rules_evidence.py",
    "parse.py",
    "catalogue.py",
)
R = TypeVar("R")


def directory() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("magref"))


def key(files: Iterable[tuple[str, bytes]]) -> str | None:
    """The key for files given as (name, bytes) in load order; None if magref's own source
    cannot be read (then nothing is cached)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"magref-cache {FORMAT} {sys.version} PyYAML {_yaml_version()}\0".encode())
    here = Path(__file__).parent
    try:
        for name in _CODE:
            _add(digest, (here / name).read_bytes())
    except OSError:
        return None
    for name, data in files:
        _add(digest, name.encode("utf-8", "surrogateescape"))
        _add(digest, data)
    return digest.hexdigest()


def _yaml_version() -> str:
    """PyYAML's version, read from its __init__.py without importing it (a cache hit must not
    pay for the import); its whole source if no version line is found."""
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    if spec is None or spec.origin is None:
        return "absent"
    try:
        source = Path(spec.origin).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return "unreadable"
    found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", source, re.MULTILINE)
    return found.group(1) if found else source


def _add(digest: Any, data: bytes) -> None:
    digest.update(len(data).to_bytes(8, "little"))
    digest.update(data)


def _entry(cache_key: str) -> Path:
    return directory() / f"parsed-{cache_key}.pickle"


class _RecordUnpickler(pickle.Unpickler):
    """Builds magref records (the catalogue's and the profile) and plain values (str, int,
    float, bool, None, tuple, dict), and refuses any other class or function a pickle names."""

    def find_class(self, module: str, name: str) -> Any:
        known = module in (
            "magref.model",
            "magref.model_safety",
            "magref.model_reference",
            "magref.model_evidence",
        )
        record = getattr(model, name, None) if known else None
        if record is None or not model.is_record(record):
            raise pickle.UnpicklingError(f"not a magref record: {module}.{name}")
        return record


def trusted(where: Path) -> bool:
    """Whether a cache directory may be read from and written to: it is a real directory (not
    a link), this user's, and no one else can write to it. Another user's directory (or one
    the group or the world can write) could hold entries this user did not make."""
    try:
        info = os.lstat(where)
    except (OSError, ValueError):
        return False
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and mine and not info.st_mode & 0o022


def _seal(cache_key: str, payload: bytes) -> bytes:
    """An entry: a digest of the pickle keyed by the cache key, then the pickle. An entry
    whose bytes were changed (or that belongs to another key) fails the digest: a miss."""
    return hashlib.blake2b(payload, key=cache_key.encode()[:64], digest_size=32).digest() + payload


def get(cache_key: str, expected: type[R]) -> R | None:
    """The cached record for this key, or None: absent, unreadable, in an untrusted
    directory, changed since it was written, or not an `expected` record."""
    from magref.errors import CatalogueError
    from magref.files import read_bytes

    if not trusted(directory()):
        return None
    try:
        data = read_bytes(_entry(cache_key))
    except CatalogueError:
        return None
    digest, payload = data[:32], data[32:]
    if len(data) < 32 or _seal(cache_key, payload)[:32] != digest:
        return None
    try:
        with gc_paused():
            value = _RecordUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - any broken entry is only a miss
        return None
    return value if isinstance(value, expected) else None


def through(cache_key: str | None, expected: type[R], build: Callable[[], R]) -> R:
    """The cached record for this key, else `build()`'s, stored for next time. A build that
    raises (a file with problems) stores nothing; a None key (uncacheable) always builds."""
    if cache_key is not None:
        hit = get(cache_key, expected)
        if hit is not None:
            return hit
    value = build()
    if cache_key is not None:
        put(cache_key, value)
    return value


def put(cache_key: str, record: object) -> None:
    """Store a validated record under its key, atomically; failures are ignored."""
    where = directory()
    try:
        data = _seal(cache_key, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not trusted(where):
            return
        write_atomic(_entry(cache_key), data, prefix=".parsed-")
        _prune(where)
    except (OSError, pickle.PicklingError, RecursionError):
        pass


def _prune(where: Path) -> None:
    entries = sorted(where.glob("parsed-*.pickle"), key=_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
