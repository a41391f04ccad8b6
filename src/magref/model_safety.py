"""The catalogue's safety records: interactions with medicines (by class, medicine and source),
the signs of too much magnesium, and what the label reader needs. Part of the schema the loader
enforces; model.py re-exports them."""

from typing import Literal, NamedTuple

Severity = Literal["major", "moderate", "minor"]
InteractionKind = Literal["spacing", "monitoring"]
SpacingRule = Literal["apart", "medicine-first", "not-together", "do-not-combine"]


class Overdose(NamedTuple):
    """Too much magnesium: its signs and when to get urgent care."""

    symptoms: str
    urgent: str
    sources: tuple[str, ...] = ()


class LabelValue(NamedTuple):
    """A label reference value (%DV, %NRV) that label percentages are reckoned against."""

    authority: str
    name: str
    abbreviations: tuple[str, ...]
    mg: float
    sources: tuple[str, ...] = ()


class LabelRules(NamedTuple):
    """What the label reader needs from the data: the nutrients a row may state that are not
    magnesium, the words that may follow a medicine's name (salts), how magnesium of unstated
    form is read, and the reference values behind label percentages."""

    other_nutrients: tuple[str, ...]
    medicine_salts: tuple[str, ...]
    unstated_form: str
    reference_values: tuple[LabelValue, ...]


class Spacing(NamedTuple):
    """One source's timing rule for one medicine. `apart`: take the medicine at least
    `before_hours` before magnesium or `after_hours` after it (either may be missing when the
    source gives one side only); `medicine-first`: take the medicine first and wait
    `wait_minutes` before magnesium; `not-together`: not at the same time, with no interval
    given; `do-not-combine`: the source advises against taking them together at all."""

    rule: SpacingRule
    before_hours: float | None = None
    after_hours: float | None = None
    wait_minutes: float | None = None
    note: str = ""
    sources: tuple[str, ...] = ()


IdScheme = Literal["pubchem-cid", "unii", "chebi", "rxcui"]
# How each scheme writes an identifier (checked by the loader), and how views name it.
ID_SCHEMES: dict[str, tuple[str, str]] = {
    "pubchem-cid": (r"^[1-9][0-9]*$", "PubChem CID"),
    "unii": (r"^[0-9A-Z]{10}$", "UNII"),
    "chebi": (r"^CHEBI:[1-9][0-9]*$", "ChEBI"),
    "rxcui": (r"^[1-9][0-9]*$", "RxCUI"),
}


class ChemicalId(NamedTuple):
    """An identifier of a substance or medicine in another dataset (PubChem, FDA's UNII,
    ChEBI, RxNorm's RxCUI), as a source read gives it for exactly this variant or medicine,
    so that other data can be joined."""

    scheme: IdScheme
    value: str
    sources: tuple[str, ...] = ()


class Medicine(NamedTuple):
    """A medicine in an interaction class: its generic name, other names it goes by (salts,
    synonyms) and brand names, the effect its label measured, and its spacing by source."""

    name: str
    synonyms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    effect: str = ""
    spacing: tuple[Spacing, ...] = ()
    sources: tuple[str, ...] = ()
    identifiers: tuple[ChemicalId, ...] = ()

    def names(self) -> list[str]:
        return [self.name, *self.synonyms, *self.brands]


class Interaction(NamedTuple):
    """A class of medicines and how magnesium interacts with them. `kind` spacing: magnesium
    changes how much of the medicine is absorbed, so timing matters; monitoring: the medicine
    changes magnesium levels, so levels may need checking instead."""

    id: str
    name: str
    kind: InteractionKind
    mechanism: str
    effect: str
    action: str
    severity: Severity
    severity_reason: str
    medicines: tuple[Medicine, ...]
    sources: tuple[str, ...] = ()
    origin: str = ""
    replaces: bool = False

    def names(self) -> list[str]:
        """Every medicine name the interaction can be found by: generic names, synonyms and
        brands (its id and class name find the whole class)."""
        return [n for m in self.medicines for n in m.names()]

    def source_keys(self) -> list[str]:
        keys = [*self.sources]
        for m in self.medicines:
            keys += [*m.sources, *(k for s in m.spacing for k in s.sources)]
            keys += [k for i in m.identifiers for k in i.sources]
        return list(dict.fromkeys(keys))
