"""The bundled catalogue's integrity, and the strict loader's error reporting."""

from __future__ import annotations

import copy
import functools
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from magref import catalogue, parse
from magref.errors import CatalogueError
from magref.model import Catalogue

from .conftest import ROOT

REQUIRED_FORMS = [
    "glycinate", "threonate", "citrate", "oxide", "chloride", "sulfate", "hydroxide", "carbonate",
    "malate", "taurate", "acetyl-taurate", "lactate", "aspartate", "orotate", "gluconate",
    "pidolate",
]  # fmt: skip
TOPICS = ["depression", "anxiety", "sleep", "cognition", "adhd", "bipolar", "migraine"]
TOPICS += ["constipation", "cramps", "deficiency", "blood-pressure", "type-2-diabetes", "pms"]
TOPICS += ["restless-legs", "pregnancy-cramps"]


def test_bundled_catalogue_loads_without_problems() -> None:
    cat = catalogue.load_path(ROOT / "data")
    assert len(cat.forms) >= 17


def test_installed_catalogue_is_the_repository_data() -> None:
    installed = catalogue.catalogue_files(catalogue.bundled_location())
    assert [p.name for p in installed] == [p.name for p in sorted((ROOT / "data").glob("*.yaml"))]
    for path in installed:
        assert path.read_bytes() == (ROOT / "data" / path.name).read_bytes()


def test_required_forms_and_one_more(cat: Catalogue) -> None:
    ids = [f.id for f in cat.forms]
    assert set(REQUIRED_FORMS) <= set(ids)
    assert len(set(ids) - set(REQUIRED_FORMS)) >= 1


def test_topics_people_ask_about_are_covered(cat: Catalogue) -> None:
    assert set(TOPICS) <= {t.id for t in cat.topics}
    cramps = cat.topic("cramps").findings[0]  # the 2020 Cochrane update, its own rating
    assert (cramps.direction, cramps.certainty) == ("no-benefit", "moderate")
    assert cramps.certainty_from == "garrison2020" and "probably" in cramps.statement
    pregnancy = {f.certainty for f in cat.topic("pregnancy-cramps").findings}
    assert "very-low" in pregnancy and not {"high", "moderate"} & pregnancy


@pytest.mark.parametrize(
    ("name", "form_id"),
    [
        ("Magtein", "threonate"),
        ("EPSOM SALT", "sulfate"),
        ("milk of magnesia", "hydroxide"),
        ("Mag-Ox", "oxide"),
        ("nigari", "chloride"),
        ("bisglycinate chelate", "glycinate"),
        ("Magnesium Citrate", "citrate"),
        ("magnesium L-threonate", "threonate"),
        ("acetyl taurate", "acetyl-taurate"),
    ],
)
def test_found_by_alias_and_trade_name(cat: Catalogue, name: str, form_id: str) -> None:
    assert catalogue.find_form(cat, name).id == form_id


def test_every_name_is_unique_across_forms(cat: Catalogue) -> None:
    seen: dict[str, str] = {}
    for form in cat.forms:
        for name in {catalogue.normalise(n) for n in form.names()}:
            assert seen.setdefault(name, form.id) == form.id, name


def test_sources_have_wellformed_identifiers_and_no_placeholders(cat: Catalogue) -> None:
    for key, src in cat.sources.items():
        assert src.identifiers(), key
        if src.pmid:
            assert re.fullmatch(r"[1-9]\d{5,8}", src.pmid), key
            assert src.pmid not in {"12345", "23456", "123456", "1234567", "12345678"}
        if src.doi:
            assert src.doi.startswith("10.") and "12345" not in src.doi, key


def test_every_source_is_cited_and_every_citation_exists(cat: Catalogue) -> None:
    cited = {k for f in cat.forms for k in f.source_keys()}
    cited |= set(cat.kidney_caution.sources) | {k for t in cat.topics for k in t.source_keys()}
    cited |= {k for c in cat.claims for k in c.sources}
    cited |= {k for c in cat.citation_checks for k in (*c.sources, c.probable) if k}
    cited |= {k for i in cat.interactions for k in i.source_keys()}
    cited |= {k for a in cat.authorities for k in a.limit.sources}
    cited |= {k for a in cat.authorities if a.intakes for k in a.intakes.sources}
    cited |= set(cat.units.sources) | set(cat.dose_rules.sources)
    cited |= set(cat.dose_rules.above_limit.sources) | set(cat.overdose.sources)
    cited |= {k for v in cat.label_rules.reference_values for k in v.sources}
    cited |= {k for u in cat.unverified_forms for k in u.sources}
    cited |= {k for r in (cat.serum.ranges if cat.serum else ()) for k in r.sources}
    assert cited == set(cat.sources)


def test_kidney_caution_is_sourced_data(cat: Catalogue) -> None:
    assert "kidney" in cat.kidney_caution.text.lower()
    assert cat.kidney_caution.sources
    assert "not medical advice" in cat.disclaimer.lower()


def test_marketing_myths_are_answered(cat: Catalogue) -> None:
    claims = {f.id: " ".join(m.claim for m in f.marketing) for f in cat.forms}
    assert "4 %" in claims["oxide"]
    assert "blood-brain barrier" in claims["threonate"]
    assert "best" in claims["glycinate"]


# ---- the loader ---------------------------------------------------------------------------

FIXTURE = ROOT / "tests" / "fixtures" / "catalogue"
# The fixture catalogue as one complete file: its files hold disjoint sections, so their texts
# joined are one YAML mapping.
MINIMAL = "\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURE.glob("*.yaml")))


def problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        parse.parse([("user.yaml", text)])
    return info.value.problems


