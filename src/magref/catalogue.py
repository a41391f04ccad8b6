"""Finding and loading the catalogue (the bundled file and the user's files, through the parse
cache), and looking forms and topics up by name.

This is the start-up path of every command, so it imports little: on a cache hit no YAML is
read at all. Parsing and validation live in `magref.parse`, loaded only on a miss.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from magref.errors import CatalogueError, UnknownFormError, UnknownTopicError, UsageError
from magref.model import Catalogue, Form


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing allocates a node and a record per value and frees them by reference counting;
    the cyclic collector only slows it down, walking an ever-growing heap again and again (a
    10,000-form file took twice as long, and the time grew faster than the file). So it is
    paused, and what was built is frozen: later collections skip the catalogue, which lives
    as long as the process. Nested uses leave the collector to the outermost."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


# ---- finding and reading catalogue files ---------------------------------------------------


def bundled_path() -> Path:
    """Where the bundled catalogue is: inside the installed package (the wheel puts it at
    magref/data/forms.yaml), else in the source tree."""
    packaged = Path(__file__).with_name("data") / "forms.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "forms.yaml"


def read_bytes(path: Path) -> bytes:
    """A catalogue file's bytes; a missing or unreadable file is a CatalogueError."""
    try:
        return path.read_bytes()
    except ValueError:  # a NUL byte in the path, as from MAGREF_CATALOGUE
        raise CatalogueError([f"{path!r}:1: (file): not a usable file name"]) from None
    except OSError as exc:
        raise CatalogueError([f"{path}:1: (file): cannot read: {exc.strerror or exc}"]) from None


@functools.cache
def load_bundled() -> Catalogue:
    """The bundled catalogue, parsed (or read from the cache) once per process."""
    return _load(())


def load(files: tuple[Path, ...] = ()) -> Catalogue:
    """The bundled catalogue with each user file merged in, in order (a later file's entry
    replaces an earlier one). Every problem in every file is reported together."""
    return _load(files) if files else load_bundled()


def _load(files: tuple[Path, ...]) -> Catalogue:
    """Load through the cache: the key covers every file's name and bytes, so an edit to any
    of them is a miss. Only a catalogue that passed every check is ever stored."""
    from magref import cache

    bundled = bundled_path()
    try:
        read = {p: read_bytes(p) for p in (bundled, *files)}
    except CatalogueError:
        read = {}  # parsing reports every unreadable file together
    key = cache.key((str(p), data) for p, data in read.items()) if read else None
    return cache.through(key, Catalogue, lambda: _parse(bundled, files, read))


def _parse(bundled: Path, files: tuple[Path, ...], read: dict[Path, bytes]) -> Catalogue:
    """Parse the files (reusing the bytes already `read`), reporting every problem in every
    file together."""
    from magref import parse

    with gc_paused():
        if files:
            cat = load_bundled()
        else:
            cat = parse.parse(parse.read_text(bundled, read.get(bundled)), str(bundled))
        problems: list[str] = []
        for path in files:
            try:
                cat = parse.parse_user(parse.read_text(path, read.get(path)), str(path), cat)
            except CatalogueError as exc:
                problems += exc.problems
    if problems:
        raise CatalogueError(problems)
    return cat


class UserFile(NamedTuple):
    """A user catalogue magref may read, and why: the default file, MAGREF_CATALOGUE or
    --catalogue. Only the default file may be absent."""

    path: Path
    how: str
    required: bool

    @property
    def present(self) -> bool:
        try:
            return self.path.exists() or self.path.is_symlink()
        except ValueError:  # a NUL byte in the name: report it when it is read
            return True


def default_user_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("magref")) / "forms.yaml"


def user_files(environ: Mapping[str, str], options: Sequence[str]) -> list[UserFile]:
    """The user catalogues in the order they are merged: the default file, then each path in
    MAGREF_CATALOGUE (separated like PATH), then each --catalogue."""
    found = [UserFile(default_user_file(), "user catalogue", required=False)]
    found += [
        UserFile(Path(p), "MAGREF_CATALOGUE", required=True)
        for p in environ.get("MAGREF_CATALOGUE", "").split(os.pathsep)
        if p.strip()
    ]
    found += [UserFile(Path(p), "--catalogue", required=True) for p in options]
    return found


def files_to_load(files: list[UserFile]) -> tuple[Path, ...]:
    """The paths to read: each file once, a missing default file skipped."""
    paths: dict[Path, None] = {}
    for file in files:
        if file.required or file.present:
            paths.setdefault(file.path, None)
    return tuple(paths)


# ---- lookups ---------------------------------------------------------------------------------


def normalise(name: str) -> str:
    """Fold case, accents, punctuation and a leading 'magnesium' so names compare loosely."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[®™]|[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^magnesium ", "", text)


def find_form(cat: Catalogue, name: str) -> Form:
    """A form by id, name, alias or trade name; UnknownFormError with suggestions otherwise."""
    if not name.strip():
        raise UsageError("a form name is empty")
    wanted = normalise(name)
    index = {normalise(n): f for f in cat.forms for n in f.names()}
    if wanted and wanted in index:
        return index[wanted]
    import difflib  # only a name that is not found needs suggestions

    close = difflib.get_close_matches(wanted, list(index), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(index[c].id for c in close))[:3]
    raise UnknownFormError(name, suggestions)


def find_forms(cat: Catalogue, names: list[str]) -> list[Form]:
    """Forms in the order named, without repeats; every form when no name is given."""
    if not names:
        return list(cat.forms)
    return list({f.id: f for f in (find_form(cat, n) for n in names)}.values())


def find_topic(cat: Catalogue, name: str) -> str:
    wanted = normalise(name)
    for topic in cat.topics:
        if wanted in (normalise(topic.id), normalise(topic.name)):
            return topic.id
    raise UnknownTopicError(name, [t.id for t in cat.topics])
