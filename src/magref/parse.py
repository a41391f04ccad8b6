"""Strictly parsing and validating catalogue files: YAML to records, every problem reported
with its file and line. Only this module imports PyYAML; a cached catalogue never needs it."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from magref.catalogue import gc_paused, normalise, read_bytes
from magref.errors import CatalogueError
from magref.model import (
    NOT_IN_FILE,
    USER_SECTIONS,
    Catalogue,
    Form,
    Laxative,
    Severity,
    Source,
    Use,
    UserCatalogue,
    is_record,
)

try:  # libyaml's composer is several times faster; the checks below do not depend on it
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

_TAG_NAMES = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:map": "a mapping",
    "tag:yaml.org,2002:seq": "a list",
}
_SCALARS = yaml.constructor.SafeConstructor()
_BAD = object()  # marks a value that failed validation; its problems are already recorded
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ID_PATTERN = r"^[a-z][a-z0-9-]*$"  # ids and keys: lower-case-with-hyphens
_ID = re.compile(ID_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SCHEMA_VERSION = 1
T = TypeVar("T")


@dataclass
class _Context:
    origin: str
    budget: int
    problems: list[str]
    lines: dict[str, int]
    refs: list[tuple[str, str, str, int]]  # (kind, key, path, line)

    def problem(self, line: int, path: str, message: str) -> None:
        self.problems.append(f"{self.origin}:{line}: {path or '(top level)'}: {message}")


def _describe(node: yaml.Node) -> str:
    return _TAG_NAMES.get(node.tag, f"a value tagged {node.tag}")


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def file_fields(cls: type) -> dict[str, Any]:
    """The fields a catalogue file may set for a record type, with whether each is required."""
    hints = _hints(cls)
    defaults = cls._field_defaults  # type: ignore[attr-defined]
    return {
        name: (hints[name], name not in defaults)
        for name in cls._fields  # type: ignore[attr-defined]
        if name not in NOT_IN_FILE
    }


def _build(node: yaml.Node, tp: Any, path: str, ctx: _Context) -> Any:
    ctx.budget -= 1
    if ctx.budget < 0:
        if ctx.budget == -1:
            ctx.problem(_line(node), path, "document expands to too many values (alias bomb?)")
        return _BAD
    ctx.lines.setdefault(path, _line(node))
    if node.tag not in _TAG_NAMES:
        ctx.problem(_line(node), path, f"YAML tag {node.tag!r} is not allowed")
        return _BAD
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        value = _build(node, str, path, ctx)
        if value is not _BAD and value not in typing.get_args(tp):
            allowed = ", ".join(typing.get_args(tp))
            ctx.problem(_line(node), path, f"{value!r} is not one of: {allowed}")
            return _BAD
        return value
    if origin in (types.UnionType, typing.Union):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(node, inner, path, ctx)
    if origin is tuple:
        return _build_list(node, typing.get_args(tp)[0], path, ctx)
    if origin is dict:
        return _build_dict(node, typing.get_args(tp)[1], path, ctx)
    if is_record(tp):
        return _build_record(node, tp, path, ctx)
    return _build_scalar(node, tp, path, ctx)


def _build_scalar(node: yaml.Node, tp: type, path: str, ctx: _Context) -> Any:
    expected = {str: "text", int: "an integer", float: "a number", bool: "true or false"}[tp]
    accepted = {
        str: {"tag:yaml.org,2002:str"},
        int: {"tag:yaml.org,2002:int"},
        float: {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"},
        bool: {"tag:yaml.org,2002:bool"},
    }[tp]
    if not isinstance(node, yaml.ScalarNode) or node.tag not in accepted:
        hint = " (put it in quotes)" if tp is str and isinstance(node, yaml.ScalarNode) else ""
        ctx.problem(_line(node), path, f"expected {expected}, got {_describe(node)}{hint}")
        return _BAD
    if tp is str:
        text = str(node.value)
        if _CONTROL.search(text):
            ctx.problem(_line(node), path, "text contains a control character")
            return _BAD
        return text
    if tp is bool:
        return _SCALARS.construct_yaml_bool(node)
    if tp is int:
        return _SCALARS.construct_yaml_int(node)
    value = float(_SCALARS.construct_yaml_float(node))
    if value != value or value in (float("inf"), float("-inf")):
        ctx.problem(_line(node), path, "expected a finite number")
        return _BAD
    return value


def _build_list(node: yaml.Node, item: Any, path: str, ctx: _Context) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        ctx.problem(_line(node), path, f"expected a list, got {_describe(node)}")
        return _BAD
    items = [_build(child, item, f"{path}[{i}]", ctx) for i, child in enumerate(node.value)]
    return _BAD if any(v is _BAD for v in items) else tuple(items)


def _mapping_items(
    node: yaml.Node, path: str, ctx: _Context
) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
    """The key/value pairs of a mapping node, with duplicate and non-text keys reported."""
    if not isinstance(node, yaml.MappingNode):
        ctx.problem(_line(node), path, f"expected a mapping, got {_describe(node)}")
        return None
    seen: dict[str, int] = {}
    items: list[tuple[str, yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            ctx.problem(_line(key_node), path, f"keys must be text, got {_describe(key_node)}")
            continue
        key = str(key_node.value)
        if key in seen:
            where = f"{path}.{key}" if path else key
            ctx.problem(_line(key_node), where, f"duplicate key (first at line {seen[key]})")
            continue
        seen[key] = _line(key_node)
        items.append((key, key_node, value_node))
    return items


def _build_dict(node: yaml.Node, item: Any, path: str, ctx: _Context) -> Any:
    items = _mapping_items(node, path, ctx)
    if items is None:
        return _BAD
    result = {}
    for key, key_node, value_node in items:
        if not _ID.match(key):
            ctx.problem(_line(key_node), f"{path}.{key}", "keys must be lower-case-with-hyphens")
            result[key] = _BAD
            continue
        result[key] = _build(value_node, item, f"{path}.{key}", ctx)
    return _BAD if any(v is _BAD for v in result.values()) else result


def _build_record(node: yaml.Node, cls: type, path: str, ctx: _Context) -> Any:
    items = _mapping_items(node, path, ctx)
    if items is None:
        return _BAD
    allowed = file_fields(cls)
    values: dict[str, Any] = {}
    failed = False
    for key, key_node, value_node in items:
        where = f"{path}.{key}" if path else key
        if key not in allowed and cls is UserCatalogue and key in file_fields(Catalogue):
            sections = ", ".join(USER_SECTIONS)
            ctx.problem(
                _line(key_node),
                where,
                f"only the bundled catalogue sets this; a user file may have: {sections}",
            )
            failed = True
            continue
        if key not in allowed:
            close = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            ctx.problem(_line(key_node), where, f"unknown field{hint}")
            failed = True
            continue
        tp, required = allowed[key]
        value = _build(value_node, tp, where, ctx)
        if value is _BAD:
            failed = True
            continue
        if required and isinstance(value, str) and not value.strip():
            ctx.problem(_line(value_node), where, "must not be empty")
            failed = True
            continue
        if key == "sources" and isinstance(value, tuple):
            for i, ref in enumerate(value):
                ctx.refs.append(("source", ref, f"{where}[{i}]", _line(value_node.value[i])))
        if cls is Use and key == "topic":
            ctx.refs.append(("topic", value, where, _line(value_node)))
        values[key] = value
    for name, (_, required) in allowed.items():
        if required and name not in values and not any(k == name for k, _, _ in items):
            ctx.problem(_line(node), path, f"missing required field {name!r}")
            failed = True
    return _BAD if failed else cls(**values)


def _compose(text: str, origin: str) -> yaml.Node:
    """The YAML node tree of a document (safe loading: nothing is constructed yet)."""
    try:
        node = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark else 1
        problem = " ".join(str(exc.problem or exc).split())
        raise CatalogueError([f"{origin}:{line}: (syntax): {problem}"]) from None
    except yaml.YAMLError as exc:
        raise CatalogueError([f"{origin}:1: (syntax): {' '.join(str(exc).split())}"]) from None
    if node is None:
        raise CatalogueError([f"{origin}:1: (top level): the file is empty"])
    return node


def _context(text: str, origin: str) -> _Context:
    # Every value in the file costs one unit: a document can only expand (through aliases) to
    # a little more than its own length before it is refused, so alias bombs stay cheap.
    return _Context(origin=origin, budget=len(text) + 1000, problems=[], lines={}, refs=[])


def parse(text: str, origin: str) -> Catalogue:
    """Parse and validate a complete catalogue (the bundled one); raise CatalogueError listing
    every problem. Entries keep an empty origin: they are the bundled ones."""
    ctx = _context(text, origin)
    with gc_paused():
        node = _compose(text, origin)
        catalogue = _build(node, Catalogue, "", ctx)
    _check_references(node, ctx, {"source": set(), "topic": set()})
    if catalogue is not _BAD:
        catalogue = catalogue._replace(
            sources={k: s._replace(key=k) for k, s in catalogue.sources.items()}
        )
        _check(catalogue, ctx)
    if ctx.problems:
        raise CatalogueError(ctx.problems)
    assert isinstance(catalogue, Catalogue)
    return catalogue


def parse_user(text: str, origin: str, base: Catalogue) -> Catalogue:
    """Parse and validate a user catalogue and merge it into `base`: new ids are added, an
    existing id is replaced, and every entry from the file records it as its origin."""
    ctx = _context(text, origin)
    with gc_paused():
        node = _compose(text, origin)
        user = _build(node, UserCatalogue, "", ctx)
    known = {"source": set(base.sources), "topic": {t.id for t in base.topics}}
    _check_references(node, ctx, known)
    if user is not _BAD:
        user = user._replace(sources={k: s._replace(key=k) for k, s in user.sources.items()})
        if user.schema_version != SCHEMA_VERSION:
            where = "schema_version"
            ctx.problem(ctx.lines.get(where, 1), where, f"must be {SCHEMA_VERSION}")
        _check_entries(user, ctx, base)
    if ctx.problems:
        raise CatalogueError(ctx.problems)
    assert isinstance(user, UserCatalogue)
    return merge(base, user, origin)


def merge(base: Catalogue, user: UserCatalogue, origin: str) -> Catalogue:
    """`base` with the user's entries: replacing those with the same id, else appended."""

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
        limits=combine(base.limits, user.limits, lambda lim: lim.authority),
        interactions=combine(base.interactions, user.interactions, lambda i: i.id),
    )


