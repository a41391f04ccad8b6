"""The catalogue's reference-value records: each authority with its intakes and its upper
limit for supplemental magnesium, by age band. Part of the schema the loader enforces;
model.py re-exports them."""

from typing import Literal, NamedTuple

IntakeKind = Literal["RDA", "RDI", "RNI", "AI", "estimated"]
NoFigure = Literal["not-derived", "not-recorded"]


class IntakeBand(NamedTuple):
    """An intake (mg a day) for one age band; ages in months, to_months exclusive. A band with
    `no_figure` gives none: the authority derived none (`not-derived`), or magref could not
    read one in the authority's own document (`not-recorded`); its note says which and why."""

    label: str
    from_months: int
    to_months: int | None = None
    kind: IntakeKind | None = None
    male: float | None = None
    female: float | None = None
    pregnant: float | None = None
    lactating: float | None = None
    no_figure: NoFigure | None = None
    note: str = ""


class IntakeKindNote(NamedTuple):
    """What one kind of intake means."""

    kind: IntakeKind
    meaning: str


class Intakes(NamedTuple):
    """One authority's intakes: from food, water and supplements together."""

    document: str
    note: str
    adult_band: str  # the band used when no age is given
    bands: tuple[IntakeBand, ...]
    sources: tuple[str, ...] = ()


class LimitBand(NamedTuple):
    """A supplemental upper limit for one age band: `mg` a day, or `mg_per_kg` of body weight a
    day, or `no_figure` (with the note saying why), exactly one of them."""

    label: str
    from_months: int
    to_months: int | None = None
    mg: float | None = None
    mg_per_kg: float | None = None
    no_figure: NoFigure | None = None
    note: str = ""


class Limit(NamedTuple):
    """One authority's upper limit for supplemental magnesium, with what it covers."""

    document: str
    scope: str
    bands: tuple[LimitBand, ...]
    sources: tuple[str, ...] = ()


class Authority(NamedTuple):
    """A body that sets reference values, with its intakes (if magref records them) and its
    supplemental upper limit. `names` are other words that select it (countries, regions)."""

    id: str
    name: str
    region: str
    limit: Limit
    intakes: Intakes | None = None
    names: tuple[str, ...] = ()
    note: str = ""
    origin: str = ""
    replaces: bool = False
