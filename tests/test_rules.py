"""Every rule the catalogue loader enforces, one table row per rule: a small edit to one file of
the frozen fixture catalogue (tests/fixtures/catalogue), and the exact problems it must produce,
as `FILE:LINE: PATH: MESSAGE`. A row lists every problem the edit causes, so a problem that is
reported in the wrong file, on the wrong line, or that drags follow-on problems along, fails.

The last tests check that every `ctx.problem(...)` call in bind.py, rules.py and parse.py is
reached by at least one row, so a new rule without a row here fails the suite."""

from __future__ import annotations

import ast
import functools
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

from magref import bind, parse
from magref.errors import CatalogueError
from magref.model import Catalogue

SRC = Path(bind.__file__).resolve().parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "catalogue"
TEXTS: dict[str, str] = {
    p.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURE.glob("*.yaml"))
}
CHECKED_MODULES = ("bind.py", "rules.py", "parse.py")  # where ctx.problem(...) is called

Expected = str | re.Pattern[str]


class Edit(NamedTuple):
    """Replace the first `old` in `file` with `new` (`old` None: append `new` to the file;
    `old` "": replace the whole file)."""

    file: str
    old: str | None
    new: str


def replace(file: str, old: str, new: str) -> Edit:
    return Edit(file, old, new)


def append(file: str, text: str) -> Edit:
    return Edit(file, None, text)


def whole(file: str, text: str) -> Edit:
    return Edit(file, "", text)


def apply(edits: Sequence[Edit]) -> list[tuple[str, str]]:
    texts = dict(TEXTS)
    for edit in edits:
        text = texts[edit.file]
        if edit.old is None:
            texts[edit.file] = text + edit.new
        elif edit.old == "":
            texts[edit.file] = edit.new
        else:
            found = text.count(edit.old)
            assert found == 1, f"{edit.file}: snippet found {found} times, not once: {edit.old!r}"
            texts[edit.file] = text.replace(edit.old, edit.new, 1)
    return list(texts.items())


class Outcome(NamedTuple):
    problems: list[str]
    sites: set[tuple[str, int]]  # (module file name, line) of every ctx.problem call reached


def _recorded(run: Callable[[], object]) -> Outcome:
    """Run a parse, returning its problems and the ctx.problem call sites it reached."""
    sites: set[tuple[str, int]] = set()
    original = bind.Context.problem

    def problem(self: bind.Context, *args: object, **kwargs: object) -> None:
        caller = sys._getframe(1)
        sites.add((Path(caller.f_code.co_filename).name, caller.f_lineno))
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    bind.Context.problem = problem  # type: ignore[method-assign]
    try:
        run()
    except CatalogueError as exc:
        return Outcome(exc.problems, sites)
    finally:
        bind.Context.problem = original  # type: ignore[method-assign]
    return Outcome([], sites)


def between(file: str, start: str, end: str | None) -> str:
    """The text of a fixture file from `start` up to (not including) the following `end`, or
    to the end of the file."""
    text = TEXTS[file]
    i = text.index(start)
    return text[i : text.index(end, i) if end is not None else len(text)]


def check(problems: list[str], expected: Sequence[Expected]) -> None:
    """Each expected line matches one problem (an exact string, or a pattern that matches the
    whole line), and there are no other problems."""
    left = list(problems)
    for want in expected:
        hit = next(
            (
                p
                for p in left
                if (p == want if isinstance(want, str) else want.fullmatch(p) is not None)
            ),
            None,
        )
        assert hit is not None, f"expected {want!r} among {problems!r}"
        left.remove(hit)
    assert not left, f"unexpected problems {left!r} (besides {expected!r})"


# ---- the catalogue table: (id, edits, expected problems) ----------------------------------

GLYCINATE_NAME = "  name: Magnesium glycinate (bisglycinate)\n"  # forms.yaml:8
GLYCINATE_DEFAULT = (  # forms.yaml:27-30
    "    elemental_mg_percent: 14.1\n    default: true\n    sources:\n    - molecules2021\n"
)
GLYCINATE_SLEEP = (  # forms.yaml:53-55
    "  - topic: sleep\n    statement: No verified trial of glycinate for sleep was found.\n"
    "    direction: not-studied\n"
)
MISSING_FORMS = "catalogue.yaml:1: (top level): missing required section 'forms' (in no file)"
NO_INTERACTIONS = (
    "catalogue.yaml:1: (top level): missing required section 'interactions' (in no file)"
)
RV = "reference-values.yaml"
US_INTAKE_BANDS = between(RV, "    bands:\n    - label: 0-6 months", "  limit:")
RV_AUTHORITIES = between(RV, "authorities:\n", None)
EU_LIMIT_BANDS = between(RV, "    bands:\n    - label: under 4 years", "- id: jp")
HYDROXIDE_VARIANTS = between(
    "forms.yaml", "  variants:\n  - id: anhydrous\n    name: Magnesium hydroxide", "  measures:"
)
NEW_TOPIC = (
    "- id: {id}\n  name: X\n  summary: X\n  findings:\n  - statement: X\n"
    "    direction: not-studied\n    certainty: none\n    design: none\n"
)
DESIGNS = (
    "meta-analysis, systematic-review, rct, open-label-trial, absorption-study, observational, "
    "label, animal, mechanistic, none"
)
CERTAINTIES = "high, moderate, low, very-low, no-human-trials, not-rated, none"
MIGRAINE_GUIDELINE = "  guidelines:\n  - body: American Academy of Neurology"


NESTED = "nestednaturals.com/products/magnesium-glycinate-chelated-200mg"  # a web page's address
CLAIM_ITEM = "- id: {id}\n  claim: X\n  evidence: X\n  verdict: {verdict}\n"
CLAIM = "claims:\n" + CLAIM_ITEM
CHECK_ITEM = (
    "- id: c\n  cited_as: X\n  resolves_to: X\n  matches: {matches}\n  found: X\n"
    "  supports: X\n  cannot_support: X\n{extra}"
)
CHECK = "citation_checks:\n" + CHECK_ITEM


def finding(**fields: str) -> Edit:
    """A finding added to the fixture's migraine topic (before its guidelines): a valid
    low-certainty trial finding, with `fields` replacing or adding to it ('' drops a field)."""
    base = {
        "statement": "Magnesium may help.",
        "direction": "benefit",
        "certainty": "low",
        "design": "rct",
        "forms_studied": "[citrate]",
        "population": "people",
        "sources": "[peikert1996]",
    }
    base.update(fields)
    lines = [f"    {k}: {v}" for k, v in base.items() if v]
    lines[0] = "  - " + lines[0][4:]
    return replace("topics.yaml", MIGRAINE_GUIDELINE, "\n".join(lines) + "\n" + MIGRAINE_GUIDELINE)


def assay(
    high: str = "100.5", mg_low: str = "39.59", mg_high: str | None = "41.88", sources: bool = True
) -> Edit:
    """An assay for hydroxide in the fixture, inserted at forms.yaml:359 (its item at 360)."""
    lines = [
        "  assays:",
        "  - monograph: X",
        "    measured: Mg(OH)2",
        "    low: 95.0",
        f"    high: {high}",
        "    basis: as is",
        f"    mg_percent_low: {mg_low}",
        *([f"    mg_percent_high: {mg_high}"] if mg_high is not None else []),
        *(["    sources: [otc-mom-label]"] if sources else []),
    ]
    return replace(
        "forms.yaml",
        "  measures:\n  - unit: ml\n    volume: 5\n",
        "\n".join(lines) + "\n  measures:\n  - unit: ml\n    volume: 5\n",
    )


