"""Commands for doses and safety: dose, rda, limits, interactions, label and profile."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from magref import completion, output
from magref.cli.app import (
    AgeOption,
    AuthorityOption,
    HumanOrJson,
    NoProfileOption,
    Sex,
    SexOption,
    SimpleFormat,
    Stage,
    StageOption,
    WeightOption,
    app,
    load,
    text,
)
from magref.cli.internals import MagrefCommand

if TYPE_CHECKING:
    from magref import doses
    from magref.model import Authority, Profile
    from magref.reference import ReferenceReport


def _person(
    age: str | None,
    sex: Sex | None,
    stage: Stage | None,
    weight: str | None,
    use_profile: bool,
) -> tuple[doses.Person, str | None]:
    """The person from the options, filling gaps from the saved profile; and its authority."""
    from magref import doses, profile

    saved = profile.load() if use_profile else profile.Profile()
    person = doses.person_of(saved)._replace(
        sex=sex.value if sex else saved.sex, stage=stage.value if stage else saved.stage
    )
    if age is not None:
        person = person._replace(age_months=doses.parse_age(age))
    if weight is not None:
        person = person._replace(weight_kg=doses.parse_weight(weight))
    return person, saved.authority


def _authority(option: str | None, saved: str | None) -> str | None:
    """The authority an option names, else the profile's; None for the catalogue's default."""
    return text(option, "--authority") if option is not None else saved


@app.command(cls=MagrefCommand)
def dose(
    products: Annotated[
        list[str],
        typer.Argument(
            help="FORM AMOUNT, several joined by +: oxide 500mg + glycinate 2 x 500mg + "
            "milk of magnesia 30 mL. AMOUNT: mg, g, mcg, mmol, mEq, or mL/tsp for liquids.",
            show_default=False,
            metavar="FORM AMOUNT [+ FORM AMOUNT ...]",
            autocompletion=completion.forms,
        ),
    ],
    elemental: Annotated[
        bool, typer.Option("--elemental", help="AMOUNT is elemental magnesium; find the compound.")
    ] = False,
    variant: Annotated[
        str | None,
        typer.Option(
            "--variant",
            help="Hydrate or salt variant (see magref show).",
            autocompletion=completion.variants,
        ),
    ] = None,
    units: Annotated[
        int | None,
        typer.Option("--units", min=1, max=1000, help="Number of capsules, tablets or servings."),
    ] = None,
    age: AgeOption = None,
    sex: SexOption = None,
    stage: StageOption = None,
    weight: WeightOption = None,
    authority: AuthorityOption = None,
    no_profile: NoProfileOption = False,
    fail_on_warning: Annotated[
        bool, typer.Option("--fail-on-warning", help="Exit 3 when a warning was raised.")
    ] = False,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Elemental magnesium in a dose, against intakes and limits.

    A dose or a daily stack, against the intake and the upper limit.

    The chosen authority's limit decides (with --authority all, the strictest); the others are
    shown beside it. Where it has no figure for the person, the strictest other figure applies.
    The standing kidney-disease caution is always shown; --fail-on-warning (exit 3) acts on
    the other warnings, and on the caution too when the profile records kidney disease.

    Example: magref dose oxide 500mg
    """
    from magref import doses

    cat = load()
    person, saved_authority = _person(age, sex, stage, weight, not no_profile)
    chosen = _authority(authority, saved_authority) or cat.authorities[0].id
    items = doses.parse_products(cat, products, elemental=elemental, variant=variant, units=units)
    report = doses.dose_report(cat, items, person, chosen)
    output.report_view(fmt.value, lambda views: views.dose(cat, report))
    if fail_on_warning and report.warned:
        raise typer.Exit(3)


