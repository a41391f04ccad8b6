"""The bundled data files: each opens with a true header (every field its sections allow is
described) and a yaml-language-server line naming its generated schema, which it satisfies."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import jsonschema
import pytest
import yaml

from magref.bind import file_fields
from magref.model import Catalogue, is_record

from .conftest import ROOT

DATA_FILES = sorted((ROOT / "data").glob("*.yaml"))


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def _field_names(tp: typing.Any, seen: set[type]) -> set[str]:
    """Every field name a value of this type may hold, nested records included."""
    names: set[str] = set()
    for arg in typing.get_args(tp) or (tp,):
        if is_record(arg) and arg not in seen:
            seen.add(arg)
            for name, (hint, _) in file_fields(arg).items():
                names |= {name} | _field_names(hint, seen)
        elif typing.get_args(arg):
            names |= _field_names(arg, seen)
    return names


def _sections(text: str) -> list[str]:
    return re.findall(r"^([a-z_]+)\s*:", text, re.MULTILINE)


def test_the_data_is_split_and_every_section_is_somewhere() -> None:
    assert len(DATA_FILES) >= 5
    found = [s for path in DATA_FILES for s in _sections(path.read_text(encoding="utf-8"))]
    assert sorted(found) == sorted(file_fields(Catalogue)), "each section once, in some file"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_header_describes_every_field_of_the_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    header = _header(text)
    assert "Schema of this file" in header
    hints = typing.get_type_hints(Catalogue)
    for section in _sections(text):
        wanted = {section} | _field_names(hints[section], set())
        missing = sorted(n for n in wanted if not re.search(rf"\b{n}\b", header))
        assert not missing, f"{path.name}: header does not describe {missing}"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_editors_find_the_schema_and_the_file_satisfies_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == f"# yaml-language-server: $schema=schemas/{path.stem}.schema.json"
    schema = json.loads((path.parent / "schemas" / f"{path.stem}.schema.json").read_text())
    jsonschema.validate(yaml.safe_load(text), schema)
    with pytest.raises(jsonschema.ValidationError):  # the schema is strict: no stray sections
        jsonschema.validate({**yaml.safe_load(text), "stray": 1}, schema)


def test_age_band_convention_is_stated_where_the_bands_are() -> None:
    header = _header((ROOT / "data" / "reference-values.yaml").read_text(encoding="utf-8"))
    assert "completed months" in header and "not included" in header
    assert 'label "0-6 months",  from_months 0,  to_months 7' in header