def parse_record(text: str, cls: type[T], origin: str) -> T:
    """Parse a small YAML document (such as the profile) into one record type, strictly."""
    ctx = _context(text, origin)
    try:
        node = _compose(text, origin)
    except CatalogueError as exc:
        if not exc.problems[0].endswith("the file is empty"):
            raise
        return cls()
    value: T = _build(node, cls, "", ctx)
    if ctx.problems:
        raise CatalogueError(ctx.problems)
    return value


def _check(cat: Catalogue, ctx: _Context) -> None:
    """Checks on the sections only the bundled catalogue has, then on its entries."""

    def at(path: str) -> int:
        return ctx.lines.get(path, 1)

    if cat.schema_version != SCHEMA_VERSION:
        ctx.problem(at("schema_version"), "schema_version", f"must be {SCHEMA_VERSION}")
    if not _DATE.match(cat.reviewed):
        ctx.problem(at("reviewed"), "reviewed", "must be a date written YYYY-MM-DD, in quotes")
    levels = set(typing.get_args(typing.get_type_hints(Use)["level"]))
    if set(cat.evidence_levels) != levels:
        ctx.problem(at("evidence_levels"), "evidence_levels", f"must describe exactly: {levels}")
    if set(cat.laxative_scale) != set(typing.get_args(Laxative)):
        ctx.problem(at("laxative_scale"), "laxative_scale", "must describe every laxative level")
    if set(cat.severity_scale) != set(typing.get_args(Severity)):
        ctx.problem(at("severity_scale"), "severity_scale", "must describe every severity")
    _check_bands("intakes.bands", cat.intakes.bands, ctx, at)
    if cat.intakes.adult_band not in {b.label for b in cat.intakes.bands}:
        where = "intakes.adult_band"
        ctx.problem(at(where), where, "must be the label of one of the bands")
    _check_entries(cat, ctx, None)


