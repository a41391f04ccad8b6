"""End-to-end tests for dose, rda, limits, interactions, label and profile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import run


def as_json(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def codes(doc: Any) -> set[str]:
    return {w["code"] for w in doc["warnings"]}


def test_dose_json_worked_example() -> None:
    doc = as_json("dose", "oxide", "500")
    (p,) = doc["products"]
    assert (p["compound_mg"], p["elemental_mg"], p["mmol"], p["meq"]) == (500, 301.5, 12.4, 24.8)
    assert p["variant"] == "anhydrous" and doc["person"]["assumed_adult"] is True
    assert doc["upper_limit"]["mg"] == 350 and doc["upper_limit"]["percent"] == 86
    assert "not magnesium in food" in doc["upper_limit"]["scope"]
    assert [r["mg"] for r in doc["rda"]] == [320, 420]
    assert {o["authority"]: o["mg"] for o in doc["other_limits"]} == {
        "eu": 250,
        "dach": 250,
        "uk": 400,
        "anz": None,
        "ca": 350,
        "jp": 350,
        "nordic": 250,
        "no": 350,
    }
    assert codes(doc) == {"kidney-caution"}
    assert "kidney" in doc["kidney_caution"]["text"].lower() and doc["disclaimer"]


def test_dose_human_view_says_what_it_assumed() -> None:
    result = run("dose", "oxide", "500")
    assert result.exit_code == 0 and result.stderr == ""
    text = " ".join(result.stdout.split())
    assert "anhydrous (60.30 % Mg) default" in text
    assert "adult values used (no age given)" in text
    assert "301.5 mg = 12.40 mmol = 24.8 mEq" in text
    assert "not magnesium in food or water" in text
    assert "WARNINGS AND CAUTIONS" in text and "Kidney disease" in text
    assert "Within the US supplemental upper limit" in text


def test_over_the_limit_under_each_authority() -> None:
    us = as_json("dose", "glycinate", "300", "--elemental")
    assert codes(us) == {"kidney-caution"}
    eu = as_json("dose", "glycinate", "300", "--elemental", "--authority", "eu")
    assert "over-upper-limit" in codes(eu)
    (warning,) = [w for w in eu["warnings"] if w["code"] == "over-upper-limit"]
    assert "by 50 mg" in warning["message"] and "scf-2001-magnesium-ul" in warning["sources"]


def test_children_and_infants() -> None:
    child = as_json("dose", "citrate", "1g", "--age", "6")  # 161.6 mg elemental
    assert {"child-limit", "over-upper-limit"} <= codes(child)
    assert child["upper_limit"]["mg"] == 110
    infant = as_json("dose", "citrate", "100", "--age", "5m")
    assert "infant-no-limit" in codes(infant) and infant["upper_limit"]["mg"] is None
    assert any("clinician" in w["message"] for w in infant["warnings"])


def test_laxative_forms_at_high_dose() -> None:
    doc = as_json("dose", "milk", "of", "magnesia", "30", "mL")
    assert "laxative-dose" in codes(doc)
    assert doc["products"][0]["measure"].startswith("milk of magnesia, 400 mg")
    # a 'gentle' form warns too once the amount passes the person's upper limit
    assert "laxative-dose" in codes(as_json("dose", "glycinate", "3000"))
    assert "laxative-dose" not in codes(as_json("dose", "glycinate", "1000"))


def test_a_stack_with_an_unknown_product_fails_whole() -> None:
    result = run("dose", "glycinate", "500mg", "+", "tums", "1g")
    assert result.exit_code == 1 and result.stdout == "" and "unknown form 'tums'" in result.stderr


def test_stack_syntax() -> None:
    doc = as_json(
        "dose", "glycinate", "2", "x", "500mg", "+", "oxide", "400mg", "+", "epsom", "1", "tsp"
    )
    assert [p["form"] for p in doc["products"]] == ["glycinate", "oxide", "sulfate"]
    assert doc["total"]["elemental_mg"] == pytest.approx(141.0 + 241.2 + 495.0, abs=0.1)


def test_fail_on_warning_exit_codes() -> None:
    assert run("dose", "oxide", "1000", "--fail-on-warning").exit_code == 3
    assert run("dose", "oxide", "100", "--fail-on-warning").exit_code == 0
    assert run("dose", "oxide", "1000").exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["dose", "oxide", "0"], 2, "above zero"),
        (["dose", "oxide", "abc"], 2, "cannot find a form and an amount"),
        (["dose", "oxide", "5kg"], 2, "unknown unit 'kg'"),
        (["dose", "oxide", "2000000"], 2, "more than a kilogram"),
        (["dose", "oxide", "500", "--age", "200"], 2, "not possible"),
        (["dose", "oxide", "500", "--age", "old"], 2, "cannot read the age"),
        (["dose", "oxide", "500", "--authority", "mars"], 2, "unknown authority 'mars'"),
        (["dose", "oxide", "500", "--authority", "japn"], 2, "did you mean 'jp'?"),
        (["dose", "oxide", "500", "--weight", "heavy"], 2, "cannot read the weight"),
        (["dose", "oxide", "500", "--weight", "0"], 2, "is not possible"),
        (["dose", "oxide", "500", "--sex", "male", "--stage", "pregnant"], 2, "goes with"),
        (
            ["dose", "oxide", "500", "--age", "8", "--stage", "pregnant"],
            1,
            "no intake is recorded for pregnant",
        ),
        (["dose", "oxyde", "500"], 1, "did you mean oxide"),
        (["dose", "glycinate", "30", "mL"], 1, "no ml measure"),
        (["dose", "chloride", "500", "--variant", "dodecahydrate"], 1, "no variant"),
        (["dose", "oxide", "500", "+", "citrate", "1g", "--units", "2"], 2, "in a stack"),
        (["dose", "oxide", "500", "--units", "0"], 2, ""),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_bad_input_exits_cleanly(args: list[str], code: int, message: str) -> None:
    result = run(*args)
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_rda_and_limits() -> None:
    (table,) = as_json("rda")["tables"]
    assert table["id"] == "us" and len(table["intakes"]["bands"]) == 9
    one = as_json("rda", "--age", "35", "--sex", "female")
    (row,) = one["authorities"]
    assert row["intake"]["values"] == [{"group": "31-50 years, female", "kind": "RDA", "mg": 320.0}]
    assert row["upper_limit"]["mg"] == 350 and row["intake_above_limit"] is False
    limits = as_json("limits")["tables"]
    assert [lim["id"] for lim in limits] == [
        "us", "eu", "dach", "uk", "anz", "ca", "jp", "nordic", "no"
    ]  # fmt: skip
    assert [b["mg"] for b in limits[0]["limit"]["bands"]] == [None, 65, 110, 350]
    human = " ".join(run("limits").stdout.split())
    assert "not magnesium in food or water" in human and "Kidney disease" in human


@pytest.mark.parametrize(
    ("drug", "class_id"),
    [
        ("ciprofloxacin", "fluoroquinolones"),
        ("Cipro", "fluoroquinolones"),
        ("levothyroxine sodium", "thyroid-hormones"),
        ("Synthroid", "thyroid-hormones"),
        ("dolutegravir", "integrase-inhibitors"),
        ("Biktarvy", "integrase-inhibitors"),
        ("raltegravir", "integrase-inhibitors"),
        ("gabapentin", "gabapentin"),
        ("DOXYCYCLINE", "tetracyclines"),
        ("alendronate", "oral-bisphosphonates"),
        ("Fosamax", "oral-bisphosphonates"),
        ("omeprazole", "proton-pump-inhibitors"),
        ("furosemide", "loop-thiazide-diuretics"),
        ("spironolactone", "potassium-sparing-diuretics"),
        ("digoxin", "digoxin"),
        ("tetracyclines", "tetracyclines"),
    ],
)
def test_interaction_lookup(drug: str, class_id: str) -> None:
    (result,) = as_json("interactions", drug)["results"]
    assert [i["id"] for i in result["interactions"]] == [class_id]


def test_interaction_spacing_says_which_comes_first() -> None:
    (result,) = as_json("interactions", "ciprofloxacin")["results"]
    (inter,) = result["interactions"]
    assert inter["severity"] == "major" and inter["kind"] == "spacing"
    (medicine,) = inter["medicines"]
    rules = medicine["spacing"]
    assert rules and all(r["sources"] for r in rules)
    assert any(
        r["medicine_hours_before_magnesium"] is not None
        or r["medicine_hours_after_magnesium"] is not None
        for r in rules
    )
    directions = (" before ", " after ", "in either order", " first, ", "Do not take")
    assert all(any(d in r["advice"] for d in directions) for r in rules)
    assert any("2 hours before or 6 hours after" in r["advice"] for r in rules)


def test_an_unknown_medicine_is_never_called_safe() -> None:
    result = run("interactions", "doxycyline", "ciprofloxacin")
    assert result.exit_code == 1 and result.stdout == ""
    assert "does not recognise this medicine; that is not a sign it is safe" in result.stderr
    assert "Did you mean: doxycycline?" in result.stderr


def test_all_interaction_classes() -> None:
    results = as_json("interactions")["results"]
    assert len(results) >= 8 and all(r["status"] == "interacting" for r in results)


@pytest.mark.parametrize(
    ("line", "reading", "elemental", "compound"),
    [
        ("Magnesium (as magnesium bisglycinate chelate) 200 mg", "elemental", 200.0, 1418),
        ("Magnesium Glycinate 1,000 mg", "ambiguous", 141.0, 1000),
        ("Milk of Magnesia 400 mg", "ambiguous", 166.7, 400),
        ("Magnesium 400 mg", "elemental", 400.0, 400),
        ("Magnesium 4 mmol", "elemental", 97.2, 97),
        ("Magnesium (from magnesium oxide) 250mg", "elemental", 250.0, 415),
        ("Magnesium (as magnesium oxide, magnesium citrate) 250 mg", "elemental", 250.0, None),
    ],
)
def test_label_readings(line: str, reading: str, elemental: float, compound: int | None) -> None:
    doc = as_json("label", line)
    assert (doc["reading"], doc["elemental_mg"], doc["compound_mg"]) == (
        reading,
        elemental,
        compound,
    )


@pytest.mark.parametrize(
    "line",
    [
        "Magnesium glycinate",
        "Calcium (as calcium carbonate) 500 mg",
        "Calcium carbonate 500 mg",
        "Zinc (as zinc gluconate) 15 mg",
        "Vitamin C (as magnesium ascorbate) 500 mg",
        "Magnesium (as unobtainium) 200 mg",
        "200 mg 400 mg",
    ],
)
def test_ambiguous_labels_ask(line: str) -> None:
    result = run("label", line)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("magref: error: ")


def test_profile_defaults_and_kidney_disease(_private_config: Path) -> None:
    saved = run(
        "profile", "--age", "70", "--sex", "female", "--kidney-disease", "--medication", "Cipro"
    )
    assert saved.exit_code == 0 and "70" in saved.stdout
    assert (_private_config / "magref" / "profile.yaml").is_file()
    shown = as_json("profile")
    assert shown["profile"]["medications"] == ["Cipro"] and shown["profile"]["age"] == "70"
    doc = as_json("dose", "oxide", "300")
    assert doc["person"]["age_months"] == 840 and doc["person"]["sex"] == "female"
    assert {"kidney-disease", "interaction"} <= codes(doc)
    assert doc["rda"] == [
        {"group": "51 years and over, female", "kind": "RDA", "mg": 320.0, "percent": 57.0}
    ]
    human = run("dose", "oxide", "300").stdout
    assert human.lstrip().startswith("WARNINGS AND CAUTIONS")
    assert "Within the" not in human
    assert run("dose", "oxide", "300", "--fail-on-warning").exit_code == 3
    ignored = as_json("dose", "oxide", "300", "--no-profile")
    assert ignored["person"]["age_months"] is None and "kidney-disease" not in codes(ignored)
    assert run("profile", "--reset").exit_code == 0
    assert as_json("dose", "oxide", "300")["person"]["kidney_disease"] is False


@pytest.mark.parametrize("age", ["0", "8m", "35"])
def test_profile_ages_round_trip(age: str) -> None:
    assert run("profile", "--age", age).exit_code == 0
    assert as_json("profile")["profile"]["age"] == age
    assert run("dose", "oxide", "100").exit_code == 0
    assert run("profile", "--age", "old").exit_code == 2
    assert run("profile", "--age", "none").exit_code == 0
    assert as_json("profile")["profile"]["age"] is None


def test_broken_profile_is_reported(_private_config: Path) -> None:
    path = _private_config / "magref" / "profile.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("age: [1, 2]\nfavourite: oxide\n", encoding="utf-8")
    result = run("dose", "oxide", "300")
    assert result.exit_code == 1 and result.stdout == ""
    assert "profile.yaml:1: age: expected text, got a list" in result.stderr
    assert "profile.yaml:2: favourite: unknown field" in result.stderr
    path.write_text("sex: sometimes\n", encoding="utf-8")
    bad_sex = run("dose", "oxide", "300")
    assert bad_sex.exit_code == 1 and bad_sex.stdout == ""
    assert "profile.yaml:1: sex: 'sometimes' is not one of: male, female" in bad_sex.stderr


@pytest.mark.parametrize(
    "view", [["dose", "oxide", "500"], ["rda"], ["limits"], ["interactions"]], ids=" ".join
)
def test_human_views_carry_the_safety_notes(view: list[str]) -> None:
    text = " ".join(run(*view).stdout.split())
    assert "Kidney disease" in text and "not medical advice" in text


# Each example is a whole CLI run; tests/test_hardening.py adds hostile text in every argument.
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=30), st.text(max_size=12))
def test_any_dose_words_exit_cleanly(form: str, amount: str) -> None:
    result = run("dose", "--format", "json", "--", form, amount)
    assert result.exit_code in (0, 1, 2)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:
        assert result.stdout == ""


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_any_label_text_exits_cleanly(line: str) -> None:
    result = run("label", "--format", "json", "--", line)
    assert result.exit_code in (0, 1, 2)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_tablespoons_tablets_and_chewable_tablets() -> None:
    """A tablespoon is three teaspoons; a tablet counts where a label's amount per tablet is
    recorded, and is refused (with the units that work) where it is not."""
    tsp = as_json("dose", "sulfate", "3", "tsp")["total"]["elemental_mg"]
    assert as_json("dose", "sulfate", "1", "tablespoon")["total"]["elemental_mg"] == tsp
    assert as_json("dose", "sulfate", "1tbsp")["total"]["elemental_mg"] == tsp
    oxide = as_json("dose", "oxide", "2", "tablets")
    assert oxide["products"][0]["compound_mg"] == 800
    assert as_json("dose", "glycerophosphate", "1", "tablet")["total"]["mmol"] == 4
    missing = run("dose", "citrate", "2", "capsules")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert "citrate has no capsule measure recorded; use ml" in missing.stderr
    assert "oxide 2 tablets" in run("dose", "oxide", "2", "tablets").stdout


def test_thousands_are_grouped_in_tables_and_warnings() -> None:
    out = run("dose", "oxide", "5g").stdout
    folded = " ".join(out.split())
    assert "oxide 5,000 mg" in folded and "3,015.0" in folded
    assert "! over-upper-limit: 3,015 mg is over" in folded and "by 2,665 mg" in folded
    assert "3015" not in out and "2665" not in out


def test_profile_says_when_nothing_is_saved_yet() -> None:
    fresh = run("profile")
    assert "Not saved yet; setting a value saves it in" in " ".join(fresh.stdout.split())
    assert json.loads(run("profile", "-f", "json").stdout)["saved"] is False
    run("profile", "--age", "40")
    assert "Saved in" in run("profile").stdout
    assert json.loads(run("profile", "-f", "json").stdout)["saved"] is True
