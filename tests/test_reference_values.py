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


# ---- every authority's values (the real catalogue; each figure checked against its source) ---


def _real() -> object:
    return catalogue.load_bundled()


@pytest.mark.parametrize(
    ("authority", "age", "sex", "stage", "intake", "limit"),
    [
        ("us", "2", "female", None, [80.0], 65),
        ("us", "40", "male", None, [420.0], 350),
        ("eu", "2", "female", None, [170.0], None),
        ("eu", "9m", "male", None, [80.0], None),
        ("eu", "12", "female", None, [250.0], 250),
        ("eu", "40", "male", None, [350.0], 250),
        ("eu", "30", "female", "pregnant", [300.0], 250),
        ("dach", "2", "female", None, [170.0], None),
        ("dach", "12", "female", None, [230.0], 250),
        ("dach", "16", "male", None, [330.0], 250),
        ("dach", "40", "male", None, [350.0], 250),
        ("dach", "30", "female", "lactating", [300.0], 250),
        ("uk", "40", "female", None, [270.0], 400),
        ("uk", "10", "male", None, [], None),
        ("anz", "2", "male", None, [80.0], None),
        ("anz", "40", "female", "pregnant", [360.0], None),
        ("ca", "2", "male", None, [80.0], 65),
        ("ca", "40", "female", None, [320.0], 350),
        ("jp", "40", "male", None, [380.0], 350),
        ("jp", "25", "female", "pregnant", [320.0], 350),
        ("jp", "10", "male", None, [], None),
        ("nordic", "5", "female", None, [230.0], None),
        ("nordic", "40", "female", None, [300.0], 250),
        ("no", "2", "female", None, [], 85),
        ("no", "5", "female", None, [], None),
        ("no", "12", "male", None, [], 280),
        ("no", "40", "male", None, [], 350),
    ],
)  # fmt: skip
def test_each_authority_value(
    authority: str, age: str, sex: str, stage: str | None, intake: list[float], limit: int | None
) -> None:
    from magref import reference

    cat = _real()
    person = reference.Person(reference.parse_age(age), sex, stage)  # type: ignore[arg-type]
    found = reference.find_authority(cat, authority)  # type: ignore[arg-type]
    row = reference.intake_for(found, person)
    assert [r.mg for r in row.refs] == intake
    assert (row.missing == "") == bool(intake)
    figure = reference.limit_for(found, person).mg
    assert figure == (None if limit is None else Decimal(limit))


def test_a_band_without_a_figure_says_why() -> None:
    from magref import reference

    cat = _real()
    child = reference.Person(reference.parse_age("2"))
    eu = reference.limit_for(reference.find_authority(cat, "eu"), child)  # type: ignore[arg-type]
    uk = reference.limit_for(reference.find_authority(cat, "uk"), child)  # type: ignore[arg-type]
    assert eu.band.no_figure == "not-derived" and "for lack of data" in eu.missing
    assert uk.band.no_figure == "not-recorded" and "not known to magref" in uk.missing


@pytest.mark.parametrize("authority", ["uk", "nordic", "anz", "dach", "eu"])
def test_every_authority_without_a_childs_figure_falls_back_to_the_strictest(
    authority: str,
) -> None:
    doc = dose_json("oxide", "200mg", "--age", "2", "--authority", authority)
    assert doc["applied_limit"] == {  # the US and Canada's 65 mg is the lowest at 2 years
        "authority": "us",
        "band": "1-3 years",
        "mg": 65.0,
        "percent": 186.0,
        "strictest_fallback": True,
    }
    assert {"strictest-limit", "over-upper-limit"} <= codes(doc)