def _check_entries(cat: Catalogue | UserCatalogue, ctx: _Context, base: Catalogue | None) -> None:
    """Checks that span records: unique ids (within the file) and unique form and drug names
    (across the file and the `base` entries it does not replace), identifiers, ranges."""

    def at(path: str) -> int:
        return ctx.lines.get(path, 1)

    for key, src in cat.sources.items():
        _check_source(src, f"sources.{key}", ctx, at)
    authorities: set[str] = set()
    for i, limit in enumerate(cat.limits):
        _check_id(limit.authority, authorities, f"limits[{i}].authority", ctx, at)
        _check_bands(f"limits[{i}].bands", limit.bands, ctx, at)
    own = {inter.id for inter in cat.interactions}
    others = [inter for inter in (base.interactions if base else ()) if inter.id not in own]
    drugs = {normalise(n): inter.id for inter in others for n in inter.names()}
    interaction_ids: set[str] = set()
    for i, inter in enumerate(cat.interactions):
        path = f"interactions[{i}]"
        _check_id(inter.id, interaction_ids, f"{path}.id", ctx, at)
        if not inter.source_keys():
            ctx.problem(at(path), path, "needs at least one source")
        for j, spacing in enumerate(inter.spacing):
            if not 0 <= spacing.min_hours <= spacing.max_hours:
                where = f"{path}.spacing[{j}]"
                ctx.problem(at(where), where, "needs 0 <= min_hours <= max_hours")
        for name in inter.names():
            other = drugs.setdefault(normalise(name), inter.id)
            if other != inter.id:
                ctx.problem(at(path), path, f"drug {name!r} is also in {other!r}")
    topic_ids: set[str] = set()
    for i, topic in enumerate(cat.topics):
        _check_id(topic.id, topic_ids, f"topics[{i}].id", ctx, at)
        _check_evidence(f"topics[{i}]", topic.level, topic.outcome, topic.sources, ctx, at)
    units = cat.units if isinstance(cat, Catalogue) else base.units if base else None
    mg_mass = units.magnesium_mg_per_mmol if units else None
    own = {form.id for form in cat.forms}
    names = {
        normalise(n): form.id
        for form in (base.forms if base else ())
        if form.id not in own
        for n in form.names()
    }
    form_ids: set[str] = set()
    for i, form in enumerate(cat.forms):
        _check_form(form, f"forms[{i}]", ctx, at, mg_mass)
        if form.id in form_ids:
            ctx.problem(at(f"forms[{i}].id"), f"forms[{i}].id", f"duplicate form id {form.id!r}")
        form_ids.add(form.id)
        for name in {normalise(n) for n in form.names()}:
            if names.get(name, form.id) != form.id:
                ctx.problem(
                    at(f"forms[{i}]"),
                    f"forms[{i}]",
                    f"name {name!r} is also used by form {names[name]!r}",
                )
            names[name] = form.id


