"""Dose arithmetic, reference values and limits: worked examples and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magref import catalogue, doses, reference
from magref.errors import MagrefError, UsageError
from magref.model import Catalogue, Form, Variant

CAT = catalogue.load()
VARIANTS: list[tuple[Form, Variant]] = [(f, v) for f in CAT.forms for v in f.variants]


def product(words: str, **kwargs: object) -> doses.Product:
    (item,) = doses.parse_products(CAT, words.split(), **kwargs)  # type: ignore[arg-type]
    return item


@pytest.mark.parametrize(
    ("words", "options", "compound", "elemental", "mmol", "meq"),
    [
        ("oxide 500 mg", {}, "500", "301.5", "12.40", "24.8"),
        ("glycinate 200", {"elemental": True}, "1418", "200.0", "8.23", "16.5"),
        ("glycinate 200 mg elemental", {}, "1418", "200.0", "8.23", "16.5"),
        ("hydroxide 400mg", {}, "400", "166.7", "6.86", "13.7"),
        ("milk of magnesia 5 mL", {}, "400", "166.7", "6.86", "13.7"),
        ("oxide 0.5g", {}, "500", "301.5", "12.40", "24.8"),
        ("oxide 20 mmol", {}, "806", "486.1", "20.00", "40.0"),
        ("oxide 40 mEq", {}, "806", "486.1", "20.00", "40.0"),
        ("citrate 1,000 mg", {}, "1000", "161.6", "6.65", "13.3"),
        ("chloride 500", {"variant": "anhydrous"}, "500", "127.7", "5.25", "10.5"),
        ("chloride:anhydrous 500", {}, "500", "127.7", "5.25", "10.5"),
        ("glycinate 500mg", {"units": 2}, "1000", "141.0", "5.80", "11.6"),
        ("glycinate 2 x 500mg", {}, "1000", "141.0", "5.80", "11.6"),
        ("epsom salt 1 tsp", {}, "5020", "495.0", "20.37", "40.7"),
        ("threonate 2000 mg", {}, "2000", "165.0", "6.79", "13.6"),
    ],
    ids=lambda value: (
        " ".join(f"{k}={v}" for k, v in value.items()) or "no options"
        if isinstance(value, dict)
        else None
    ),
)
def test_worked_examples(
    words: str, options: dict[str, object], compound: str, elemental: str, mmol: str, meq: str
) -> None:
    p = product(words, **options)
    assert str(doses.rounded(p.compound_mg, "compound_mg")) == compound
    assert str(doses.rounded(p.elemental_mg, "elemental_mg")) == elemental
    assert str(doses.rounded(doses.mmol_from_mg(CAT, p.elemental_mg), "mmol")) == mmol
    assert str(doses.rounded(doses.meq_from_mg(CAT, p.elemental_mg), "meq")) == meq


def test_rounding_is_half_up() -> None:
    assert doses.rounded(Decimal("0.25"), "elemental_mg") == Decimal("0.3")
    assert doses.rounded(Decimal("1417.5"), "compound_mg") == Decimal("1418")


@pytest.mark.parametrize(
    "text",
    ["-5", "0", "0 mg", "abc", "5 kg", "2000000", "nan", "inf", "1e3", "500 mgg", "", "0 x 5mg"],
    ids=lambda text: text or "empty",
)
def test_bad_amounts_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        doses.parse_amount(text)


@pytest.mark.parametrize(
    ("text", "months"), [("35", 420), ("35y", 420), ("8m", 8), ("8 months", 8), ("1.5", 18)]
)
def test_ages(text: str, months: int) -> None:
    assert doses.parse_age(text) == months


@pytest.mark.parametrize(
    "text", ["-3", "200", "abc", "", "35x", "nan"], ids=lambda text: text or "empty"
)
def test_impossible_ages(text: str) -> None:
    with pytest.raises(UsageError):
        doses.parse_age(text)


def test_unknown_variant_and_missing_measure() -> None:
    with pytest.raises(MagrefError, match="has no variant 'heptahydrate'"):
        product("chloride 500", variant="heptahydrate")
    with pytest.raises(MagrefError, match="glycinate has no ml measure"):
        product("glycinate 30 mL")


def test_stack_totals() -> None:
    items = doses.parse_products(CAT, "glycinate 2 x 500mg + oxide 400mg + hydroxide 400".split())
    report = doses.dose_report(CAT, items, doses.Person(), "us")
    assert doses.rounded(report.elemental_mg, "elemental_mg") == Decimal("548.9")
    assert {f.code for f in report.findings} >= {"over-upper-limit", "laxative-dose"}


# ---- reference values (fact sheet section 6, checks 9-14) --------------------------------


@pytest.mark.parametrize(
    ("age", "sex", "stage", "mg"),
    [
        ("40", "male", None, 420), ("60", "male", None, 420), ("40", "female", None, 320),
        ("60", "female", None, 320), ("25", "male", None, 400), ("25", "female", None, 310),
        ("16", "male", None, 410), ("16", "female", None, 360),
        ("17", "female", "pregnant", 400), ("25", "female", "pregnant", 350),
        ("40", "female", "pregnant", 360), ("17", "female", "lactating", 360),
        ("25", "female", "lactating", 310), ("40", "female", "lactating", 320),
        ("3m", "female", None, 30), ("9m", "male", None, 75), ("2", "male", None, 80),
        ("6", "female", None, 130), ("12", "male", None, 240),
    ],
)  # fmt: skip
def test_rda_values(age: str, sex: str, stage: str | None, mg: int) -> None:
    person = doses.Person(doses.parse_age(age), sex, stage)  # type: ignore[arg-type]
    (ref,) = doses.rda_for(CAT, person)
    assert ref.mg == mg


@pytest.mark.parametrize(
    ("authority", "age", "mg"),
    [
        ("us", "6m", None), ("us", "2", 65), ("us", "6", 110), ("us", "9", 350),
        ("us", "40", 350), ("eu", "2", None), ("eu", "4", 250), ("eu", "40", 250),
    ],
)  # fmt: skip
def test_upper_limits(authority: str, age: str, mg: int | None) -> None:
    found = doses.find_authority(CAT, authority)
    limit = reference.limit_for(found, doses.Person(doses.parse_age(age)))
    assert limit.mg == mg


def test_no_age_means_adult_values_for_both_sexes() -> None:
    refs = doses.rda_for(CAT, doses.Person())
    assert [(r.group, r.mg) for r in refs] == [
        ("31-50 years, female", 320),
        ("31-50 years, male", 420),
    ]


# ---- properties ----------------------------------------------------------------------------

masses = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=3)


@settings(max_examples=300)
@given(st.sampled_from(VARIANTS), masses)
def test_elemental_never_exceeds_compound(pair: tuple[Form, Variant], mg: Decimal) -> None:
    form, variant = pair
    p = doses.make_product(CAT, form, doses.Amount(mg, "mg"), variant.id)
    assert 0 < p.elemental_mg <= p.compound_mg


@settings(max_examples=300)
@given(st.sampled_from(VARIANTS), masses)
def test_compound_elemental_compound_round_trips(pair: tuple[Form, Variant], mg: Decimal) -> None:
    _, variant = pair
    there = doses.elemental_from_compound(mg, variant)
    back = doses.compound_from_elemental(there, variant)  # type: ignore[arg-type]
    assert abs(back - mg) <= mg * Decimal("1e-20")


@settings(max_examples=300)
@given(st.sampled_from(VARIANTS), masses, masses)
def test_results_grow_with_dose(pair: tuple[Form, Variant], a: Decimal, b: Decimal) -> None:
    form, variant = pair
    low, high = sorted((a, b))
    small = doses.make_product(CAT, form, doses.Amount(low, "mg"), variant.id)
    large = doses.make_product(CAT, form, doses.Amount(high, "mg"), variant.id)
    assert small.elemental_mg <= large.elemental_mg
    assert doses.rounded(small.elemental_mg, "elemental_mg") <= doses.rounded(
        large.elemental_mg, "elemental_mg"
    )


@settings(max_examples=300)
@given(masses)
def test_mg_mmol_meq_agree(cat_mg: Decimal) -> None:
    by_mmol = doses.make_product(
        CAT, CAT.forms[0], doses.Amount(cat_mg / Decimal("24.305"), "mmol")
    )
    by_meq = doses.make_product(
        CAT, CAT.forms[0], doses.Amount(cat_mg / Decimal("24.305") * 2, "meq")
    )
    by_mg = doses.make_product(CAT, CAT.forms[0], doses.Amount(cat_mg, "mg", 1, True))
    for p in (by_mmol, by_meq):
        assert abs(p.elemental_mg - by_mg.elemental_mg) <= Decimal("1e-20") * (1 + cat_mg)
    assert doses.meq_from_mg(CAT, cat_mg) == 2 * doses.mmol_from_mg(CAT, cat_mg)


@settings(max_examples=300)
@given(st.text(max_size=25))
def test_any_amount_text_parses_or_is_a_usage_error(text: str) -> None:
    try:
        amount = doses.parse_amount(text)
    except UsageError:
        return
    assert amount.value > 0 and amount.count >= 1


def test_catalogue_is_parsed_once_per_process(cat: Catalogue) -> None:
    assert cat is CAT is catalogue.load()
