"""A JSON Schema of catalogue files, generated from the record types the loader enforces.

Editors (through yaml-language-server, for example) use it to complete and check user files.
The loader stays the authority: it also checks what a schema cannot say (references between
entries, unique names, whether elemental % agrees with the molar mass).
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from magref.bind import ID_PATTERN, file_fields
from magref.model import Catalogue, Source, UserCatalogue, is_record

# Patterns for fields whose format the loader checks.
PATTERNS = {
    (Source, "pmid"): r"^[0-9]+$",
    (Source, "doi"): r"^10\.[0-9]{4,9}/\S+$",
    (Source, "pmcid"): r"^PMC[0-9]+$",
    (Catalogue, "reviewed"): r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}


def json_schema(complete: bool = False) -> dict[str, Any]:
    """The schema of a user catalogue, or with `complete` of a whole one (every section of
    data/ together, or a file that holds them all)."""
    root = Catalogue if complete else UserCatalogue
    defs: dict[str, Any] = {}
    body = _record(root, defs)
    title = "magref catalogue" if complete else "magref user catalogue"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **body,
        "$defs": dict(sorted(defs.items())),
    }


def part_schema(name: str, sections: list[str]) -> dict[str, Any]:
    """The schema of one file of the bundled data directory (data/NAME), which holds these
    top-level sections of a complete catalogue, each required there and nothing else."""
    whole = json_schema(complete=True)
    properties = {k: v for k, v in whole["properties"].items() if k in sections}
    used = json.dumps(properties)
    defs = _reachable(whole["$defs"], used)
    return {
        "$schema": whole["$schema"],
        "title": f"magref catalogue: data/{name}",
        "description": f"One file of magref's bundled catalogue, holding: {', '.join(sections)}.",
        "type": "object",
        "properties": properties,
        "required": sections,
        "additionalProperties": False,
        "$defs": defs,
    }


def _reachable(defs: dict[str, Any], text: str) -> dict[str, Any]:
    """The definitions that `text` refers to, directly or through other definitions."""
    found: dict[str, Any] = {}
    pending = [text]
    while pending:
        chunk = pending.pop()
        for name, body in defs.items():
            if name not in found and f'"#/$defs/{name}"' in chunk:
                found[name] = body
                pending.append(json.dumps(body))
    return dict(sorted(found.items()))


def _describe(cls: type) -> str:
    return " ".join((cls.__doc__ or "").split())


def _record(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, (hint, needed) in file_fields(cls).items():
        prop = _type(hint, defs)
        pattern = PATTERNS.get((cls, name)) or (ID_PATTERN if name == "id" else None)
        if pattern:
            prop = {**prop, "pattern": pattern}
        properties[name] = prop
        if needed:
            required.append(name)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    description = _describe(cls)
    if description and not description.startswith(cls.__name__ + "("):
        schema = {"description": description, **schema}
    return schema


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return {"type": "string", "enum": list(typing.get_args(tp))}
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return {"anyOf": [_type(inner, defs), {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type(typing.get_args(tp)[0], defs)}
    if origin is dict:
        return {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": _type(typing.get_args(tp)[1], defs),
        }
    if is_record(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder first, so a record that refers to itself terminates
            defs[name] = _record(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    scalar = {str: "string", int: "integer", float: "number", bool: "boolean"}
    return {"type": scalar[tp]}
