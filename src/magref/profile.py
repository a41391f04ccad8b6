"""The user's saved defaults (age, sex, stage, authority, weight, kidney disease,
medications): where they live, reading and saving them, and applying the changes
`magref profile` asks for."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from magref.errors import MagrefError, UsageError
from magref.model import Profile

__all__ = ["Profile", "edit", "load", "path", "save"]


def path() -> Path:
    import platformdirs  # only the commands that use a profile pay for it

    return Path(platformdirs.user_config_dir("magref")) / "profile.yaml"


def load() -> Profile:
    """The saved profile, or an empty one; a broken file is an error, never ignored. A profile
    that passed the checks once is read back from the parse cache while it is unchanged."""
    from magref import cache
    from magref.errors import CatalogueError
    from magref.files import lstat, read_bytes

    file = path()
    if lstat(file) is None:
        return Profile()
    try:
        data = read_bytes(file)
        text = data.decode("utf-8")
    except CatalogueError as exc:
        raise MagrefError(f"cannot read the profile: {exc}") from None
    except UnicodeDecodeError:
        raise MagrefError(f"{file}:1: (file): cannot read the profile: not UTF-8 text") from None
    if not text.strip():
        return Profile()

    def parsed() -> Profile:
        from magref.bind import parse_record

        return parse_record(text, Profile, str(file))

    return cache.through(cache.key([(f"profile {file}", data)]), Profile, parsed)


def save(profile: Profile) -> Path:
    import yaml

    from magref.files import write_atomic

    file = path()
    data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in profile._asdict().items()}
    data = {k: v for k, v in data.items() if v not in (None, [], False)}
    text = "# magref profile: edit with `magref profile`\n"
    text += yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(file, text.encode("utf-8"), prefix=".profile.")
    except OSError as exc:
        raise MagrefError(f"cannot save the profile to {file}: {exc.strerror}") from None
    return file


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """Hold a lock on the profile's directory while the profile is read, changed and saved,
    so that concurrent `magref profile` runs apply one after another and none is lost. The
    lock is the directory's own (flock), so no lock file is left behind."""
    import fcntl

    folder = path().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise MagrefError(f"cannot use the profile's directory {folder}: {reason}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


_CHOICES = {"sex": ("male", "female"), "stage": ("pregnant", "lactating")}


def edit(
    current: Profile,
    *,
    age: str | None,
    sex: str | None,
    stage: str | None,
    authority: str | None,
    weight: str | None,
    find_authority: Callable[[str], str],
    kidney_disease: bool | None,
    medications: list[str],
    clear_medications: bool,
) -> dict[str, Any]:
    """The changes to `current` that the options ask for ("none" clears a value), checked in
    the order of the options before anything is saved; `find_authority` turns a name into a
    known authority's id or raises."""
    from magref.doses import parse_age, parse_weight

    changes: dict[str, Any] = {}
    if age is not None and age != "none":
        parse_age(age)  # refuse an unreadable age before saving it
    if age is not None:
        changes["age"] = None if age == "none" else age.strip()
    for key, value in (("sex", sex), ("stage", stage)):
        if value is not None:
            allowed = _CHOICES[key]
            if value not in (*allowed, "none"):
                raise UsageError(f"--{key} must be one of: {', '.join(allowed)}, none")
            changes[key] = None if value == "none" else value
    if authority is not None:
        changes["authority"] = None if authority == "none" else find_authority(authority)
    if weight is not None:
        changes["weight_kg"] = None if weight == "none" else float(parse_weight(weight))
    if kidney_disease is not None:
        changes["kidney_disease"] = kidney_disease
    meds = () if clear_medications else current.medications
    if medications:
        meds = tuple(dict.fromkeys([*meds, *(m.strip() for m in medications)]))
    if meds != current.medications:
        changes["medications"] = meds
    return changes
