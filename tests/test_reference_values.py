"""Issue 13: reference values for a person. A profile is checked before it is saved."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magref import catalogue, serum
from tests.conftest import run


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--age", "70", "--sex", "female", "--stage", "pregnant"),
            "no intake is recorded for pregnant",
        ),
        (("--sex", "male", "--stage", "lactating"), "goes with --sex female"),
    ],
    ids=["pregnant-at-70", "lactating-male"],
)
def test_a_profile_dose_could_not_use_is_not_saved(args: tuple[str, ...], message: str) -> None:
    refused = run("profile", *args)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "not saved" in refused.stderr and message in refused.stderr
    shown = run("profile", "--format", "json")
    assert shown.exit_code == 0 and '"stage": null' in shown.stdout
    assert run("dose", "oxide", "100mg").exit_code == 0


def test_a_valid_profile_is_saved_and_used() -> None:
    assert run("profile", "--age", "30", "--sex", "female", "--stage", "pregnant").exit_code == 0
    dose = json.loads(run("dose", "oxide", "100mg", "--format", "json").stdout)
    assert dose["rda"] == [
        {"group": "19-30 years, pregnant", "kind": "RDA", "mg": 350.0, "percent": 17.0}
    ]


def dose_json(*args: str) -> dict[str, object]:
    result = run("dose", *args, "--no-profile", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def codes(doc: dict[str, object]) -> set[str]:
    return {w["code"] for w in doc["warnings"]}  # type: ignore[attr-defined, index]


def test_a_child_without_a_figure_from_the_chosen_authority_gets_the_strictest_other() -> None:
    doc = dose_json("oxide", "400mg", "--age", "2", "--authority", "eu")
    assert doc["upper_limit"]["authority"] == "eu" and doc["upper_limit"]["mg"] is None  # type: ignore[index]
    applied = doc["applied_limit"]
    assert applied == {
        "authority": "us",
        "band": "1-3 years",
        "mg": 65.0,
        "percent": 371.0,
        "strictest_fallback": True,
    }
    assert {"strictest-limit", "over-upper-limit", "child-limit"} <= codes(doc)
    text = run("dose", "oxide", "400mg", "--age", "2", "--authority", "eu", "--no-profile").stdout
    assert "Applied instead (the strictest figure given)" in text


@pytest.mark.parametrize(
    ("args", "authority", "fallback"),
    [
        (("--authority", "eu"), "eu", False),
        (("--age", "2", "--authority", "us"), "us", False),
        (("--age", "6m", "--authority", "eu"), "eu", False),
    ],
    ids=["adult-eu", "child-us", "infant-no-figure-anywhere"],
)
def test_the_chosen_limit_applies_when_it_has_a_figure(
    args: tuple[str, ...], authority: str, fallback: bool
) -> None:
    doc = dose_json("oxide", "100mg", *args)
    assert doc["applied_limit"]["authority"] == authority  # type: ignore[index]
    assert doc["applied_limit"]["strictest_fallback"] is fallback  # type: ignore[index]
    assert "strictest-limit" not in codes(doc)


def test_a_lab_value_is_converted_and_placed_without_a_diagnosis() -> None:
    result = run("convert", "2.0", "mg/dL", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["converted"] == {"mmol_per_l": 0.82, "mg_per_dl": 2.0, "meq_per_l": 1.65}
    assert [r["position"] for r in doc["ranges"]] == ["within", "below"]
    assert "not a diagnosis" in doc["note"] and "kidney" in doc["kidney_caution"]["text"]
    text = run("convert", "1.9", "mEq/L").stdout
    assert "= 0.95 mmol/L = 2.31 mg/dL = 1.90 mEq/L" in text
    assert "Within the IOM's normal serum range" in text and "not a diagnosis" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("abc", "mg/dL"), "cannot read the value"),
        (("0", "mmol/L"), "positive number"),
        (("nan", "mmol/L"), "positive number"),
        (("900", "mmol/L"), "not a possible serum magnesium level"),
        (("1", "g/L"), "unknown unit"),
    ],
    ids=["words", "zero", "nan", "absurd", "unit"],
)
def test_a_bad_lab_value_is_a_usage_error(args: tuple[str, ...], message: str) -> None:
    result = run("convert", *args)
    assert result.exit_code == 2 and result.stdout == "" and message in result.stderr


@given(st.decimals(min_value="0.01", max_value="20", places=3))
def test_conversions_round_trip(value: Decimal) -> None:
    cat = catalogue.load()
    mmol = serum.convert(cat, str(value), "mmol/L")
    back = serum.convert(cat, str(mmol.mg_dl), "mg/dL")
    assert abs(back.mmol_l - value) < Decimal("1e-20")
    assert serum.convert(cat, str(mmol.meq_l), "mEq/L").mmol_l == value
