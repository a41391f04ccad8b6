"""The strict binder: a YAML document to magref's records, every problem reported as
`file:line: field: message`. Only this module (and the modules that call it on a parse-cache
miss) imports PyYAML; a cached catalogue never needs it.

It knows the records' shapes (model.py), not the catalogue's rules (rules.py): it checks types,
required and unknown fields, duplicate keys, tags, control characters and finite numbers, and
records the source keys and topic ids it sees so that rules.py can check them."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml

from magref.errors import CatalogueError
from magref.model import (
    NOT_IN_FILE,
    USER_SECTIONS,
    Catalogue,
    CitationCheck,
    Finding,
    GeneralClaim,
    UserCatalogue,
    is_record,
)
from magref.yamldoc import compose, descend, line

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
BAD = object()  # marks a value that failed validation; its problems are already recorded
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ID_PATTERN = r"^[a-z][a-z0-9-]*$"  # ids and keys: lower-case-with-hyphens
_ID = re.compile(ID_PATTERN)
_SECTION = re.compile(r"[.\[]")  # where a path's top-level section name ends
_STR = "tag:yaml.org,2002:str"
T = TypeVar("T")
# Fields other than `sources` that refer to another entry: (record, field) -> what they name.
_REFS: dict[tuple[type, str], str] = {
    (Finding, "topic"): "topic",
    (Finding, "certainty_from"): "source",
    (CitationCheck, "probable"): "source",
    (GeneralClaim, "forms"): "form",
}
# Fields an older schema had, with what became of them.
RENAMED = {
    "level": (
        "design",
        "schema 4 replaced 'level' and 'outcome' with 'design', 'certainty' (GRADE) and "
        "'direction', and a use's 'summary' with a 'statement' in GRADE's words: rewrite it",
    ),
    "outcome": ("direction", "schema 4 replaced 'outcome' with 'direction': rewrite it"),
    "summary": ("statement", "schema 4 replaced a use's 'summary' with 'statement': rewrite it"),
    "limits": (
        "authorities",
        "schema 3 replaced 'limits' with 'authorities', each holding its 'limit': rewrite it",
    ),
}


@dataclass(slots=True)
class Context:
    """What binding one catalogue (of one or several files) has found so far. A problem is
    reported in the file that holds its top-level section (`files`), else in `origin`, the
    file being read."""

    origin: str
    budget: int
    problems: list[str] = field(default_factory=list)
    nodes: dict[str, yaml.Node] = field(default_factory=dict)  # section ("" root) -> its node
    plain: bool = False  # no text could hold a control character (see context())
    refs: list[tuple[str, str, str, int]] = field(default_factory=list)  # kind, key, path, line
    files: dict[str, str] = field(default_factory=dict)  # top-level section -> its file

    def problem(self, line: int, path: str, message: str, origin: str | None = None) -> None:
        where = origin or self.files.get(_SECTION.split(path, 1)[0]) or self.origin
        self.problems.append(f"{where}:{line}: {path or '(top level)'}: {message}")

    def at(self, path: str) -> int:
        """The line a value was read from, worked out only when asked, by walking down from its
        section (or the document) along the path; where the path leaves the tree, the line of
        the last value reached (1 when there is none)."""
        section = _SECTION.split(path, 1)[0]
        if section in self.nodes:
            return line(descend(self.nodes[section], path[len(section) :]))
        return line(descend(self.nodes[""], f".{path}")) if "" in self.nodes else 1


def _describe(node: yaml.Node) -> str:
    return _TAG_NAMES.get(node.tag, f"a value tagged {node.tag}")


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


def build(node: yaml.Node, tp: Any, path: str, ctx: Context) -> Any:
    """The value of type `tp` (a record, list, mapping or scalar) for a node, or BAD when it
    has problems, which are recorded in `ctx`."""
    ctx.budget -= 1
    if ctx.budget < 0:
        if ctx.budget == -1:
            ctx.problem(line(node), path, "document expands to too many values (alias bomb?)")
        return BAD
    shape = _KINDS.get(id(tp))
    kind, arg = shape if shape is not None else _kind(tp)
    tag = node.tag
    if kind == "text" and tag == _STR and node.__class__ is yaml.ScalarNode:  # the usual case
        text = node.value
        if ctx.plain or not _CONTROL.search(text):
            return text
    if tag not in _TAG_NAMES:
        ctx.problem(line(node), path, f"YAML tag {tag!r} is not allowed")
        return BAD
    if kind == "scalar" or kind == "text":
        return _build_scalar(node, tp, path, ctx)
    if kind == "literal":
        value = _build_scalar(node, str, path, ctx)
        if value is not BAD and value not in arg:
            ctx.problem(line(node), path, f"{value!r} is not one of: {', '.join(arg)}")
            return BAD
        return value
    if kind == "optional":
        return None if node.tag == "tag:yaml.org,2002:null" else build(node, arg, path, ctx)
    if kind == "list":
        return _build_list(node, arg, path, ctx)
    if kind == "dict":
        return _build_dict(node, arg, path, ctx)
    return _build_record(node, tp, path, ctx)


# How to build each type, by the type's id: the types are the records' annotations, which live
# as long as the program, and a dict lookup by id avoids hashing typing's generic aliases.
_KINDS: dict[int, tuple[str, Any]] = {}


def _kind(tp: Any) -> tuple[str, Any]:
    """How to build a value of a type, worked out once per type (not once per value)."""
    shape = _shape(tp)
    _KINDS[id(tp)] = shape
    return shape


def _shape(tp: Any) -> tuple[str, Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return "literal", typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return "optional", inner
    if origin is tuple:
        return "list", typing.get_args(tp)[0]
    if origin is dict:
        return "dict", typing.get_args(tp)[1]
    if is_record(tp):
        return "record", None
    return ("text" if tp is str else "scalar"), None


_EXPECTED = {str: "text", int: "an integer", float: "a number", bool: "true or false"}
_ACCEPTED = {
    str: frozenset({"tag:yaml.org,2002:str"}),
    int: frozenset({"tag:yaml.org,2002:int"}),
    float: frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}),
    bool: frozenset({"tag:yaml.org,2002:bool"}),
}


def _build_scalar(node: yaml.Node, tp: type, path: str, ctx: Context) -> Any:
    expected, accepted = _EXPECTED[tp], _ACCEPTED[tp]
    if not isinstance(node, yaml.ScalarNode) or node.tag not in accepted:
        hint = " (put it in quotes)" if tp is str and isinstance(node, yaml.ScalarNode) else ""
        ctx.problem(line(node), path, f"expected {expected}, got {_describe(node)}{hint}")
        return BAD
    if tp is str:
        text = str(node.value)
        if _CONTROL.search(text):
            ctx.problem(line(node), path, "text contains a control character")
            return BAD
        return text
    if tp is bool:
        return _SCALARS.construct_yaml_bool(node)
    if tp is int:
        return _SCALARS.construct_yaml_int(node)
    value = float(_SCALARS.construct_yaml_float(node))
    if value != value or value in (float("inf"), float("-inf")):
        ctx.problem(line(node), path, "expected a finite number")
        return BAD
    return value


def _build_list(node: yaml.Node, item: Any, path: str, ctx: Context) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        ctx.problem(line(node), path, f"expected a list, got {_describe(node)}")
        return BAD
    items = [build(child, item, f"{path}[{i}]", ctx) for i, child in enumerate(node.value)]
    return BAD if any(v is BAD for v in items) else tuple(items)


def mapping_items(
    node: yaml.Node, path: str, ctx: Context
) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
    """The key/value pairs of a mapping node, with duplicate and non-text keys reported."""
    if not isinstance(node, yaml.MappingNode):
        ctx.problem(line(node), path, f"expected a mapping, got {_describe(node)}")
        return None
    seen: dict[str, yaml.Node] = {}
    items: list[tuple[str, yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            ctx.problem(line(key_node), path, f"keys must be text, got {_describe(key_node)}")
            continue
        key = str(key_node.value)
        if key in seen:
            where = f"{path}.{key}" if path else key
            first = line(seen[key])
            ctx.problem(line(key_node), where, f"duplicate key (first at line {first})")
            continue
        seen[key] = key_node
        items.append((key, key_node, value_node))
    return items


def _build_dict(node: yaml.Node, item: Any, path: str, ctx: Context) -> Any:
    items = mapping_items(node, path, ctx)
    if items is None:
        return BAD
    result = {}
    for key, key_node, value_node in items:
        if not _ID.fullmatch(key):
            ctx.problem(line(key_node), f"{path}.{key}", "keys must be lower-case-with-hyphens")
            result[key] = BAD
            continue
        result[key] = build(value_node, item, f"{path}.{key}", ctx)
    return BAD if any(v is BAD for v in result.values()) else result


@functools.cache
def _record_shape(cls: type) -> tuple[frozenset[str], dict[str, str]]:
    """A record type's required fields, and the fields that name other entries (with what
    they name): `sources` when it is a list of keys, and those in _REFS."""
    fields = file_fields(cls)
    required = frozenset(name for name, (_, needed) in fields.items() if needed)
    refs = {name: kind for (owner, name), kind in _REFS.items() if owner is cls}
    if "sources" in fields and typing.get_origin(_hints(cls)["sources"]) is tuple:
        refs["sources"] = "source"
    return required, refs


def _build_record(node: yaml.Node, cls: type, path: str, ctx: Context) -> Any:
    if not path:  # the document: the walk in Context.at starts here
        ctx.nodes.setdefault("", node)
    items = mapping_items(node, path, ctx)
    if items is None:
        return BAD
    allowed = file_fields(cls)
    required, refs = _record_shape(cls)
    values: dict[str, Any] = {}
    failed = False
    prefix = f"{path}." if path else ""
    for key, key_node, value_node in items:
        where = prefix + key
        spec = allowed.get(key)
        if spec is None:
            _unknown_field(cls, key, line(key_node), where, ctx)
            failed = True
            continue
        value = build(value_node, spec[0], where, ctx)
        if value is BAD:
            failed = True
        elif spec[1] and value.__class__ is str and not value.strip():
            ctx.problem(line(value_node), where, "must not be empty")
            failed = True
        else:
            if key in refs and value:
                _add_refs(refs[key], key, value, value_node, where, ctx)
            values[key] = value
    if not values.keys() >= required:
        present = {key for key, _, _ in items}
        for name in (name for name in allowed if name in required):
            if name not in present:
                ctx.problem(line(node), path, f"missing required field {name!r}")
                failed = True
    return BAD if failed else cls(**values)


def _unknown_field(cls: type, key: str, at: int, where: str, ctx: Context) -> None:
    allowed = file_fields(cls)
    if cls is UserCatalogue and key in file_fields(Catalogue):
        sections = ", ".join(USER_SECTIONS)
        message = f"only the bundled catalogue sets this; a user file may have: {sections}"
        ctx.problem(at, where, message)
        return
    close = difflib.get_close_matches(key, list(allowed), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    if key in RENAMED and RENAMED[key][0] in allowed:
        hint = f"; {RENAMED[key][1]}"
    ctx.problem(at, where, f"unknown field{hint}")


def _add_refs(kind: str, key: str, value: Any, node: yaml.Node, where: str, ctx: Context) -> None:
    """Record the entries a field names, for rules.check_references: each source on its own
    line, other references on the field's line."""
    if not isinstance(value, tuple):
        ctx.refs.append((kind, value, where, line(node)))
        return
    for i, ref in enumerate(value):
        at = line(node.value[i]) if key == "sources" else line(node)
        ctx.refs.append((kind, ref, f"{where}[{i}]", at))