def test_a_per_kilogram_limit_needs_a_weight() -> None:
    without = dose_json("oxide", "100mg", "--age", "10", "--authority", "japan")
    assert "needs-weight" in codes(without) and without["applied_limit"]["mg"] == 250  # type: ignore[index]
    assert without["upper_limit"]["needs_weight"] is True  # type: ignore[index]
    heavy = dose_json("oxide", "100mg", "--age", "10", "--authority", "jp", "--weight", "30")
    assert heavy["upper_limit"]["mg"] == 150 and heavy["applied_limit"]["authority"] == "jp"  # type: ignore[index]
    pounds = dose_json("oxide", "100mg", "--age", "10", "--authority", "jp", "--weight", "66lb")
    assert pounds["person"]["weight_kg"] == 29.9  # type: ignore[index]


def test_dose_with_every_authority_checks_the_strictest() -> None:
    doc = dose_json("oxide", "500mg", "--authority", "all")
    assert doc["chosen_authority"] == "all"
    assert doc["applied_limit"]["authority"] == "eu" and doc["applied_limit"]["mg"] == 250  # type: ignore[index]
    assert {"strictest-limit", "over-upper-limit"} <= codes(doc)
    listed = run("dose", "oxide", "500mg", "--authority", "us,eu", "--no-profile")
    assert listed.exit_code == 2 and "one authority, or all" in listed.stderr


def test_rda_side_by_side_marks_differences_and_the_child_warning() -> None:
    result = run("rda", "--age", "2", "--authority", "all", "--no-profile", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    rows = {r["authority"]: r for r in doc["authorities"]}
    assert len(rows) == 9 and rows["us"]["intake_above_limit"] is True
    assert (
        rows["eu"]["intake"]["values"][0]["mg"] == 170 and rows["eu"]["upper_limit"]["mg"] is None
    )
    intake = next(d for d in doc["differences"] if d["what"] == "intake")
    groups = {tuple(g["authorities"]): g["value_mg"] for g in intake["groups"]}
    assert groups[("us", "anz", "ca")] == [80.0, 80.0] and groups[("eu", "dach", "nordic")] == [
        170.0,
        170.0,
    ]
    assert doc["strictest_limit"] == {"authority": "us", "band": "1-3 years", "mg": 65.0}
    assert {w["authority"] for w in doc["warnings"]} == {"us", "ca"}
    text = run("rda", "--age", "2", "--authority", "all", "--no-profile").stdout
    flat = " ".join(text.split())
    assert "do not top a child up to the intake with supplements" in flat
    assert "The authorities differ on the intake for this person" in flat
    assert "Kidney disease" in flat and "not medical advice" in flat


def test_limits_for_an_age_in_text_and_json() -> None:
    wide = {"COLUMNS": "200"}  # each cell on one line, so its words read in order
    text = " ".join(run("limits", "--age", "2", "--no-profile", env=wide).stdout.split())
    assert "Strictest upper limit for this person: 65 mg a day" in text
    assert "no figure" in text and "5 mg/kg (needs --weight)" in text
    doc = json.loads(run("limits", "--age", "2", "--no-profile", "-f", "json").stdout)
    assert {r["authority"]: r["upper_limit"]["mg"] for r in doc["authorities"]}["no"] == 85


def test_the_profile_keeps_weight_and_an_authority_by_country() -> None:
    saved = run("profile", "--weight", "20", "--authority", "Japan", "--age", "6", "-f", "json")
    assert saved.exit_code == 0, saved.stderr
    body = json.loads(saved.stdout)["profile"]
    assert body["weight_kg"] == 20 and body["authority"] == "jp"
    dose = json.loads(run("dose", "oxide", "50mg", "--format", "json").stdout)
    assert dose["upper_limit"]["authority"] == "jp" and dose["upper_limit"]["mg"] == 100
    bad = run("profile", "--weight", "nine stone")
    assert bad.exit_code == 2 and "cannot read the weight" in bad.stderr
    assert json.loads(run("profile", "-f", "json").stdout)["profile"]["weight_kg"] == 20
    assert run("profile", "--authority", "all").exit_code == 0
    every = json.loads(run("dose", "oxide", "50mg", "--format", "json").stdout)
    assert every["chosen_authority"] == "all"
