"""The user's saved defaults (age, sex, stage, authority, kidney disease, medications)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from magref.errors import MagrefError
from magref.model import Sex, Stage


class Profile(NamedTuple):
    """A record like the catalogue's, so the same strict loader reads it."""

    age: str | None = None
    sex: Sex | None = None
    stage: Stage | None = None
    authority: str | None = None
    kidney_disease: bool = False
    medications: tuple[str, ...] = ()


def path() -> Path:
    import platformdirs  # only the commands that use a profile pay for it

    return Path(platformdirs.user_config_dir("magref")) / "profile.yaml"


def load() -> Profile:
    """The saved profile, or an empty one; a broken file is an error, never ignored. A profile
    that passed the checks once is read back from the parse cache while it is unchanged."""
    from magref import cache

    file = path()
    if not file.exists():
        return Profile()
    try:
        data = file.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MagrefError(f"{file}:1: (file): cannot read the profile: {exc}") from None
    if not text.strip():
        return Profile()

    def parsed() -> Profile:
        from magref.parse import parse_record

        return parse_record(text, Profile, str(file))

    return cache.through(cache.key([(f"profile {file}", data)]), Profile, parsed)


def save(profile: Profile) -> Path:
    import tempfile

    import yaml

    file = path()
    data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in profile._asdict().items()}
    data = {k: v for k, v in data.items() if v not in (None, [], False)}
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".profile.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("# magref profile: edit with `magref profile`\n")
            yaml.safe_dump(data, handle, sort_keys=False, allow_unicode=True)
        os.replace(tmp, file)
    except OSError as exc:
        raise MagrefError(f"cannot save the profile to {file}: {exc.strerror}") from None
    return file