_CASES: list[tuple[str, list[Edit], list[Expected]]] = [
    # -- YAML itself: syntax, empty files, tags, keys ----------------------------------------
    (
        "syntax-error-with-its-line",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: a: b\n")],
        ["forms.yaml:8: (syntax): mapping values are not allowed in this context", MISSING_FORMS],
    ),
    (
        "syntax-error-unclosed-flow-list",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: [a, b\n")],
        [
            re.compile(r"forms\.yaml:\d+: \(syntax\): did not find expected ',' or '\]'"),
            MISSING_FORMS,
        ],
    ),
    (
        "raw-control-character-in-the-file",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: Magnesium \x07glycinate\n")],
        [
            re.compile(
                r"forms\.yaml:\d+: \(syntax\): unacceptable character #x0007: "
                r"control characters are not allowed.*"
            ),
            MISSING_FORMS,
        ],
    ),
    (
        "empty-file",
        [whole("forms.yaml", "")],
        ["forms.yaml:1: (top level): the file is empty", MISSING_FORMS],
    ),
    (
        "file-of-comments-only",
        [whole("forms.yaml", "# nothing here yet\n")],
        ["forms.yaml:1: (top level): the file is empty", MISSING_FORMS],
    ),
    (
        "file-is-a-list-not-a-mapping",
        [whole("interactions.yaml", "- a\n")],
        [
            "interactions.yaml:1: (top level): expected a mapping, got a list",
            "catalogue.yaml:1: (top level): missing required section 'interactions' (in no file)",
        ],
    ),
    (
        "yaml-tag-on-a-whole-file",
        [replace("interactions.yaml", "interactions:\n", "--- !custom\ninteractions:\n")],
        [
            "interactions.yaml:6: (top level): YAML tag '!custom' is not allowed",
            "catalogue.yaml:1: (top level): missing required section 'interactions' (in no file)",
        ],
    ),
    (
        "yaml-tag",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: !custom Magnesium glycinate\n")],
        ["forms.yaml:8: forms[0].name: YAML tag '!custom' is not allowed"],
    ),
    (
        "yaml-tag-python-object",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: !!python/object:os.system x\n")],
        [
            "forms.yaml:8: forms[0].name: "
            "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"
        ],
    ),
    (
        "control-character-escaped",
        [replace("forms.yaml", GLYCINATE_NAME, '  name: "Magnesium\\x07glycinate"\n')],
        ["forms.yaml:8: forms[0].name: text contains a control character"],
    ),
    (
        "control-character-c1",
        [replace("forms.yaml", GLYCINATE_NAME, '  name: "Magnesium\\u0085glycinate"\n')],
        ["forms.yaml:8: forms[0].name: text contains a control character"],
    ),
    (
        "alias-bomb",
        [
            replace("forms.yaml", "forms:\n- id: glycinate", "forms:\n- &g\n  id: glycinate"),
            append("forms.yaml", "- *g\n" * 1000),
        ],
        [
            re.compile(
                r"forms\.yaml:\d+: forms\[\d+\]\S*: "
                r"document expands to too many values \(alias bomb\?\)"
            )
        ],
    ),
    (
        "duplicate-key-in-a-record",
        [replace("forms.yaml", GLYCINATE_NAME, GLYCINATE_NAME + "  name: Again\n")],
        ["forms.yaml:9: forms[0].name: duplicate key (first at line 8)"],
    ),
    (
        "duplicate-key-at-top-level",
        [append("catalogue.yaml", "schema_version: 4\n")],
        [
            "catalogue.yaml:89: schema_version: duplicate key (first at line 6)",
        ],
    ),
    (
        "duplicate-key-in-a-mapping-of-text",
        [
            replace(
                "catalogue.yaml",
                "  animal: studies in animals only\n",
                "  animal: a\n  animal: b\n",
            )
        ],
        [
            "catalogue.yaml:30: study_designs.animal: duplicate key (first at line 29)",
        ],
    ),
    (
        "yaml-merge-key",
        [
            replace(
                "forms.yaml",
                "    summary: moderately soluble",
                "    <<: {x: 1}\n    summary: moderately soluble",
            )
        ],
        [
            "forms.yaml:39: forms[0].solubility: keys must be text, got a value tagged "
            "tag:yaml.org,2002:merge",
        ],
    ),
    (
        "keys-must-be-text",
        [replace("catalogue.yaml", "  animal: studies in animals only\n", "  7: seven\n")],
        [
            "catalogue.yaml:29: study_designs: keys must be text, got an integer",
        ],
    ),
    (
        "keys-must-be-lower-case",
        [replace("catalogue.yaml", "  animal: studies in animals only\n", "  Animal: animals\n")],
        [
            "catalogue.yaml:29: study_designs.Animal: keys must be lower-case-with-hyphens",
        ],
    ),
    # -- sections spread over files ------------------------------------------------------------
    (
        "section-in-two-files",
        [append("topics.yaml", "units:\n  magnesium_mg_per_mmol: 24.305\n  meq_per_mmol: 2\n")],
        [
            "topics.yaml:390: units: also in catalogue.yaml; a section belongs in one file",
        ],
    ),
    (
        "section-misspelt",
        [
            replace(
                "catalogue.yaml",
                "dose_rules:\n  laxative_warning_mg: 360\n",
                "dose_rulez:\n  laxative_warning_mg: 360\n",
            )
        ],
        [
            "catalogue.yaml:60: dose_rulez: unknown field; did you mean 'dose_rules'?",
            "catalogue.yaml:1: (top level): missing required section 'dose_rules' (in no file)",
        ],
    ),
    (
        "missing-section-removed",
        [replace("catalogue.yaml", "schema_version: 4\n", "\n")],
        ["catalogue.yaml:1: (top level): missing required section 'schema_version' (in no file)"],
    ),
    (
        "unknown-section",
        [append("topics.yaml", "extras: 1\n")],
        [
            "topics.yaml:390: extras: unknown field",
        ],
    ),
    (
        "empty-required-section-text",
        [
            replace(
                "catalogue.yaml", "catalogue_version: 2026.11.0-fixture", "catalogue_version: ''"
            )
        ],
        ["catalogue.yaml:7: catalogue_version: must not be empty"],
    ),
    # -- fields of records: unknown, missing, empty, types ---------------------------------
    (
        "unknown-field-did-you-mean",
        [replace("forms.yaml", "  aliases:\n  - bisglycinate\n", "  alias:\n  - bisglycinate\n")],
        ["forms.yaml:11: forms[0].alias: unknown field; did you mean 'aliases'?"],
    ),
    (
        "unknown-field",
        [replace("forms.yaml", GLYCINATE_NAME, GLYCINATE_NAME + "  zzz: 1\n")],
        ["forms.yaml:9: forms[0].zzz: unknown field"],
    ),
    (
        "missing-required-field",
        [replace("forms.yaml", GLYCINATE_NAME, "")],
        ["forms.yaml:7: forms[0]: missing required field 'name'"],
    ),
    (
        "empty-required-text",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: '  '\n")],
        ["forms.yaml:8: forms[0].name: must not be empty"],
    ),
    (
        "text-given-a-date",
        [replace("catalogue.yaml", "reviewed: '2026-11-21'", "reviewed: 2026-11-21")],
        ["catalogue.yaml:8: reviewed: expected text, got a date (put it in quotes)"],
    ),
    (
        "text-given-a-number",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: 42\n")],
        ["forms.yaml:8: forms[0].name: expected text, got an integer (put it in quotes)"],
    ),
    (
        "text-given-null",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: null\n")],
        ["forms.yaml:8: forms[0].name: expected text, got nothing (null) (put it in quotes)"],
    ),
    (
        "text-given-a-list",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: [a, b]\n")],
        ["forms.yaml:8: forms[0].name: expected text, got a list"],
    ),
    (
        "integer-given-text",
        [replace("catalogue.yaml", "schema_version: 4", "schema_version: '1'")],
        ["catalogue.yaml:6: schema_version: expected an integer, got text"],
    ),
    (
        "integer-given-a-number",
        [replace("catalogue.yaml", "schema_version: 4", "schema_version: 1.0")],
        ["catalogue.yaml:6: schema_version: expected an integer, got a number"],
    ),
    (
        "number-given-text",
        [replace("forms.yaml", "    molar_mass: 172.42", "    molar_mass: heavy")],
        ["forms.yaml:26: forms[0].variants[0].molar_mass: expected a number, got text"],
    ),
    (
        "true-false-given-text",
        [replace("forms.yaml", GLYCINATE_DEFAULT, GLYCINATE_DEFAULT.replace("true", "'true'"))],
        ["forms.yaml:28: forms[0].variants[0].default: expected true or false, got text"],
    ),
    (
        "nan",
        [replace("forms.yaml", "    molar_mass: 172.42", "    molar_mass: .nan")],
        ["forms.yaml:26: forms[0].variants[0].molar_mass: expected a finite number"],
    ),
    (
        "inf",
        [replace("interactions.yaml", "      after_hours: 8", "      after_hours: .inf")],
        [
            "interactions.yaml:60: interactions[1].medicines[1].spacing[0].after_hours: "
            "expected a finite number"
        ],
    ),
    (
        "minus-inf",
        [
            replace(
                "interactions.yaml",
                "      before_hours: 2\n      after_hours: 2\n",
                "      before_hours: -.Inf\n      after_hours: 2\n",
            )
        ],
        [
            "interactions.yaml:24: interactions[0].medicines[0].spacing[1].before_hours: "
            "expected a finite number"
        ],
    ),
    (
        "not-one-of-the-allowed-values",
        [
            replace(
                "interactions.yaml",
                "  severity: major\n  severity_reason: The medicine can fail",
                "  severity: huge\n  severity_reason: The medicine can fail",
            )
        ],
        [
            "interactions.yaml:13: interactions[0].severity: 'huge' is not one of: "
            "major, moderate, minor"
        ],
    ),
    (
        "list-given-text",
        [
            replace(
                "forms.yaml",
                GLYCINATE_DEFAULT,
                GLYCINATE_DEFAULT.replace(
                    "sources:\n    - molecules2021", "sources: molecules2021\n"
                ),
            )
        ],
        ["forms.yaml:29: forms[0].variants[0].sources: expected a list, got text"],
    ),
    (
        "record-given-text",
        [
            replace(
                "interactions.yaml",
                "    - rule: apart\n      before_hours: 2\n      after_hours: 2\n",
                "    - just advice\n    - rule: apart\n      before_hours: 2\n      after_hours: 2\n",  # noqa: E501
            )
        ],
        [
            "interactions.yaml:23: interactions[0].medicines[0].spacing[1]: expected a mapping, got text"  # noqa: E501
        ],
    ),
    # -- the bundled catalogue's own sections ------------------------------------------------
    (
        "schema-version",
        [replace("catalogue.yaml", "schema_version: 4", "schema_version: 1")],
        ["catalogue.yaml:6: schema_version: must be 4"],
    ),
    (
        "reviewed-not-a-date",
        [replace("catalogue.yaml", "reviewed: '2026-11-21'", "reviewed: 21 November 2026")],
        ["catalogue.yaml:8: reviewed: must be a date written YYYY-MM-DD, in quotes"],
    ),
    (
        "study-designs-missing-one",
        [replace("catalogue.yaml", "  observational: a study that measured people", "  x: y")],
        [f"catalogue.yaml:22: study_designs: must describe exactly: {DESIGNS}"],
    ),
    (
        "certainty-scale-an-extra-level",
        [replace("catalogue.yaml", "\nclaim_verdicts:", "\n  maybe: x\nclaim_verdicts:")],
        [f"catalogue.yaml:33: certainty_scale: must describe exactly: {CERTAINTIES}"],
    ),
    (
        "laxative-scale",
        [
            replace(
                "catalogue.yaml", "  unknown: no tolerability data", "  none: no tolerability data"
            )
        ],
        [
            "catalogue.yaml:47: laxative_scale: must describe every laxative level",
        ],
    ),
    (
        "severity-scale",
        [
            replace(
                "catalogue.yaml", "  minor: a small or uncertain effect", "  tiny: a small effect"
            )
        ],
        [
            "catalogue.yaml:52: severity_scale: must describe every severity",
        ],
    ),
    # -- authorities and their age bands -------------------------------------------------
    (
        "intake-bands-start-at-0",
        [replace(RV, "0-6 months\n      from_months: 0", "0-6 months\n      from_months: 1")],
        [
            "reference-values.yaml:43: authorities[0].intakes.bands[0].from_months: expected "
            "0 (bands must follow on)"
        ],
    ),
    (
        "intake-bands-gap",
        [replace(RV, "7-12 months\n      from_months: 7", "7-12 months\n      from_months: 8")],
        [
            "reference-values.yaml:49: authorities[0].intakes.bands[1].from_months: expected "
            "7 (bands must follow on)"
        ],
    ),
    (
        "intake-band-open-ended-not-last",
        [
            replace(
                RV,
                "      to_months: 12\n      kind: AI\n      male: 75",
                "      to_months: ~\n      kind: AI\n      male: 75",
            )
        ],
        [
            "reference-values.yaml:48: authorities[0].intakes.bands[1]: only the last band is "
            "open-ended (no to_months)",
            "reference-values.yaml:55: authorities[0].intakes.bands[2].from_months: expected "
            "7 (bands must follow on)",
        ],
    ),
    (
        "intake-last-band-not-open-ended",
        [
            replace(
                RV, "      from_months: 612\n", "      from_months: 612\n      to_months: 1200\n"
            )
        ],
        [
            "reference-values.yaml:96: authorities[0].intakes.bands[8]: only the last band is "
            "open-ended (no to_months)"
        ],
    ),
    (
        "intake-band-to-months-above-from-months",
        [
            replace(
                RV,
                "    - label: 7-12 months\n",
                "    - label: empty\n      from_months: 7\n      to_months: 7\n      kind: AI\n"
                "      male: 1\n      female: 1\n    - label: 7-12 months\n",
            )
        ],
        [
            "reference-values.yaml:50: authorities[0].intakes.bands[1].to_months: must be "
            "above from_months"
        ],
    ),
    (
        "adult-band-must-be-a-band",
        [replace(RV, "    adult_band: 31-50 years", "    adult_band: 30-50 years")],
        ["reference-values.yaml:37: authorities[0].intakes.adult_band: must be a band's label"],
    ),
    (
        "intakes-with-no-bands",
        [replace(RV, US_INTAKE_BANDS, "    bands: []\n")],
        [
            "reference-values.yaml:41: authorities[0].intakes.bands: needs at least one age band",
            "reference-values.yaml:37: authorities[0].intakes.adult_band: must be a band's label",
        ],
    ),
    (
        "intake-band-needs-figures-or-no-figure",
        [
            replace(
                RV,
                "      kind: AI\n      male: 30\n      female: 30\n",
                "      kind: AI\n      male: 30\n",
            )
        ],
        [
            "reference-values.yaml:42: authorities[0].intakes.bands[0]: needs kind, male and "
            "female, or no_figure"
        ],
    ),
    (
        "intake-band-no-figure-gives-no-figures",
        [
            replace(
                RV,
                "      kind: AI\n      male: 30\n      female: 30\n",
                "      kind: AI\n      male: 30\n      female: 30\n"
                "      no_figure: not-derived\n      note: x\n",
            )
        ],
        [
            "reference-values.yaml:42: authorities[0].intakes.bands[0]: a band with no_figure "
            "gives no kind and no figures"
        ],
    ),
    (
        "intake-band-no-figure-needs-a-note",
        [
            replace(
                RV,
                "      note: The 2025 rows for infants and children were not read, "
                "so magref shows none.\n",
                "",
            )
        ],
        [
            "reference-values.yaml:220: authorities[2].intakes.bands[0]: a band with "
            "no_figure needs a note saying why"
        ],
    ),
    (
        "intake-figure-above-zero",
        [replace(RV, "      male: 30\n      female: 30\n", "      male: 0\n      female: 30\n")],
        ["reference-values.yaml:46: authorities[0].intakes.bands[0].male: must be above 0"],
    ),
    (
        "limit-bands-start-at-0",
        [
            replace(
                RV,
                "    - label: under 4 years\n      from_months: 0",
                "    - label: under 4 years\n      from_months: 6",
            )
        ],
        [
            "reference-values.yaml:194: authorities[1].limit.bands[0].from_months: expected 0 "
            "(bands must follow on)"
        ],
    ),
    (
        "limit-bands-gap",
        [
            replace(
                RV,
                "    - label: 4 years and over\n      from_months: 48",
                "    - label: 4 years and over\n      from_months: 50",
            )
        ],
        [
            "reference-values.yaml:200: authorities[1].limit.bands[1].from_months: expected "
            "48 (bands must follow on)"
        ],
    ),
    (
        "limit-band-open-ended-not-last",
        [
            replace(
                RV,
                "      from_months: 0\n      to_months: 12\n      no_figure: not-derived",
                "      from_months: 0\n      to_months: null\n      no_figure: not-derived",
            )
        ],
        [
            "reference-values.yaml:109: authorities[0].limit.bands[0]: only the last band is "
            "open-ended (no to_months)",
            "reference-values.yaml:116: authorities[0].limit.bands[1].from_months: expected 0 "
            "(bands must follow on)",
        ],
    ),
    (
        "limit-band-to-months-above-from-months",
        [
            replace(
                RV,
                "      from_months: 0\n      to_months: 48\n",
                "      from_months: 0\n      to_months: -1\n",
            )
        ],
        [
            "reference-values.yaml:195: authorities[1].limit.bands[0].to_months: must be "
            "above from_months",
            "reference-values.yaml:200: authorities[1].limit.bands[1].from_months: expected "
            "-1 (bands must follow on)",
        ],
    ),
    (
        "limit-band-needs-exactly-one-figure",
        [replace(RV, "      mg_per_kg: 5\n", "      mg_per_kg: 5\n      mg: 100\n")],
        [
            "reference-values.yaml:272: authorities[2].limit.bands[1]: needs exactly one of "
            "mg, mg_per_kg or no_figure"
        ],
    ),
    (
        "limit-band-figure-above-zero",
        [replace(RV, "      mg_per_kg: 5\n", "      mg_per_kg: 0\n")],
        ["reference-values.yaml:275: authorities[2].limit.bands[1].mg_per_kg: must be above 0"],
    ),
    (
        "limit-band-no-figure-needs-a-note",
        [
            replace(
                RV,
                "      no_figure: not-recorded\n"
                "      note: VKM's summary does not mention infants.",
                "      no_figure: not-recorded",
            )
        ],
        [
            "reference-values.yaml:297: authorities[3].limit.bands[0]: a band with no_figure "
            "needs a note saying why"
        ],
    ),
    (
        "authority-id-unique",
        [replace(RV, "- id: eu\n", "- id: us\n")],
        ["reference-values.yaml:127: authorities[1].id: must be a unique lower-case id"],
    ),
    (
        "authority-id-lower-case",
        [replace(RV, "- id: eu\n", "- id: EU\n")],
        ["reference-values.yaml:127: authorities[1].id: must be a unique lower-case id"],
    ),
    (
        "authority-name-selects-one",
        [replace(RV, "  - efsa\n", "  - usa\n")],
        ["reference-values.yaml:131: authorities[1].names: 'usa' also selects 'us'"],
    ),
    (
        "authorities-none",
        [replace(RV, RV_AUTHORITIES, "authorities: []\n")],
        ["reference-values.yaml:23: authorities: needs at least one authority"],
    ),
    (
        "intake-kinds-each-once",
        [replace(RV, "- kind: RNI\n", "- kind: RDI\n")],
        [
            "reference-values.yaml:8: intake_kinds: must describe each once: RDA, RDI, RNI, "
            "AI, estimated"
        ],
    ),
    # -- interactions ----------------------------------------------------------------------
    (
        "interaction-id-unique",
        [replace("interactions.yaml", "- id: quinolones", "- id: bisphosphonates")],
        ["interactions.yaml:33: interactions[1].id: must be a unique lower-case id"],
    ),
    (
        "interaction-id-lower-case",
        [replace("interactions.yaml", "- id: quinolones", "- id: Quinolones")],
        ["interactions.yaml:33: interactions[1].id: must be a unique lower-case id"],
    ),
    (
        "interaction-needs-a-source",
        [
            replace(
                "interactions.yaml",
                "    brands: [Prilosec, Losec]\n  sources: [ods-factsheet]\n",
                "    brands: [Prilosec, Losec]\n",
            )
        ],
        ["interactions.yaml:67: interactions[2]: needs at least one source"],
    ),
    (
        "spacing-needs-a-source",
        [
            replace(
                "interactions.yaml",
                "      after_hours: 2\n      sources: [ods-factsheet]\n",
                "      after_hours: 2\n",
            )
        ],
        [
            "interactions.yaml:23: interactions[0].medicines[0].spacing[1]: needs at least "
            "one source"  # noqa: E501
        ],
    ),
    (
        "spacing-hours-out-of-range",
        [replace("interactions.yaml", "      after_hours: 8\n", "      after_hours: 72\n")],
        [
            "interactions.yaml:58: interactions[1].medicines[1].spacing[0]: "
            "needs hours above 0 and at most 48, minutes up to 240"
        ],
    ),
    (
        "spacing-apart-needs-hours",
        [replace("interactions.yaml", "      before_hours: 4\n      after_hours: 8\n", "")],
        [
            "interactions.yaml:58: interactions[1].medicines[1].spacing[0]: "
            "apart needs before_hours or after_hours, not wait_minutes"
        ],
    ),
    (
        "spacing-medicine-first-needs-minutes",
        [replace("interactions.yaml", "      wait_minutes: 60\n", "")],
        [
            "interactions.yaml:30: interactions[0].medicines[1].spacing[0]: "
            "medicine-first needs wait_minutes (and after_hours at most)"
        ],
    ),
    (
        "spacing-do-not-combine-takes-no-hours",
        [
            replace(
                "interactions.yaml",
                "    - rule: do-not-combine\n",
                "    - rule: do-not-combine\n      after_hours: 2\n",
            )
        ],
        [
            "interactions.yaml:64: interactions[1].medicines[2].spacing[0]: "
            "do-not-combine takes no hours or minutes"
        ],
    ),
    (
        "monitoring-gives-no-spacing",
        [
            replace(
                "interactions.yaml",
                "    brands: [Prilosec, Losec]\n",
                "    brands: [Prilosec, Losec]\n    spacing:\n    - rule: do-not-combine\n"
                "      sources: [ods-factsheet]\n",
            )
        ],
        [
            "interactions.yaml:76: interactions[2].medicines[0]: a monitoring interaction "
            "gives no spacing"  # noqa: E501
        ],
    ),
    (
        "spacing-class-medicine-needs-a-rule",
        [
            replace(
                "interactions.yaml",
                "  - name: ibandronate\n    brands: [Boniva]\n    spacing:\n    - rule: medicine-first\n      wait_minutes: 60\n      sources: [us-bisphosphonate-labels]\n",  # noqa: E501
                "  - name: ibandronate\n    brands: [Boniva]\n",
            )
        ],
        [
            "interactions.yaml:27: interactions[0].medicines[1]: "
            "a spacing interaction needs a spacing rule for each medicine"
        ],
    ),
    (
        "drug-in-two-interactions",
        [replace("interactions.yaml", "  - name: moxifloxacin\n", "  - name: Alendronate\n")],
        ["interactions.yaml:33: interactions[1]: drug 'Alendronate' is also in 'bisphosphonates'"],
    ),
    (
        "brand-in-two-interactions",
        [replace("interactions.yaml", "    brands: [Avelox]\n", "    brands: [FOSAMAX]\n")],
        ["interactions.yaml:33: interactions[1]: drug 'FOSAMAX' is also in 'bisphosphonates'"],
    ),
    # -- sources ---------------------------------------------------------------------------
    (
        "pmid-digits",
        [replace("sources.yaml", "    pmid: '11794633'", "    pmid: 'PMID 11794633'")],
        ["sources.yaml:12: sources.firoz2001.pmid: a PMID is digits only"],
    ),
    (
        "doi-shape",
        [
            replace(
                "sources.yaml",
                "    doi: 10.1186/s40795-016-0121-3",
                "    doi: doi:10.1186/s40795-016-0121-3",
            )
        ],
        ["sources.yaml:34: sources.kappeler2017.doi: a DOI looks like 10.NNNN/suffix"],
    ),
    (
        "pmcid-shape",
        [replace("sources.yaml", "    pmcid: PMC5487054", "    pmcid: '5487054'")],
        [
            "sources.yaml:89: sources.tarleton2017.pmcid: a PMCID looks like PMC1234567",
        ],
    ),
    (
        "source-needs-an-identifier",
        [
            replace(
                "sources.yaml",
                "    identifier: https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/\n",
                "",
            )
        ],
        [
            "sources.yaml:153: sources.ods-factsheet: needs a pmid, doi, pmcid or identifier",
        ],
    ),
    (
        "study-needs-a-year",
        [
            replace(
                "sources.yaml",
                "    citation: Firoz M, Graber M. Magnes Res 2001;14(4):257-62.\n    year: 2001\n",
                "    citation: Firoz M, Graber M. Magnes Res 2001;14(4):257-62.\n",
            )
        ],
        ["sources.yaml:8: sources.firoz2001: a study needs a year"],
    ),
    (
        "trial-needs-a-year",
        [replace("sources.yaml", "    year: 2003\n", "")],
        ["sources.yaml:23: sources.walker2003: a trial needs a year"],
    ),
    (
        "review-needs-a-year",
        [
            replace(
                "sources.yaml",
                "    year: 2021\n    kind: review\n    status: primary-read\n    pmid",
                "    kind: review\n    status: primary-read\n    pmid",
            )
        ],
        [
            "sources.yaml:410: sources.mah-pitre-2021: a review needs a year",
        ],
    ),
    (
        "year-too-early",
        [
            replace(
                "sources.yaml",
                "    citation: Firoz M, Graber M. Magnes Res 2001;14(4):257-62.\n    year: 2001\n",
                "    citation: Firoz M, Graber M. Magnes Res 2001;14(4):257-62.\n    year: 1799\n",
            )
        ],
        ["sources.yaml:9: sources.firoz2001.year: year out of range"],
    ),
    (
        "year-too-late",
        [
            replace(
                "sources.yaml",
                "    citation: Firoz M, Graber M. Magnes Res 2001;14(4):257-62.\n    year: 2001\n",
                "    citation: Firoz M, Graber M. Magnes Res 2001;14(4):257-62.\n    year: 2101\n",
            )
        ],
        ["sources.yaml:9: sources.firoz2001.year: year out of range"],
    ),
    (
        "source-kind-not-allowed",
        [
            replace(
                "sources.yaml",
                "    year: 2001\n    kind: study\n",
                "    year: 2001\n    kind: blog\n",
            )
        ],
        [
            "sources.yaml:10: sources.firoz2001.kind: 'blog' is not one of: "
            "trial, study, review, report, label"
        ],
    ),
    # -- references, each reported in the file that holds it -----------------------------------
    (
        "unknown-source-in-forms-file",
        [replace("forms.yaml", GLYCINATE_DEFAULT, GLYCINATE_DEFAULT.replace("2021", "2012"))],
        [
            "forms.yaml:30: forms[0].variants[0].sources[0]: "
            "unknown source 'molecules2012'; did you mean 'molecules2021'?"
        ],
    ),
    (
        "unknown-source-no-close-match",
        [
            replace(
                "forms.yaml", GLYCINATE_DEFAULT, GLYCINATE_DEFAULT.replace("molecules2021", "zzz")
            )
        ],
        ["forms.yaml:30: forms[0].variants[0].sources[0]: unknown source 'zzz'"],
    ),
    (
        "unknown-source-in-catalogue-file",
        [replace("catalogue.yaml", "  - ods-factsheet\n", "  - ods-fact-sheet\n")],
        [
            "catalogue.yaml:16: kidney_caution.sources[0]: "
            "unknown source 'ods-fact-sheet'; did you mean 'ods-factsheet'?"
        ],
    ),
    (
        "unknown-source-in-reference-values-file",
        [replace(RV, "  - vkm-2016-15\n", "  - vkm-2016\n")],
        [
            "reference-values.yaml:295: authorities[3].limit.sources[0]: "
            "unknown source 'vkm-2016'; did you mean 'vkm-2016-15'?"
        ],
    ),
    (
        "unknown-source-in-interactions-file",
        [
            replace(
                "interactions.yaml",
                "      after_hours: 2\n      sources: [ods-factsheet]\n",
                "      after_hours: 2\n      sources: [ods-factshet]\n",
            )
        ],
        [
            "interactions.yaml:26: interactions[0].medicines[0].spacing[1].sources[0]: "
            "unknown source 'ods-factshet'; did you mean 'ods-factsheet'?"
        ],
    ),
    (
        "unknown-source-in-topics-file",
        [replace("topics.yaml", "  - magpie2002\n", "  - magpie2020\n")],
        [
            "topics.yaml:358: topics[7].findings[0].sources[1]: unknown source 'magpie2020'; "
            "did you mean 'magpie2002'?",
        ],
    ),
    (
        "unknown-source-after-its-key-was-renamed",
        [replace("sources.yaml", "  grober2017:\n", "  groeber2017:\n")],
        [
            "forms.yaml:447: forms[3].marketing[0].sources[0]: unknown source 'grober2017'; "
            "did you mean 'groeber2017'?",
        ],
    ),
    (
        "unknown-topic",
        [replace("forms.yaml", "  uses:\n  - topic: sleep\n", "  uses:\n  - topic: slep\n")],
        [
            "forms.yaml:53: forms[0].uses[0].topic: unknown topic 'slep'; did you mean 'sleep'?",
        ],
    ),
    # -- topics ----------------------------------------------------------------------------
    (
        "topic-id-unique",
        [append("topics.yaml", NEW_TOPIC.format(id="sleep"))],
        [
            "topics.yaml:390: topics[9].id: must be a unique lower-case id",
        ],
    ),
    (
        "topic-id-lower-case",
        [append("topics.yaml", NEW_TOPIC.format(id="Cramps"))],
        [
            "topics.yaml:390: topics[9].id: must be a unique lower-case id",
        ],
    ),
    (
        "topic-needs-a-finding",
        [append("topics.yaml", "- id: cramps\n  name: X\n  summary: X\n")],
        [
            "topics.yaml:390: topics[9]: needs at least one finding",
        ],
    ),
    (
        "topic-word-names-another-topic",
        [append("topics.yaml", NEW_TOPIC.format(id="cramps") + "  words: [Insomnia]\n")],
        [
            "topics.yaml:390: topics[9]: word 'insomnia' also names topic 'sleep'",
        ],
    ),
    (
        "guideline-needs-a-source",
        [replace("topics.yaml", "    sources:\n    - holland2012\n", "")],
        [
            "topics.yaml:182: topics[3].guidelines[0]: needs at least one source",
        ],
    ),
    (
        "finding-in-a-topic-names-no-topic",
        [finding(topic="sleep")],
        [
            "topics.yaml:188: topics[3].findings[2].topic: a topic's finding names no topic",
        ],
    ),
    (
        "finding-none-goes-with-not-studied",
        [finding(certainty="none", design="none")],
        [
            "topics.yaml:181: "
            "topics[3].findings[2]: "
            "certainty "
            "'none', "
            "design "
            "'none' "
            "and "
            "direction "
            "'not-studied' "
            "go "
            "together",
        ],
    ),
    (
        "finding-needs-a-source",
        [finding(sources="")],
        [
            "topics.yaml:181: topics[3].findings[2]: certainty 'low' needs at least one source",
        ],
    ),
    (
        "finding-animal-is-no-human-trials",
        [finding(design="animal")],
        [
            "topics.yaml:183: "
            "topics[3].findings[2].certainty: "
            "'no-human-trials' "
            "is the certainty of "
            "animal or "
            "mechanistic "
            "evidence only",
        ],
    ),
    (
        "finding-rated-study-records-what-was-studied",
        [finding(population="")],
        [
            "topics.yaml:181: "
            "topics[3].findings[2]: "
            "a rated "
            "study "
            "records "
            "its "
            "population "
            "and "
            "forms_studied",
        ],
    ),
    (
        "finding-certainty-from-is-its-source",
        [finding(certainty_from="okoli2019")],
        [
            "topics.yaml:188: "
            "topics[3].findings[2].certainty_from: "
            "must "
            "be "
            "one "
            "of "
            "the "
            "finding's "
            "sources",
        ],
    ),
    (
        "finding-certainty-from-rates-on-grade",
        [finding(certainty="not-rated", design="label", certainty_from="peikert1996")],
        [
            "topics.yaml:188: topics[3].findings[2].certainty_from: a source's rating is one "
            "of GRADE's four levels",
        ],
    ),
    (
        "finding-dose-above-zero",
        [finding(dose_mg="0")],
        [
            "topics.yaml:188: topics[3].findings[2].dose_mg: must be above 0",
        ],
    ),
    (
        "finding-low-says-may",
        [finding(statement="Magnesium helps.")],
        [
            "topics.yaml:181: topics[3].findings[2].statement: low certainty is stated with 'may'",
        ],
    ),
    (
        "finding-high-does-not-hedge",
        [finding(certainty="high")],
        [
            "topics.yaml:181: "
            "topics[3].findings[2].statement: "
            "high certainty is stated "
            "without hedging words",
        ],
    ),
    # -- forms -----------------------------------------------------------------------------
    (
        "form-id-lower-case",
        [replace("forms.yaml", "- id: oxide\n", "- id: Oxide\n")],
        [
            "forms.yaml:222: forms[2].id: must be lower-case-with-hyphens",
        ],
    ),
    (
        "form-id-unique",
        [replace("forms.yaml", "- id: oxide\n", "- id: citrate\n")],
        [
            "forms.yaml:222: forms[2].id: duplicate form id 'citrate'",
        ],
    ),
    (
        "form-name-used-by-two-forms",
        [replace("forms.yaml", "  - mgo\n", "  - citrate of magnesia\n")],
        [
            "forms.yaml:222: forms[2]: name 'citrate of magnesia' is also used by form 'citrate'",
        ],
    ),
    (
        "form-name-used-by-two-forms-once-normalised",
        [replace("forms.yaml", "  - mgo\n", "  - Magnesium  Citrate!\n")],
        [
            "forms.yaml:222: forms[2]: name 'citrate' is also used by form 'citrate'",
        ],
    ),
    (
        "form-needs-a-variant",
        [replace("forms.yaml", HYDROXIDE_VARIANTS, "  variants: []\n")],
        [
            "forms.yaml:457: forms[4].variants: needs at least one variant",
        ],
    ),
    (
        "form-needs-a-default-variant",
        [
            replace(
                "forms.yaml",
                GLYCINATE_DEFAULT,
                GLYCINATE_DEFAULT.replace("    default: true\n", ""),
            )
        ],
        ["forms.yaml:21: forms[0].variants: exactly one must be default"],
    ),
    (
        "form-has-two-default-variants",
        [
            replace(
                "forms.yaml",
                "    elemental_mg_percent: 11.89\n",
                "    elemental_mg_percent: 11.89\n    default: true\n",
            )
        ],
        [
            "forms.yaml:118: forms[1].variants: exactly one must be default",
        ],
    ),
    (
        "variant-id-unique",
        [replace("forms.yaml", "  - id: nonahydrate\n", "  - id: anhydrous\n")],
        [
            "forms.yaml:126: forms[1].variants[1].id: must be a unique lower-case id",
        ],
    ),
    (
        "variant-id-lower-case",
        [replace("forms.yaml", "  - id: nonahydrate\n", "  - id: Nonahydrate\n")],
        [
            "forms.yaml:126: forms[1].variants[1].id: must be a unique lower-case id",
        ],
    ),
    (
        "elemental-percent-above-100",
        [
            replace(
                "forms.yaml",
                "    elemental_mg_percent: 60.3\n",
                "    elemental_mg_percent: 160.3\n",
            )
        ],
        [
            "forms.yaml:238: forms[2].variants[0].elemental_mg_percent: must be a percentage "
            "above 0 and at most 100",
        ],
    ),
    (
        "elemental-percent-zero",
        [
            replace(
                "forms.yaml", "    elemental_mg_percent: 60.3\n", "    elemental_mg_percent: 0\n"
            )
        ],
        [
            "forms.yaml:238: forms[2].variants[0].elemental_mg_percent: must be a percentage "
            "above 0 and at most 100",
        ],
    ),
    (
        "molar-mass-positive",
        [replace("forms.yaml", "    molar_mass: 40.3\n", "    molar_mass: 0\n")],
        [
            "forms.yaml:237: forms[2].variants[0].molar_mass: must be positive",
        ],
    ),
    (
        "elemental-percent-agrees-with-molar-mass",
        [
            replace(
                "forms.yaml", "    elemental_mg_percent: 14.1\n", "    elemental_mg_percent: 15\n"
            )
        ],
        [
            "forms.yaml:27: forms[0].variants[0].elemental_mg_percent: "
            "15 does not match molar_mass 172.42 (1 Mg would be 14.10 %)"
        ],
    ),
    (
        "elemental-percent-agrees-with-molar-mass-3-mg",
        [
            replace(
                "forms.yaml",
                "    elemental_mg_percent: 16.16\n",
                "    elemental_mg_percent: 16.25\n",
            )
        ],
        [
            "forms.yaml:124: forms[1].variants[0].elemental_mg_percent: 16.25 does not match "
            "molar_mass 451.12 (3 Mg would be 16.16 %)",
        ],
    ),
    (
        "variant-identifier-format-and-source",
        [
            replace(
                "forms.yaml",
                "  - id: anhydrous\n    name: Magnesium bisglycinate\n",
                "  - id: anhydrous\n    identifiers: [{scheme: unii, value: 3a3u0gi71g}]\n"
                "    name: Magnesium bisglycinate\n",
            )
        ],
        [
            "forms.yaml:22: forms[0].variants[0].identifiers[0].value: is not a UNII",
            "forms.yaml:22: forms[0].variants[0].identifiers[0]: needs the source it was read in",
        ],
    ),
    (
        "label-figure-percent",
        [
            replace(
                "forms.yaml", "    elemental_mg_percent: 22.41\n", "    elemental_mg_percent: 101\n"
            )
        ],
        [
            "forms.yaml:33: forms[0].label_figures[0].elemental_mg_percent: "
            "must be a percentage above 0 and at most 100"
        ],
    ),
    (
        "measure-both-compound-and-elemental",
        [
            replace(
                "forms.yaml",
                "    elemental_mg: 290\n",
                "    elemental_mg: 290\n    compound_mg: 1745\n",
            )
        ],
        [
            "forms.yaml:152: forms[1].measures[0]: give exactly one of compound_mg and "
            "elemental_mg",
        ],
    ),
    (
        "measure-neither-compound-nor-elemental",
        [replace("forms.yaml", "    compound_mg: 400\n", "")],
        [
            "forms.yaml:471: forms[4].measures[0]: give exactly one of compound_mg and "
            "elemental_mg",
        ],
    ),
    (
        "assay-range-out-of-order",
        [assay(high="102", mg_high="42.50")],
        [
            "forms.yaml:471: forms[4].assays[0]: needs 0 < low <= high <= 101",
        ],
    ),
    (
        "assay-high-without-its-magnesium-figure",
        [assay(mg_high=None)],
        [
            "forms.yaml:471: forms[4].assays[0]: give high and mg_percent_high together, or "
            "neither",
        ],
    ),
    (
        "assay-magnesium-figures-out-of-proportion",
        [assay(mg_high="45.00")],
        [
            "forms.yaml:477: forms[4].assays[0].mg_percent_high: is not in the same proportion "
            "as mg_percent_low",
        ],
    ),
    (
        "assay-magnesium-percent-in-range",
        [assay(mg_low="0")],
        [
            "forms.yaml:477: forms[4].assays[0].mg_percent_high: is not in the same proportion "
            "as mg_percent_low",
            "forms.yaml:476: forms[4].assays[0].mg_percent_low: must be a percentage above 0 "
            "and at most 100",
        ],
    ),
    (
        "assay-needs-a-source",
        [assay(sources=False)],
        [
            "forms.yaml:471: forms[4].assays[0]: needs at least one source",
        ],
    ),
    (
        "unverified-form-name-is-a-form-name",
        [
            append(
                "forms.yaml",
                "unverified_forms:\n- id: x-form\n  name: Magnesium hydroxide\n  why: X\n",
            )
        ],
        [
            "forms.yaml:514: unverified_forms[0]: name 'hydroxide' is also used by 'hydroxide'",
        ],
    ),
    (
        "measure-volume-positive",
        [replace("forms.yaml", "    volume: 30\n", "    volume: 0\n")],
        [
            "forms.yaml:153: forms[1].measures[0].volume: must be positive",
        ],
    ),
    # -- claims, citation checks and read dates ---------------------------------------------
    (
        "claim-verdict-needs-a-source",
        [append("topics.yaml", CLAIM.format(id="x", verdict="supported"))],
        [
            "topics.yaml:391: claims[0]: verdict 'supported' needs at least one source",
        ],
    ),
    (
        "claim-id-unique",
        [
            append(
                "topics.yaml",
                CLAIM.format(id="x", verdict="not-supported")
                + CLAIM_ITEM.format(id="x", verdict="not-supported"),
            )
        ],
        [
            "topics.yaml:395: claims[1].id: must be a unique lower-case id",
        ],
    ),
    (
        "check-match-names-its-study",
        [append("topics.yaml", CHECK.format(matches="'yes'", extra=""))],
        [
            "topics.yaml:394: "
            "citation_checks[0].matches: "
            "'no-identifier' "
            "is "
            "the "
            "match "
            "when "
            "no "
            "identifier "
            "is "
            "cited",
            "topics.yaml:391: "
            "citation_checks[0]: "
            "a "
            "matching "
            "identifier "
            "names "
            "its "
            "study "
            "in "
            "'probable'",
            "topics.yaml:391: citation_checks[0]: needs at least one source",
        ],
    ),
    (
        "check-no-identifier-means-none-cited",
        [
            append(
                "topics.yaml", CHECK.format(matches="no-identifier", extra="  identifier: PMID 1\n")
            )
        ],
        [
            "topics.yaml:394: citation_checks[0].matches: 'no-identifier' is the match when no "
            "identifier is cited",
            "topics.yaml:391: citation_checks[0]: needs at least one source",
        ],
    ),
    (
        "check-id-unique",
        [
            append(
                "topics.yaml",
                CHECK.format(matches="'no'", extra="  sources: [peikert1996]\n")
                + CHECK_ITEM.format(matches="'no'", extra="  sources: [peikert1996]\n"),
            )
        ],
        [
            "topics.yaml:394: citation_checks[0].matches: 'no-identifier' is the match when no "
            "identifier is cited",
            "topics.yaml:399: citation_checks[1].id: must be a unique lower-case id",
            "topics.yaml:402: citation_checks[1].matches: 'no-identifier' is the match when no "
            "identifier is cited",
        ],
    ),
    (
        "web-page-needs-its-read-date",
        [
            replace(
                "sources.yaml",
                f"{NESTED}\n    read: '2026-11-21'\n",
                f"{NESTED}\n",
            )
        ],
        [
            "sources.yaml:186: sources.buffered-glycinate-label: a web page needs the date it "
            "was read ('read')",
        ],
    ),
    (
        "read-date-shape",
        [
            replace(
                "sources.yaml",
                f"{NESTED}\n    read: '2026-11-21'\n",
                f"{NESTED}\n    read: 21 Nov\n",
            )
        ],
        [
            "sources.yaml:191: sources.buffered-glycinate-label.read: must be a date written "
            "YYYY-MM-DD, in quotes",
        ],
    ),
    # -- nesting, checked before the C loader --------------------------------------------------
    (
        "nested-too-deep-in-flow-style",
        [append("interactions.yaml", "deep: " + "[" * 65 + "]" * 65 + "\n")],
        ["interactions.yaml:79: (syntax): nested more than 64 levels deep", NO_INTERACTIONS],
    ),
    (
        "nested-too-deep-in-block-style",
        [append("interactions.yaml", "deep:\n" + "- " * 64 + "x\n")],
        ["interactions.yaml:80: (syntax): nested more than 64 levels deep", NO_INTERACTIONS],
    ),
    (
        "indented-too-far",
        [append("interactions.yaml", "deep:\n" + " " * 1000 + "x\n")],
        ["interactions.yaml:80: (syntax): indented 1000 columns or more", NO_INTERACTIONS],
    ),
    (
        "absorption-design-needs-a-source",
        [
            replace(
                "forms.yaml",
                "    sources:\n    - walker2003\n    - kappeler2017\n    - lindberg1990\n",
                "",
            )
        ],
        [
            "forms.yaml:164: forms[1].absorption: design 'absorption-study' needs a source",
        ],
    ),
    (
        "use-names-its-topic",
        [
            replace(
                "forms.yaml", GLYCINATE_SLEEP, GLYCINATE_SLEEP.replace("- topic: sleep\n    ", "- ")
            )
        ],
        [
            "forms.yaml:53: forms[0].uses[0]: missing required field 'topic'",
        ],
    ),
    (
        "use-none-goes-with-not-studied",
        [replace("forms.yaml", GLYCINATE_SLEEP, GLYCINATE_SLEEP.replace("not-studied", "benefit"))],
        [
            "forms.yaml:53: forms[0].uses[0]: certainty 'none', design 'none' and direction "
            "'not-studied' go together",
        ],
    ),
    (
        "marketing-verdict-needs-a-source",
        [
            replace(
                "forms.yaml",
                "    verdict: not-supported\n    evidence: No source supports this; the one "
                "measured figure is 23.5 %, after a 100 mg dose.\n    sources:\n"
                "    - schuette1994\n",
                "    verdict: misleading\n    evidence: x\n",
            )
        ],
        [
            "forms.yaml:97: forms[0].marketing[1]: verdict 'misleading' needs at least one source",
        ],
    ),
]

CASES = {case_id: (edits, expected) for case_id, edits, expected in _CASES}
assert len(CASES) == len(_CASES), "case ids must be unique"


@functools.cache
def outcome(case_id: str) -> Outcome:
    edits, _ = CASES[case_id]
    parts = apply(edits)
    return _recorded(lambda: parse.parse(parts))


@pytest.mark.parametrize("case_id", list(CASES))
def test_rule(case_id: str) -> None:
    check(outcome(case_id).problems, CASES[case_id][1])


def test_the_fixture_parses_without_problems() -> None:
    assert _recorded(lambda: parse.parse(list(TEXTS.items()))).problems == []


# ---- user files, checked against the fixture catalogue -------------------------------------


@functools.cache
def base() -> Catalogue:
    return parse.parse(list(TEXTS.items()))


USER_FORM = """\
forms:
- id: my-form
  name: My magnesium
  summary: A test form.
  aliases:
  - {alias}
  variants:
  - id: anhydrous
    name: Magnesium oxide, my grade
    formula: MgO
    hydrate: anhydrous
    stoichiometry: 1 Mg to 1 O
    molar_mass: 40.3
    elemental_mg_percent: 60.3
    default: true
  solubility:
    summary: insoluble
  absorption:
    summary: not studied
    design: none
  side_effects:
    laxative: unknown
    summary: not known
  uses:
  - topic: {topic}
    statement: It may help.
    direction: benefit
    certainty: low
    design: rct
    forms_studied: [my-form]
    population: adults
    sources:
    - {source}
"""
GOOD_USER_FORM = USER_FORM.format(alias="my mag", topic="sleep", source="abbasi2012")
USER_INTERACTION = """\
interactions:
- id: my-antibiotics
  name: My antibiotics
  kind: monitoring
  effect: x
  mechanism: x
  action: x
  severity: minor
  severity_reason: x
  medicines:
  - name: {drug}
  sources:
  - medpill-interactions
"""
ONLY_BUNDLED = "only the bundled catalogue sets this; a user file may have: " + ", ".join(
    ("sources", "topics", "forms", "authorities", "interactions")
)

_USER_CASES: list[tuple[str, str, list[Expected]]] = [
    ("user-schema-version", "schema_version: 5\n", ["user.yaml:1: schema_version: must be 4"]),
    (
        "user-schema-2-limits-section",
        "limits: []\n",
        [
            "user.yaml:1: limits: unknown field; schema 3 replaced 'limits' with 'authorities', "
            "each holding its 'limit': rewrite it"
        ],
    ),
    (
        "user-schema-version-type",
        "schema_version: one\n",
        ["user.yaml:1: schema_version: expected an integer, got text"],
    ),
    ("user-bundled-only-section", "units: {}\n", [f"user.yaml:1: units: {ONLY_BUNDLED}"]),
    (
        "user-bundled-only-section-after-a-good-one",
        "schema_version: 1\nreviewed: '2026-01-01'\n",
        [f"user.yaml:2: reviewed: {ONLY_BUNDLED}"],
    ),
    (
        "user-unknown-section",
        "form: []\n",
        ["user.yaml:1: form: unknown field; did you mean 'forms'?"],
    ),
    (
        "user-form-name-taken-by-a-base-form",
        USER_FORM.format(alias="Milk of Magnesia", topic="sleep", source="abbasi2012"),
        ["user.yaml:2: forms[0]: name 'milk of magnesia' is also used by form 'hydroxide'"],
    ),
    (
        "user-drug-taken-by-a-base-interaction",
        USER_INTERACTION.format(drug="ciprofloxacin"),
        ["user.yaml:2: interactions[0]: drug 'ciprofloxacin' is also in 'quinolones'"],
    ),
    (
        "user-unknown-source-did-you-mean-a-base-source",
        USER_FORM.format(alias="my mag", topic="sleep", source="abbasi2021"),
        [
            "user.yaml:33: forms[0].uses[0].sources[0]: unknown source 'abbasi2021'; did you "
            "mean 'abbasi2012'?",
        ],
    ),
    (
        "user-unknown-topic",
        USER_FORM.format(alias="my mag", topic="cramps", source="abbasi2012"),
        ["user.yaml:25: forms[0].uses[0].topic: unknown topic 'cramps'"],
    ),
    (
        "user-rules-apply",
        GOOD_USER_FORM.replace("molar_mass: 40.3", "molar_mass: -40.3"),
        ["user.yaml:13: forms[0].variants[0].molar_mass: must be positive"],
    ),
    ("user-empty-file", "", ["user.yaml:1: (top level): the file is empty"]),
]
USER_CASES = {case_id: (text, expected) for case_id, text, expected in _USER_CASES}
assert len(USER_CASES) == len(_USER_CASES), "case ids must be unique"


@functools.cache
def user_outcome(case_id: str) -> Outcome:
    text = USER_CASES[case_id][0]
    return _recorded(lambda: parse.parse_user(text, "user.yaml", base()))


@pytest.mark.parametrize("case_id", list(USER_CASES))
def test_user_rule(case_id: str) -> None:
    check(user_outcome(case_id).problems, USER_CASES[case_id][1])


def test_good_user_files_parse_without_problems() -> None:
    good = [
        GOOD_USER_FORM,
        GOOD_USER_FORM.replace("id: my-form", "id: oxide"),  # replaces the bundled form
        USER_INTERACTION.format(drug="my-drug"),
        "schema_version: 4\n",
    ]
    for text in good:
        assert _recorded(lambda t=text: parse.parse_user(t, "user.yaml", base())).problems == []


# ---- known loader bugs: the correct expectation, failing until the loader is fixed ----------

# Loader bugs this table found (each now fixed), with what was wrong; kept as cases so they
# stay fixed.
_KNOWN_BUGS: list[tuple[str, str, list[Edit], list[Expected]]] = [
    (
        "duplicate-top-level-key-is-reported-in-the-file-that-has-the-section",
        "bind.Context.problem names the file by the section in `files`, so a duplicate top-level"
        " key in a later file is blamed on the earlier file that holds that section",
        [append("topics.yaml", "units: 1\nunits: 2\n")],
        [
            "topics.yaml:391: units: duplicate key (first at line 390)",
            "topics.yaml:390: units: also in catalogue.yaml; a section belongs in one file",
        ],
    ),
    (
        "raw-control-character-is-reported-on-its-line",
        "yamldoc.compose reports a yaml ReaderError (no problem_mark) at line 1, with the reader's"
        " 'in \"<unicode string>\", position N' instead of a line",
        [replace("forms.yaml", GLYCINATE_NAME, "  name: Magnesium \x07glycinate\n")],
        [
            "forms.yaml:8: (syntax): unacceptable character #x0007: "
            "control characters are not allowed",
            MISSING_FORMS,
        ],
    ),
    (
        "missing-sections-of-an-unreadable-first-file-are-reported-in-the-first-file",
        "bind.build_sections reports missing sections in the first file that composed (here"
        " forms.yaml, which has nothing to do with them), not the first file, as it says",
        [replace("catalogue.yaml", "schema_version: 4\n", "schema_version: [\n")],
        [
            "catalogue.yaml:8: (syntax): did not find expected ',' or ']'",
            *(
                f"catalogue.yaml:1: (top level): missing required section {name!r} (in no file)"
                for name in list(Catalogue._fields)[:14]
            ),
        ],
    ),
    (
        "an-id-with-a-trailing-newline",
        "bind.ID_PATTERN ends in `$`, which matches before a final newline, and rules uses"
        " _ID.match, so 'oxide\\n' passes as an id (the same holds for the DOI and PMCID shapes)",
        [replace("forms.yaml", "- id: oxide\n", '- id: "oxide\\n"\n')],
        ["forms.yaml:222: forms[2].id: must be lower-case-with-hyphens"],
    ),
    (
        "a-reviewed-date-with-a-trailing-newline",
        "rules._DATE ends in `$`, which matches before a final newline",
        [replace("catalogue.yaml", "reviewed: '2026-11-21'", 'reviewed: "2026-11-21\\n"')],
        ["catalogue.yaml:8: reviewed: must be a date written YYYY-MM-DD, in quotes"],
    ),
    (
        "a-pmid-of-non-ascii-digits",
        "rules._check_source uses str.isdigit, which accepts superscript and other-script digits",
        [replace("sources.yaml", "    pmid: '11794633'", "    pmid: '١١٧٩٤٦٣٣'")],
        ["sources.yaml:12: sources.firoz2001.pmid: a PMID is digits only"],
    ),
    (
        "a-limit-with-no-bands",
        "rules._check_bands accepts an empty list, so no band is open-ended; doses.limit_for"
        " then fails on limit.bands[-1] (IndexError) or next() (StopIteration)",
        [replace(RV, EU_LIMIT_BANDS, "    bands: []\n")],
        ["reference-values.yaml:192: authorities[1].limit.bands: needs at least one age band"],
    ),
]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [pytest.param(edits, expected, id=bug_id) for bug_id, _why, edits, expected in _KNOWN_BUGS],
)
def test_loader_bug_found_by_this_table_stays_fixed(
    edits: list[Edit], expected: list[Expected]
) -> None:
    parts = apply(edits)
    check(_recorded(lambda: parse.parse(parts)).problems, expected)