def _reference(
    age: str | None,
    sex: Sex | None,
    stage: Stage | None,
    weight: str | None,
    authority: str | None,
    use_profile: bool,
    everyone: bool,
) -> tuple[list[Authority], ReferenceReport | None]:
    """The authorities to show and, when a person is known (options or profile), the report
    for that person. `everyone`: every authority when none is chosen."""
    from magref import reference

    cat = load()
    person, saved_authority = _person(age, sex, stage, weight, use_profile)
    chosen = _authority(authority, saved_authority)
    if chosen is None and everyone:
        chosen = reference.ALL
    shown = reference.select(cat, chosen)
    if not person.given:
        return shown, None
    return shown, reference.reference_report(cat, person, chosen)


@app.command(cls=MagrefCommand)
def rda(
    age: AgeOption = None,
    sex: SexOption = None,
    stage: StageOption = None,
    weight: WeightOption = None,
    authority: AuthorityOption = None,
    no_profile: NoProfileOption = False,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Intakes (RDA, AI and the like) beside the upper limit.

    With a person (options or the profile) the values that apply, side by side for --authority
    all; without one, the tables. One authority by default: the profile's, else us.

    Example: magref rda --age 2 --authority all
    """
    cat = load()
    shown, report = _reference(age, sex, stage, weight, authority, not no_profile, False)
    output.report_view(fmt.value, lambda views: views.rda(cat, shown, report))


@app.command(cls=MagrefCommand)
def limits(
    age: AgeOption = None,
    sex: SexOption = None,
    stage: StageOption = None,
    weight: WeightOption = None,
    authority: AuthorityOption = None,
    no_profile: NoProfileOption = False,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Upper limits for supplemental magnesium, with their scope.

    Every authority's by default.

    With a person (options or the profile) the limit that applies under each authority, side
    by side; without one, the tables by age.

    Example: magref limits --age 2
    """
    cat = load()
    shown, report = _reference(age, sex, stage, weight, authority, not no_profile, True)
    output.report_view(fmt.value, lambda views: views.limits(cat, shown, report))


@app.command(cls=MagrefCommand)
def interactions(
    drugs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Drug, brand or class names (all classes if none).",
            autocompletion=completion.drugs,
        ),
    ] = None,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Drug interactions: what happens, what to do, how far apart.

    Each source's spacing, saying which comes first. A name magref does not recognise is
    said to be unknown (exit 1).

    Example: magref interactions ciprofloxacin Fosamax
    """
    from magref import medicines

    cat = load()
    if not drugs:
        found = [
            medicines.Lookup(i.name, "interacting", (medicines.Match(i, None),))
            for i in cat.interactions
        ]
    else:
        found = medicines.lookup_all(cat, [text(d, "a drug name") for d in drugs])
    medicines.refuse_unknown(found)
    output.report_view(fmt.value, lambda views: views.interactions(cat, found, not drugs))


@app.command(cls=MagrefCommand)
def plan(
    med: Annotated[
        list[str],
        typer.Option(
            "--med",
            help="A medicine and when it is taken: NAME@HH:MM[,HH:MM...] (repeatable).",
            show_default=False,
            autocompletion=completion.drugs,
        ),
    ],
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """When in the day magnesium may be taken with your medicines.

    Under every spacing rule recorded for your medicines, each with its source; or that no
    window exists. Exit 1 if a medicine is not recognised.

    Example: magref plan --med levothyroxine@07:00 --med ciprofloxacin@08:00,20:00
    """
    from magref import medicines, planner

    cat = load()
    doses_ = [planner.parse_med(text(m, "--med")) for m in med]
    result = planner.plan(cat, doses_)
    medicines.refuse_unknown([look for look, _ in result.medicines])
    output.report_view(fmt.value, lambda views: views.plan(cat, result))


@app.command(cls=MagrefCommand)
def label(
    line: Annotated[str, typer.Argument(help="One label line, in quotes.", metavar="text")],
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Decode a label line: elemental magnesium or the compound?

    Example: magref label "Magnesium (as magnesium bisglycinate chelate) 200 mg"
    """
    from magref import labels

    text(line, "the label line")
    cat = load()
    reading = labels.read_label(cat, line)
    output.report_view(fmt.value, lambda views: views.label(cat, reading))