def test_duplicate_key_is_an_error_with_its_line() -> None:
    text = MINIMAL.replace("- id: oxide\n", "- id: oxide\n  id: oxide2\n", 1)
    line = text.splitlines().index("  id: oxide2") + 1
    assert f"user.yaml:{line}: forms[2].id: duplicate key (first at line {line - 1})" in problems(
        text
    )


def test_every_problem_is_reported_at_once() -> None:
    text = MINIMAL.replace("molar_mass: 40.3\n", "molar_mass: heavy\n", 1)
    text = text.replace("  aliases:\n  - magnesia\n", "  aliasses:\n  - magnesia\n", 1)
    text = text.replace("    - peikert1996\n", "    - peikert1969\n", 1)
    found = problems(text)
    assert len(found) == 3, found
    assert any("molar_mass: expected a number, got text" in p for p in found)
    assert any("aliasses: unknown field; did you mean 'aliases'?" in p for p in found)
    assert any("unknown source 'peikert1969'; did you mean 'peikert1996'?" in p for p in found)
    assert all(re.match(r"user\.yaml:\d+: \S+: ", p) for p in found)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping, got a list"),
        ("a: [1, 2\n", "(syntax)"),
        ("!!python/object:os.system {}\n", "is not allowed"),
        ("schema_version: !!python/name:os.system\n", "is not allowed"),
    ],
)
def test_malformed_documents(text: str, message: str) -> None:
    assert any(message in p for p in problems(text))


def test_values_are_type_checked() -> None:
    text = MINIMAL.replace("reviewed: '2026-11-21'", "reviewed: 2026-11-21", 1)
    text = text.replace("default: true", "default: yes please", 1)
    found = problems(text)
    assert any("reviewed: expected text, got a date (put it in quotes)" in p for p in found)
    assert any("default: expected true or false, got text" in p for p in found)


def test_duplicate_alias_across_forms_is_an_error() -> None:
    text = MINIMAL.replace("  - magnesia\n  - mgo\n", "  - magnesia\n  - mgo\n  - bisglycinate\n")
    assert any("'bisglycinate' is also used by form 'glycinate'" in p for p in problems(text))


def test_control_characters_in_text_are_rejected() -> None:
    text = MINIMAL.replace("name: Magnesium oxide\n", 'name: "Magnesium \\e[31moxide"\n', 1)
    assert any("control character" in p for p in problems(text))


def test_alias_bomb_is_bounded() -> None:
    # Schema-shaped: one anchored form with 2,000 aliases, referenced 2,000 times, would expand
    # to four million values from a few kilobytes of text.
    aliases = ", ".join(["x"] * 2000)
    form = yaml.safe_load(MINIMAL)["forms"][0]
    form["aliases"] = "ALIASES"
    head = yaml.safe_dump({"forms": [form]}, width=1000).replace("ALIASES", f"[{aliases}]")
    head = head.replace("forms:\n- ", "forms:\n- &f\n  ", 1)
    text = MINIMAL.split("\nforms:\n")[0] + "\n" + head + "\n".join(["- *f"] * 2000) + "\n"
    start = time.perf_counter()
    found = problems(text)
    assert time.perf_counter() - start < 5
    assert any("too many values (alias bomb?)" in p for p in found)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"schema_version: 1\nname: \xff\n")
    with pytest.raises(CatalogueError, match=r"bad\.yaml:2: \(file\): not valid UTF-8"):
        catalogue.load_path(path)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_either_loads_or_reports_problems(text: str) -> None:
    try:
        parse.parse([("fuzz.yaml", text)])
    except CatalogueError as exc:
        assert exc.problems and all(p.startswith("fuzz.yaml:") for p in exc.problems)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: the fixture is large


@functools.cache
def _minimal_doc() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(MINIMAL)
    return doc


@settings(max_examples=30, deadline=None)  # each example parses the whole fixture
@given(st.text(min_size=1, max_size=40))
def test_any_string_in_a_text_field_loads_or_reports(value: str) -> None:
    doc = copy.deepcopy(_minimal_doc())
    doc["forms"][0]["summary"] = value
    text = yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True)
    try:
        cat = parse.parse([("fuzz.yaml", text)])
    except CatalogueError as exc:
        assert all(p.startswith("fuzz.yaml:") for p in exc.problems)
    else:  # the strict loader reads exactly what PyYAML reads (YAML folds U+0085 and the like)
        assert cat.forms[0].summary == yaml.safe_load(text)["forms"][0]["summary"]


def _tags(node: yaml.Node) -> list[tuple[str, object]]:
    """Every node's tag and scalar value, in document order."""
    if isinstance(node, yaml.ScalarNode):
        return [(node.tag, node.value)]
    found: list[tuple[str, object]] = [(node.tag, None)]
    for item in node.value:
        for part in item if isinstance(item, tuple) else (item,):
            found += _tags(part)
    return found


SCALARS = st.one_of(
    st.sampled_from(["yes", "No", "on", "~", "null", "1e3", "0x1F", "0o17", ".inf", "-.NaN",
                     "2026-11-21", "12:30", "1_000", "+1", "'quoted'", '"1"', "true", "=", "<<"]),
    st.from_regex(r"[A-Za-z0-9 .:+_-]{1,12}", fullmatch=True),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(SCALARS, SCALARS), min_size=1, max_size=8))
def test_magrefs_loader_tags_every_value_as_the_safe_loader_does(
    pairs: list[tuple[str, str]],
) -> None:
    """yamldoc.Loader remembers plain scalars' tags within a document; a repeated text must
    get the tag the safe loader gives it, whatever came before."""
    from magref import yamldoc

    text = "\n".join(f"- [{a}, {b}, {a}]" for a, b in pairs) + "\n"
    try:
        expected = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return  # not a document: nothing to compare
    assert _tags(yaml.compose(text, Loader=yamldoc.Loader)) == _tags(expected)
