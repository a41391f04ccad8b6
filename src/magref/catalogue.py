"""Finding and loading the catalogue (the bundled data files and the user's files, through the
parse cache), merging user catalogues into it, and looking forms and topics up by name.

This is the start-up path of every command, so it imports little: on a cache hit no YAML is
read at all. Parsing and validation live in `magref.parse`, loaded only on a miss.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from magref.errors import (
    CatalogueError,
    UnknownFormError,
    UnknownTopicError,
    UnverifiedFormError,
    UsageError,
)
from magref.files import read_bytes, read_text
from magref.gcpause import gc_paused
from magref.model import Catalogue, Form, UserCatalogue
from magref.names import normalise

# ---- finding and reading catalogue files ---------------------------------------------------


DATA_ENV = "MAGREF_DATA"


def bundled_location() -> Path:
    """Where the bundled catalogue is: the directory (or single complete file) that
    MAGREF_DATA names, else the data directory inside the installed package (the wheel puts
    data/ at magref/data), else data/ in the source tree."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    packaged = Path(__file__).with_name("data")
    if os.path.isdir(packaged):
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def catalogue_files(location: Path) -> tuple[Path, ...]:
    """The files of a complete catalogue: every *.yaml file of a directory, by name, or the one
    file given. A location that cannot be listed is returned as is, for reading to report; a
    directory without a *.yaml file is a CatalogueError naming it."""
    try:
        found = tuple(sorted(location.glob("*.yaml"))) if os.path.isdir(location) else (location,)
    except (OSError, ValueError):
        return (location,)
    if not found:
        raise CatalogueError([f"{location}:1: (file): holds no catalogue (*.yaml) files"])
    return found


def load_bundled() -> Catalogue:
    """The bundled catalogue, parsed (or read from the cache) once per process and location."""
    return _load_bundled(bundled_location())


@functools.cache
def _load_bundled(location: Path) -> Catalogue:
    return _load(())


def load(files: tuple[Path, ...] = ()) -> Catalogue:
    """The bundled catalogue with each user file merged in, in order (a later file's entry
    replaces an earlier one). Every problem in every file is reported together."""
    return _load(files) if files else load_bundled()


def _load(files: tuple[Path, ...]) -> Catalogue:
    """Load through the cache: the key covers every file's name and bytes, so an edit to any
    of them is a miss. Only a catalogue that passed every check is ever stored."""
    from magref import cache

    bundled = catalogue_files(bundled_location())
    try:
        read = {p: read_bytes(p) for p in (*bundled, *files)}
    except CatalogueError:
        read = {}  # parsing reports every unreadable file together
    key = cache.key((str(p), data) for p, data in read.items()) if read else None
    return cache.through(key, Catalogue, lambda: _parse(bundled, files, read))


def load_path(location: Path) -> Catalogue:
    """A complete catalogue on its own (a data directory, or one file holding every section),
    without user files, as `magref diff` compares them. Not cached."""
    from magref import migrate, parse

    files = catalogue_files(location)
    if len(files) == 1:
        text = read_text(files[0])
        if migrate.is_old(text):
            with gc_paused():
                return parse.parse([(str(files[0]), migrate.upgrade(text, load_bundled()))])
    return _parse(files, (), {})


def _parse(
    bundled: tuple[Path, ...], files: tuple[Path, ...], read: dict[Path, bytes]
) -> Catalogue:
    """Parse the files (reusing the bytes already `read`), reporting every problem in every
    file together."""
    from magref import parse

    with gc_paused():
        if files:
            cat = load_bundled()
        else:
            cat = parse.parse(_texts(bundled, read))
        problems: list[str] = []
        for path in files:
            try:
                text = read_text(path, read.get(path))
                cat = merge(cat, parse.parse_user(text, str(path), cat), str(path))
            except CatalogueError as exc:
                problems += exc.problems
    if problems:
        raise CatalogueError(problems)
    return cat


def _texts(paths: tuple[Path, ...], read: dict[Path, bytes]) -> list[tuple[str, str]]:
    """(origin, text) for each file; every file that cannot be read is reported together."""
    texts, problems = [], []
    for path in paths:
        try:
            texts.append((str(path), read_text(path, read.get(path))))
        except CatalogueError as exc:
            problems += exc.problems
    if problems:
        raise CatalogueError(problems)
    return texts


def merge(base: Catalogue, user: UserCatalogue, origin: str) -> Catalogue:
    """`base` with a user file's entries: replacing those with the same id, else appended;
    every entry from the file records it as its origin."""

    def combine(old: tuple[Any, ...], new: tuple[Any, ...], key: Callable[[Any], str]) -> Any:
        merged = {key(item): item for item in old}
        for item in new:
            merged[key(item)] = item._replace(origin=origin, replaces=key(item) in merged)
        return tuple(merged.values())

    sources = dict(base.sources)
    for k, src in user.sources.items():
        sources[k] = src._replace(origin=origin, replaces=k in sources)
    return base._replace(
        sources=sources,
        topics=combine(base.topics, user.topics, lambda t: t.id),
        forms=combine(base.forms, user.forms, lambda f: f.id),
        authorities=combine(base.authorities, user.authorities, lambda a: a.id),
        interactions=combine(base.interactions, user.interactions, lambda i: i.id),
    )


class UserFile(NamedTuple):
    """A user catalogue magref may read, and why: the default file, MAGREF_CATALOGUE or
    --catalogue. Only the default file may be absent."""

    path: Path
    how: str
    required: bool

    @property
    def present(self) -> bool:
        try:
            return os.path.lexists(self.path)
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


def find_form(cat: Catalogue, name: str) -> Form:
    """A form by id, name, alias or trade name; UnknownFormError with suggestions otherwise."""
    if not name.strip():
        raise UsageError("a form name is empty")
    wanted = normalise(name)
    index = {normalise(n): f for f in cat.forms for n in f.names()}
    if wanted and wanted in index:
        return index[wanted]
    for unverified in cat.unverified_forms:
        if wanted in {normalise(n) for n in unverified.names()}:
            raise UnverifiedFormError(
                name, unverified.name, " ".join(unverified.why.split()), unverified.sources
            )
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
    """A topic by its id, name or a word people use for it; an unknown word gets the nearest."""
    wanted = normalise(name)
    words = {normalise(w): t.id for t in cat.topics for w in (t.id, t.name, *t.words)}
    if wanted in words:
        return words[wanted]
    close = difflib.get_close_matches(wanted, list(words), n=1, cutoff=0.6)
    contains = [t for w, t in words.items() if wanted and (wanted in w or w in wanted)]
    nearest = words[close[0]] if close else (contains[0] if contains else None)
    raise UnknownTopicError(name, nearest, [t.id for t in cat.topics])