def _declared(root: yaml.Node) -> dict[str, list[str]]:
    """Source keys and topic ids as written, read from the tree so that references are checked
    even when some other part of the file failed validation."""
    found: dict[str, list[str]] = {"source": [], "topic": []}
    if not isinstance(root, yaml.MappingNode):
        return found
    for key_node, value_node in root.value:
        if key_node.value == "sources" and isinstance(value_node, yaml.MappingNode):
            found["source"] += [str(k.value) for k, _ in value_node.value]
        if key_node.value == "topics" and isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                if isinstance(item, yaml.MappingNode):
                    found["topic"] += [str(v.value) for k, v in item.value if k.value == "id"]
    return found


def _check_id(value: str, seen: set[str], where: str, ctx: _Context, at: Any) -> None:
    """An id (or a limit's authority) is lower-case-with-hyphens and not already in `seen`."""
    if value in seen or not _ID.match(value):
        ctx.problem(at(where), where, "must be a unique lower-case id")
    seen.add(value)


def _check_references(root: yaml.Node, ctx: _Context, known: dict[str, set[str]]) -> None:
    """Every source key and topic id used must be declared in the file or already `known`."""
    declared = _declared(root)
    for kind, key, path, line in ctx.refs:
        if key not in declared[kind] and key not in known[kind]:
            close = difflib.get_close_matches(key, [*declared[kind], *known[kind]], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            ctx.problem(line, path, f"unknown {kind} {key!r}{hint}")


def _check_bands(path: str, bands: Any, ctx: _Context, at: Any) -> None:
    """Age bands must start at birth, follow on without gaps and end open."""
    expected = 0
    for i, band in enumerate(bands):
        if band.from_months != expected:
            where = f"{path}[{i}].from_months"
            ctx.problem(at(where), where, f"expected {expected} (bands must follow on)")
        last = i == len(bands) - 1
        if (band.to_months is None) != last:
            where = f"{path}[{i}]"
            ctx.problem(at(where), where, "only the last band is open-ended (no to_months)")
        expected = band.to_months if band.to_months is not None else expected
        if band.to_months is not None and band.to_months <= band.from_months:
            where = f"{path}[{i}].to_months"
            ctx.problem(at(where), where, "must be above from_months")


def _check_source(src: Source, path: str, ctx: _Context, at: Any) -> None:
    if src.pmid is not None and not src.pmid.isdigit():
        ctx.problem(at(f"{path}.pmid"), f"{path}.pmid", "a PMID is digits only")
    if src.doi is not None and not re.match(r"^10\.\d{4,9}/\S+$", src.doi):
        ctx.problem(at(f"{path}.doi"), f"{path}.doi", "a DOI looks like 10.NNNN/suffix")
    if src.pmcid is not None and not re.match(r"^PMC\d+$", src.pmcid):
        ctx.problem(at(f"{path}.pmcid"), f"{path}.pmcid", "a PMCID looks like PMC1234567")
    if not src.identifiers():
        ctx.problem(at(path), path, "needs a pmid, doi, pmcid or identifier")
    if src.year is None and src.kind in ("trial", "study", "review"):
        ctx.problem(at(path), path, f"a {src.kind} needs a year")
    if src.year is not None and not 1800 <= src.year <= 2100:
        ctx.problem(at(f"{path}.year"), f"{path}.year", "year out of range")


def _check_form(form: Form, path: str, ctx: _Context, at: Any, mg_mass: float | None) -> None:
    if not _ID.match(form.id):
        ctx.problem(at(f"{path}.id"), f"{path}.id", "must be lower-case-with-hyphens")
    if not form.variants:
        ctx.problem(at(f"{path}.variants"), f"{path}.variants", "needs at least one variant")
    defaults = [v for v in form.variants if v.default]
    if form.variants and len(defaults) != 1:
        ctx.problem(at(f"{path}.variants"), f"{path}.variants", "exactly one must be default")
    seen: set[str] = set()
    for j, variant in enumerate(form.variants):
        vpath = f"{path}.variants[{j}]"
        _check_id(variant.id, seen, f"{vpath}.id", ctx, at)
        if not 0 < variant.elemental_mg_percent <= 100:
            where = f"{vpath}.elemental_mg_percent"
            ctx.problem(at(where), where, "must be a percentage above 0 and at most 100")
        if variant.molar_mass <= 0:
            ctx.problem(at(f"{vpath}.molar_mass"), f"{vpath}.molar_mass", "must be positive")
        elif mg_mass and 0 < variant.elemental_mg_percent <= 100:
            _check_percent(
                variant.elemental_mg_percent, variant.molar_mass, mg_mass, vpath, ctx, at
            )
    for j, label in enumerate(form.label_figures):
        where = f"{path}.label_figures[{j}].elemental_mg_percent"
        if not 0 < label.elemental_mg_percent <= 100:
            ctx.problem(at(where), where, "must be a percentage above 0 and at most 100")
    _check_evidence(
        f"{path}.absorption", form.absorption.level, None, form.absorption.sources, ctx, at
    )
    for j, measure in enumerate(form.measures):
        where = f"{path}.measures[{j}]"
        if (measure.compound_mg is None) == (measure.elemental_mg is None):
            ctx.problem(at(where), where, "give exactly one of compound_mg and elemental_mg")
        if measure.volume <= 0:
            ctx.problem(at(f"{where}.volume"), f"{where}.volume", "must be positive")
    for j, use in enumerate(form.uses):
        _check_evidence(f"{path}.uses[{j}]", use.level, use.outcome, use.sources, ctx, at)


def _check_percent(
    percent: float, molar_mass: float, mg_mass: float, path: str, ctx: _Context, at: Any
) -> None:
    """Elemental % and molar mass must agree: the percentage is a whole number of magnesium
    atoms' share of the molar mass, within what rounding both to two decimals allows. This
    catches a mistyped percentage or mass; the tests check the formula with a chemistry library."""
    atoms = max(round(percent * molar_mass / 100 / mg_mass), 1)
    expected = atoms * mg_mass / molar_mass * 100
    if abs(percent - expected) > 0.005 + expected * 0.005 / molar_mass + 1e-9:
        where = f"{path}.elemental_mg_percent"
        ctx.problem(
            at(where),
            where,
            f"{percent:g} does not match molar_mass {molar_mass:g} "
            f"({atoms} Mg would be {expected:.2f} %)",
        )


def _check_evidence(
    path: str, level: str, outcome: str | None, sources: tuple[str, ...], ctx: _Context, at: Any
) -> None:
    if level != "none" and not sources:
        ctx.problem(at(path), path, f"evidence level {level!r} needs at least one source")
    if level == "none" and outcome not in (None, "not-studied"):
        where = f"{path}.outcome"
        ctx.problem(at(where), where, "with evidence level 'none' the outcome is 'not-studied'")


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


def read_file(path: Path) -> Catalogue:
    """A complete catalogue file, such as data/forms.yaml."""
    return parse(read_text(path), str(path))


def is_complete(text: str) -> bool:
    """Whether a document is a complete catalogue (it names its catalogue_version) rather than
    a user file. Only used to pick the schema to check a file against; the check is strict."""
    return re.search(r"^catalogue_version\s*:", text, re.MULTILINE) is not None