def context(texts: typing.Iterable[str], origin: str) -> Context:
    """A fresh context. Every value in the files costs one unit of the budget: a document can
    only expand (through aliases) to a little more than its own length before it is refused,
    so alias bombs stay cheap."""
    texts = list(texts)
    plain = not any(_CONTROL.search(t) or "\\" in t for t in texts)
    return Context(origin=origin, budget=sum(len(t) for t in texts) + 1000, plain=plain)


def build_sections(
    roots: typing.Sequence[tuple[str, yaml.Node]], cls: type, ctx: Context
) -> dict[str, Any]:
    """The top-level sections of a record spread over several files (origin, root node), as
    field values; each section may be in one file only. Missing required sections are
    reported in the first file (ctx.origin when called)."""
    allowed = file_fields(cls)
    values: dict[str, Any] = {}
    first = ctx.origin  # the first file, whether or not it could be read
    for origin, root in roots:
        ctx.origin = origin
        if root.tag not in _TAG_NAMES:
            ctx.problem(line(root), "", f"YAML tag {root.tag!r} is not allowed")
            continue
        sections, ctx.files = ctx.files, {}  # a problem among the file's keys is in this file
        items = mapping_items(root, "", ctx) or []
        ctx.files = sections
        for key, key_node, value_node in items:
            if key in ctx.files:
                where = f"also in {ctx.files[key]}; a section belongs in one file"
                ctx.problem(line(key_node), key, where, origin)
                continue
            ctx.files[key] = origin
            if key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                ctx.problem(line(key_node), key, f"unknown field{hint}")
                continue
            ctx.nodes.setdefault(key, value_node)
            value = build(value_node, allowed[key][0], key, ctx)
            if allowed[key][1] and isinstance(value, str) and not value.strip():
                ctx.problem(line(value_node), key, "must not be empty")
            values[key] = value
    ctx.origin = first
    for name, (_, required) in allowed.items():
        if required and name not in ctx.files:
            ctx.problem(1, "", f"missing required section {name!r} (in no file)", ctx.origin)
    return values


def parse_record(text: str, cls: type[T], origin: str) -> T:
    """Parse a small YAML document (such as the profile) into one record type, strictly."""
    ctx = context([text], origin)
    try:
        node = compose(text, origin)
    except CatalogueError as exc:
        if not exc.problems[0].endswith("the file is empty"):
            raise
        return cls()
    value: T = build(node, cls, "", ctx)
    if ctx.problems:
        raise CatalogueError(ctx.problems)
    return value