@app.command(cls=MagrefCommand)
def convert(
    value: Annotated[str, typer.Argument(help="The lab value, e.g. 0.8.", metavar="VALUE")],
    unit: Annotated[str, typer.Argument(help="mmol/L, mg/dL or mEq/L.", metavar="UNIT")],
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Convert a serum magnesium value and place it against ranges.

    Between units, against published ranges.

    It does not diagnose. Example: magref convert 2.0 mg/dL
    """
    from magref import serum

    text(value, "the value")
    cat = load()
    reading = serum.convert(cat, value, text(unit, "the unit"))
    output.report_view(fmt.value, lambda views: views.serum(cat, reading))


def _profile_authority(name: str) -> str:
    """The id the profile saves for an authority's name: 'all' stays 'all'."""
    from magref import reference

    if name.strip().lower() == reference.ALL:
        return reference.ALL
    return reference.find_authority(load(), name).id


@app.command("profile", cls=MagrefCommand)
def profile_(
    age: AgeOption = None,
    sex: Annotated[str | None, typer.Option("--sex", help="male, female, or none.")] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="pregnant, lactating, or none.")
    ] = None,
    authority: Annotated[
        str | None,
        typer.Option(
            "--authority",
            help="Default authority: an id (us, eu, ...), a country, all, or none.",
            autocompletion=completion.authorities,
        ),
    ] = None,
    weight: Annotated[
        str | None, typer.Option("--weight", help="Body weight in kg (70) or lb, or none.")
    ] = None,
    kidney_disease: Annotated[
        bool | None,
        typer.Option("--kidney-disease/--no-kidney-disease", help="Record kidney disease."),
    ] = None,
    medication: Annotated[
        list[str] | None,
        typer.Option(
            "--medication", help="Add a medication (repeatable).", autocompletion=completion.drugs
        ),
    ] = None,
    clear_medications: Annotated[
        bool, typer.Option("--clear-medications", help="Remove all medications.")
    ] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Forget every saved value.")] = False,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Show or set the defaults that dose and rda use.

    --no-profile on those commands ignores it.

    Example: magref profile --age 67 --sex female --medication alendronate
    """
    import contextlib

    from magref import medicines, profile

    options = (age, sex, stage, authority, weight, kidney_disease)
    changing = reset or clear_medications or bool(medication) or any(o is not None for o in options)
    with profile.locked() if changing else contextlib.nullcontext():
        current = _update_profile(
            reset, age, sex, stage, authority, weight, kidney_disease, medication, clear_medications
        )
    if medication:
        for look in medicines.lookup_all(load(), medication):
            if look.status == "not-recognised":
                output.warning(f"saved, but {look.message}")
    where = profile.path()
    saved = os.path.exists(where)  # False for any path that cannot be looked at
    output.report_view(fmt.value, lambda views: views.profile(current, str(where), saved))


def _update_profile(
    reset: bool,
    age: str | None,
    sex: str | None,
    stage: str | None,
    authority: str | None,
    weight: str | None,
    kidney_disease: bool | None,
    medication: list[str] | None,
    clear_medications: bool,
) -> Profile:
    """Read, change, check and save the profile (under the profile's lock)."""
    from magref import profile, reference

    current = profile.Profile() if reset else profile.load()
    changes = profile.edit(
        current,
        age=age,
        sex=sex,
        stage=stage,
        authority=authority,
        weight=weight,
        find_authority=_profile_authority,
        kidney_disease=kidney_disease,
        medications=[text(m, "--medication") for m in medication or []],
        clear_medications=clear_medications,
    )
    if changes or reset:
        current = current._replace(**changes)
        reference.check_person(
            load(), reference.person_of(current)
        )  # refuse what dose could not use
        profile.save(current)
    return current