# ---- every rule has a case ----------------------------------------------------------------


def problem_calls() -> dict[tuple[str, int], tuple[int, str]]:
    """Every `ctx.problem(...)` call in the checked modules: (module, first line) -> (last line,
    source text)."""
    calls: dict[tuple[str, int], tuple[int, str]] = {}
    for module in CHECKED_MODULES:
        source = (SRC / module).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "problem"
            ):
                text = " ".join((ast.get_source_segment(source, node) or "").split())
                calls[(module, node.lineno)] = (node.end_lineno or node.lineno, text)
    return calls


def raised_templates() -> list[re.Pattern[str]]:
    """The problem lines bind.py, yamldoc.py and limits.py raise directly
    (`CatalogueError([f"..."])`), as patterns."""
    modules = ("bind.py", "yamldoc.py", "limits.py")
    sources = [(SRC / name).read_text(encoding="utf-8") for name in modules]
    templates = []
    for node in (n for source in sources for n in ast.walk(ast.parse(source))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "CatalogueError"
            and isinstance(node.args[0], ast.List)
            and isinstance(node.args[0].elts[0], ast.JoinedStr)
        ):
            parts = node.args[0].elts[0].values
            templates.append(
                re.compile(
                    "".join(
                        re.escape(p.value) if isinstance(p, ast.Constant) else ".+" for p in parts
                    )
                )
            )
    return templates


def all_outcomes() -> list[Outcome]:
    return [outcome(c) for c in CASES] + [user_outcome(c) for c in USER_CASES]


def test_every_problem_call_is_reached_by_a_case() -> None:
    calls = problem_calls()
    assert len(calls) >= 40, f"found only {len(calls)} ctx.problem calls: has the code moved?"
    reached = {site for result in all_outcomes() for site in result.sites}
    missing = [
        f"{module}:{first}: {text}"
        for (module, first), (last, text) in sorted(calls.items())
        if not any(m == module and first <= line <= last for m, line in reached)
    ]
    assert not missing, "rules with no case in tests/test_rules.py:\n" + "\n".join(missing)


def test_every_raised_problem_is_produced_by_a_case() -> None:
    templates = raised_templates()
    assert len(templates) == 6, templates
    lines = [p for result in all_outcomes() for p in result.problems]
    missing = [t.pattern for t in templates if not any(t.fullmatch(p) for p in lines)]
    # compose's last `except yaml.YAMLError` is a fallback for errors PyYAML raises without a
    # position; every error known to reach it (a character YAML forbids) now has its own branch.
    fallback = r".+:1:\ \(syntax\):\ .+"
    assert missing in ([], [fallback]), f"no case produces: {missing}"
