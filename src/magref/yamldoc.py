"""Reading a YAML document into PyYAML's node tree (nothing constructed yet), after the
nesting limits, with syntax errors turned into `file:line: (syntax): problem` lines.

The loader is PyYAML's safe loader (libyaml's when PyYAML was built with it), with the
resolver's answers for plain scalars remembered per document: a catalogue repeats the same
keys and words thousands of times, and the resolver's expressions are the slow part of
composing. Tags come out exactly as the safe loader gives them."""

from __future__ import annotations

import re
from typing import Any

import yaml

from magref.errors import CatalogueError
from magref.limits import check_depth

try:  # libyaml's composer is several times faster; the checks in bind.py do not depend on it
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_TEXT = "tag:yaml.org,2002:str"
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")  # one step of a path: .key or [index]
_REMEMBERED = 65536  # plain scalars whose tags one document remembers, at most


class Loader(_SafeLoader):
    """The safe loader, resolving each distinct plain scalar once. It has no path resolvers
    (neither has the safe loader), so a scalar's tag depends on its text alone."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[str, str] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None  # only path resolvers use these, and there are none

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        if not implicit[0]:  # quoted, or tagged '!': text
            return _TEXT
        tag = self._tags.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(self._tags) < _REMEMBERED:
                self._tags[value] = tag
        return tag


def compose(text: str, origin: str) -> yaml.Node:
    """The YAML node tree of a document (safe loading: nothing is constructed yet), after the
    nesting check."""
    check_depth(text, origin)
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark else 1
        problem = " ".join(str(exc.problem or exc).split())
        raise CatalogueError([f"{origin}:{line}: (syntax): {problem}"]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: no mark, a position
        line = text[: exc.position].count("\n") + 1
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        if isinstance(exc.character, bytes):
            problem = f"unacceptable byte: {exc.reason}"
        raise CatalogueError([f"{origin}:{line}: (syntax): {problem}"]) from None
    except yaml.YAMLError as exc:
        raise CatalogueError([f"{origin}:1: (syntax): {' '.join(str(exc).split())}"]) from None
    if node is None:
        raise CatalogueError([f"{origin}:1: (top level): the file is empty"])
    return node


def line(node: yaml.Node) -> int:
    """The line a node starts on, counted from 1."""
    return int(node.start_mark.line) + 1


def descend(node: yaml.Node, path: str) -> yaml.Node:
    """The node at a path below `node` (steps `.key` and `[index]`); where the path leaves the
    tree, the last node reached."""
    for key, index in _STEP.findall(path):
        child = None
        if index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            child = node.value[int(index)]
        elif not index and isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == key), None)
        if child is None:
            break
        node = child
    return node
