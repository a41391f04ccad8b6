"""What changed between two catalogues: the domain part of `magref diff OLD NEW`.

`compare(old, new)` walks both catalogues' records generically (named tuple fields, lists and
mappings), so a field added to the model is compared without any change here. List entries
are matched by identity (an `id`, a use's `topic`, a band's `label`, an intake kind's `kind`),
mapping entries by key, and entries with no identity (cautions, marketing, spacing) by
position. An entry found in only one catalogue is one `added` or `removed` change with a short
summary; a differing value is one `changed` change with both values. Reordering entries is not
a change. `render_markdown` gives a bullet list for CHANGELOG.md and reviewers, `render_json`
the same changes as JSON."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any, Literal, NamedTuple, get_args, get_origin, get_type_hints

from magref.model import NOT_IN_FILE, Catalogue, Form, Source, Variant, is_record
from magref.text import md, one_line

Kind = Literal["added", "removed", "changed"]
Value = str | int | float | bool | None

# The field that names a list entry, in order of preference; entries with none (or with
# repeated names) are matched by position.
IDENTITY = ("id", "authority", "topic", "label", "kind")
# Fields that describe an added or removed entry, in order of preference.
_DESCRIBE = ("name", "citation", "text", "claim", "advice", "summary", "document")
# Nouns for collections whose field name does not make a good one by dropping a final "s".
_NOUNS = {
    "authorities": "authority",
    "intake_kinds": "intake kind",
    "marketing": "marketing claim",
    "laxative_scale": "laxative scale entry",
    "severity_scale": "severity scale entry",
}


class Change(NamedTuple):
    """One difference. `path` names entries by identity (`forms.citrate.variants.anhydrous`),
    or by position (`spacing[0]`) where they have none; `old` and `new` are plain values, or a
    summary of an entry that was added or removed (None on the side where it is missing)."""

    kind: Kind
    path: str
    old: Value
    new: Value


def compare(old: Catalogue, new: Catalogue) -> list[Change]:
    """Every difference from `old` to `new`, in model field order, entries in `new`'s order
    (removed entries where they were). Loader-filled fields (`model.NOT_IN_FILE`) are skipped."""
    out: list[Change] = []
    _walk("", old, new, out)
    return out


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _walk(path: str, old: Any, new: Any, out: list[Change]) -> None:
    if old == new:
        return
    if old is None and is_record(type(new)):  # an optional record appears, or goes
        out.append(Change("added", path, None, summary(new)))
    elif new is None and is_record(type(old)):
        out.append(Change("removed", path, summary(old), None))
    elif is_record(type(old)) and type(old) is type(new):
        for name in old._fields:
            if name not in NOT_IN_FILE:
                _walk(_join(path, name), getattr(old, name), getattr(new, name), out)
    elif isinstance(old, dict) and isinstance(new, dict):
        old_d = {str(k): v for k, v in old.items()}
        _entries(path, old_d, {str(k): v for k, v in new.items()}, out, by_position=False)
    elif isinstance(old, tuple) and isinstance(new, tuple) and _has_records(old + new):
        old_keys, new_keys = _keys(old), _keys(new)
        if old_keys is not None and new_keys is not None:
            old_d, new_d = (
                dict(zip(old_keys, old, strict=True)),
                dict(zip(new_keys, new, strict=True)),
            )
            _entries(path, old_d, new_d, out, by_position=False)
        else:
            old_d = {f"[{i}]": item for i, item in enumerate(old)}
            new_d = {f"[{i}]": item for i, item in enumerate(new)}
            _entries(path, old_d, new_d, out, by_position=True)
    else:
        out.append(Change("changed", path, _plain(old), _plain(new)))


def _has_records(items: tuple[Any, ...]) -> bool:
    return any(is_record(type(item)) for item in items)


def _keys(items: tuple[Any, ...]) -> list[str] | None:
    """Each item's identity, or None if the items have no identity field or repeat one."""
    if not items:
        return []
    fields = type(items[0])._fields
    name = next((f for f in IDENTITY if f in fields), None)
    if name is None or any(type(item) is not type(items[0]) for item in items):
        return None
    keys = [str(getattr(item, name)) for item in items]
    return keys if len(set(keys)) == len(keys) else None


def _entries(
    path: str, old: dict[str, Any], new: dict[str, Any], out: list[Change], by_position: bool
) -> None:
    for key in _merged_order(list(old), list(new)):
        sub = path + key if by_position else _join(path, key)
        if key in old and key in new:
            _walk(sub, old[key], new[key], out)
        elif key in old:
            out.append(Change("removed", sub, summary(old[key]), None))
        else:
            out.append(Change("added", sub, None, summary(new[key])))


def _merged_order(old: list[str], new: list[str]) -> list[str]:
    """`new`'s keys in order, each removed key placed after the key it followed in `old`."""
    kept = set(new)
    after: dict[str | None, list[str]] = {}
    previous: str | None = None
    for key in old:
        if key in kept:
            previous = key
        else:
            after.setdefault(previous, []).append(key)
    order = list(after.get(None, []))
    for key in new:
        order += [key, *after.get(key, [])]
    return order


def _number(value: float) -> str:
    return f"{value:g}"


def summary(value: Any) -> str:
    """A short description of an entry: a form's name and each variant's formula and elemental
    magnesium, a source's citation and identifiers, else the entry's name, label or text."""
    if isinstance(value, Form):
        parts = "; ".join(
            f"{v.formula}, {_number(v.elemental_mg_percent)} % Mg" for v in value.variants
        )
        return f"{value.name} ({parts})" if parts else value.name
    if isinstance(value, Variant):
        return f"{value.name} ({value.formula}, {_number(value.elemental_mg_percent)} % Mg)"
    if isinstance(value, Source):
        ids = "; ".join(value.identifiers())
        return f"{value.citation} ({ids})" if ids else value.citation
    if is_record(type(value)):
        fields = [f for f in value._fields if f not in NOT_IN_FILE]
        text = next((getattr(value, f) for f in _DESCRIBE if f in fields), None)
        if isinstance(text, str) and text:
            return text
        scalars = [
            f"{f} {_text(getattr(value, f))}"
            for f in fields
            if f not in IDENTITY and getattr(value, f) not in (None, "", ())
        ]
        return ", ".join(scalars)
    if isinstance(value, dict):
        return ", ".join(str(k) for k in value)
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _plain(value: Any) -> Value:
    """A value as JSON-friendly scalar: itself if it is one, else a summary string."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return summary(value)


# Rendering.


@cache
def _collections() -> dict[str, str]:
    """Every field that holds entries (a list of records, or a mapping), and its noun."""
    nouns: dict[str, str] = {}
    todo: list[Any] = [Catalogue]
    seen: set[Any] = set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for name, hint in get_type_hints(cls).items():
            args = get_args(hint)
            if get_origin(hint) is dict or (
                get_origin(hint) is tuple and any(is_record(a) for a in args)
            ):
                nouns[name] = _NOUNS.get(name, name.replace("_", " ").removesuffix("s"))
            todo += [t for t in (hint, *args) if is_record(t)]
    return nouns


@cache
def _collection_pattern() -> re.Pattern[str]:
    names = "|".join(sorted(map(re.escape, _collections()), key=len, reverse=True))
    return re.compile(rf"(?:^|\.)({names})(?=[.\[])")


def _code(text: str) -> str:
    """An identifier as a code span: one line, backticks removed so it cannot end the span."""
    text = one_line(text).replace("`", "").strip()
    return f"`{text}`" if text else "*(unnamed)*"


def _entry(path: str) -> tuple[str, str]:
    """The noun for the entry at `path` and how to name it: a top-level entry by its
    identity (`ascorbate`), a nested one by its whole path."""
    matches = list(_collection_pattern().finditer(path))
    if not matches:
        return "entry", path
    last = matches[-1]
    name = last.group(1)
    noun = _collections()[name]
    if last.start() == 0 and path[len(name)] == ".":
        return noun, path[len(name) + 1 :]
    return noun, path


def _value(value: Value) -> str:
    if value is None:
        return "*none*"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return f'"{md(value)}"' if value.strip() else "*empty*"


def render_markdown(changes: list[Change], old_name: str, new_name: str) -> str:
    """The changes as a Markdown bullet list, one line per change, every value escaped."""
    if not changes:
        return f"{_code(old_name)} and {_code(new_name)} hold the same data.\n"
    lines = []
    for c in changes:
        if c.kind == "changed":
            lines.append(f"- changed {_code(c.path)}: {_value(c.old)} → {_value(c.new)}")
            continue
        noun, name = _entry(c.path)
        value = c.new if c.kind == "added" else c.old
        text = md(str(value)) if value is not None and str(value).strip() else ""
        lines.append(f"- {c.kind} {noun} {_code(name)}" + (f": {text}" if text else ""))
    return "\n".join(lines) + "\n"


def render_json(changes: list[Change], old_name: str, new_name: str) -> str:
    """The changes as a magref JSON document of kind "diff"."""
    doc = {
        "magref_json": 1,
        "kind": "diff",
        "old": old_name,
        "new": new_name,
        "changes": [c._asdict() for c in changes],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
