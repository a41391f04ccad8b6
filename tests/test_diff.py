"""magref.diff: comparing two catalogues, and the Markdown and JSON it renders."""

from __future__ import annotations

import json
from typing import Any

from markdown_it import MarkdownIt

from magref.diff import Change, compare, render_json, render_markdown
from magref.model import Catalogue, Form, Interaction, Limit, Topic

HOSTILE = "a | b `code` <script>alert(1)</script>\n\n# not a heading\n- not an item"


def _form(cat: Catalogue, form_id: str) -> Form:
    return next(f for f in cat.forms if f.id == form_id)


def _with_form(cat: Catalogue, form_id: str, **fields: Any) -> Catalogue:
    """`cat` with one form's fields replaced, the form kept in its place."""
    forms = tuple(f._replace(**fields) if f.id == form_id else f for f in cat.forms)
    return cat._replace(forms=forms)


def _with_interaction(cat: Catalogue, interaction_id: str, **fields: Any) -> Catalogue:
    items = tuple(i._replace(**fields) if i.id == interaction_id else i for i in cat.interactions)
    return cat._replace(interactions=items)


def _interaction(cat: Catalogue, interaction_id: str) -> Interaction:
    return next(i for i in cat.interactions if i.id == interaction_id)


def _limit(cat: Catalogue, authority: str) -> Limit:
    return next(a.limit for a in cat.authorities if a.id == authority)


def test_identical_catalogues_have_no_changes(cat: Catalogue) -> None:
    assert compare(cat, cat) == []
    copy = cat._replace(forms=tuple(f._replace() for f in cat.forms), sources=dict(cat.sources))
    assert compare(cat, copy) == []


def test_one_word_in_a_summary_is_one_change(cat: Catalogue) -> None:
    old = _form(cat, "citrate").summary
    first, rest = old.split(" ", 1)
    new = f"Changed {rest}"
    assert first != "Changed"
    changes = compare(cat, _with_form(cat, "citrate", summary=new))
    assert changes == [Change("changed", "forms.citrate.summary", old, new)]


def test_variant_figures_are_changes_in_model_order(cat: Catalogue) -> None:
    form = _form(cat, "citrate")
    v = next(v for v in form.variants if v.id == "anhydrous")
    changed = v._replace(molar_mass=v.molar_mass + 1, elemental_mg_percent=16.2)
    variants = tuple(changed if x.id == "anhydrous" else x for x in form.variants)
    changes = compare(cat, _with_form(cat, "citrate", variants=variants))
    base = "forms.citrate.variants.anhydrous"
    assert changes == [
        Change("changed", f"{base}.molar_mass", v.molar_mass, v.molar_mass + 1),
        Change("changed", f"{base}.elemental_mg_percent", v.elemental_mg_percent, 16.2),
    ]


def test_an_added_form_is_one_change_with_a_summary(cat: Catalogue) -> None:
    citrate = _form(cat, "citrate")
    extra = citrate._replace(id="test-salt", name="Magnesium test salt")
    changes = compare(cat, cat._replace(forms=(*cat.forms, extra)))
    assert len(changes) == 1
    change = changes[0]
    assert (change.kind, change.path, change.old) == ("added", "forms.test-salt", None)
    assert isinstance(change.new, str)
    assert change.new.startswith("Magnesium test salt")
    for v in citrate.variants:
        assert f"{v.formula}, {v.elemental_mg_percent:g} % Mg" in change.new


def test_a_removed_form_is_one_change_where_it_was(cat: Catalogue) -> None:
    oxide = _form(cat, "oxide")
    index = cat.forms.index(oxide)
    kept = tuple(f for f in cat.forms if f.id != "oxide")
    # A change in the forms either side shows the removal is reported where the form was.
    before, after = cat.forms[index - 1].id, cat.forms[index + 1].id
    new = _with_form(cat._replace(forms=kept), before, name="Before")
    new = _with_form(new, after, name="After")
    changes = compare(cat, new)
    assert [(c.kind, c.path) for c in changes] == [
        ("changed", f"forms.{before}.name"),
        ("removed", "forms.oxide"),
        ("changed", f"forms.{after}.name"),
    ]
    removed = changes[1]
    assert removed.new is None
    assert isinstance(removed.old, str)
    assert oxide.name in removed.old and oxide.default_variant.formula in removed.old


def test_an_added_source_and_a_changed_pmid(cat: Catalogue) -> None:
    key, src = next((k, s) for k, s in cat.sources.items() if s.pmid)
    sources = dict(cat.sources)
    sources[key] = src._replace(pmid="99999999")
    sources["test2030"] = src._replace(key="test2030", citation="Test A. A trial. 2030.")
    changes = compare(cat, cat._replace(sources=sources))
    assert changes[0] == Change("changed", f"sources.{key}.pmid", src.pmid, "99999999")
    assert [(c.kind, c.path) for c in changes[1:]] == [("added", "sources.test2030")]
    assert (
        changes[1].new
        == "Test A. A trial. 2030. (" + "; ".join(sources["test2030"].identifiers()) + ")"
    )


def test_a_changed_limit_band_is_named_by_authority_and_label(cat: Catalogue) -> None:
    us = _limit(cat, "us")
    band = next(b for b in us.bands if b.label == "1-3 years")
    bands = tuple(b._replace(mg=70.0) if b is band else b for b in us.bands)
    authorities = tuple(
        a._replace(limit=a.limit._replace(bands=bands)) if a.limit is us else a
        for a in cat.authorities
    )
    changes = compare(cat, cat._replace(authorities=authorities))
    assert changes == [Change("changed", "authorities.us.limit.bands.1-3 years.mg", band.mg, 70.0)]


def test_a_changed_spacing_is_named_by_position(cat: Catalogue) -> None:
    inter = _interaction(cat, "fluoroquinolones")
    medicine = inter.medicines[0]
    first = medicine.spacing[0]._replace(note="Keep them 3 hours apart.", before_hours=3.0)
    changed = medicine._replace(spacing=(first, *medicine.spacing[1:]))
    new = _with_interaction(cat, "fluoroquinolones", medicines=(changed, *inter.medicines[1:]))
    base = "interactions.fluoroquinolones.medicines[0].spacing[0]"
    changes = compare(cat, new)
    assert {c.path for c in changes} <= {f"{base}.note", f"{base}.before_hours"}
    assert (
        Change("changed", f"{base}.before_hours", medicine.spacing[0].before_hours, 3.0) in changes
    )


def test_an_added_caution_is_named_by_its_position(cat: Catalogue) -> None:
    form = _form(cat, "citrate")
    caution = cat.kidney_caution._replace(text="A new caution.")
    changes = compare(cat, _with_form(cat, "citrate", cautions=(*form.cautions, caution)))
    path = f"forms.citrate.cautions[{len(form.cautions)}]"
    assert changes == [Change("added", path, None, "A new caution.")]


def test_reordered_entries_are_not_a_change(cat: Catalogue) -> None:
    new = cat._replace(
        forms=cat.forms[::-1],
        sources=dict(reversed(cat.sources.items())),
        authorities=tuple(
            a._replace(limit=a.limit._replace(bands=a.limit.bands[::-1]))
            for a in cat.authorities[::-1]
        ),
    )
    assert new != cat
    assert compare(cat, new) == []


def test_loader_filled_fields_are_not_compared(cat: Catalogue) -> None:
    new = _with_form(cat, "citrate", origin="/home/user/forms.yaml", replaces=True)
    assert compare(cat, new) == []


def test_an_added_topic(cat: Catalogue) -> None:
    topic = Topic("test-topic", "Test topic", "none", "not-studied", "Nothing is known.")
    changes = compare(cat, cat._replace(topics=(*cat.topics, topic)))
    assert changes == [Change("added", "topics.test-topic", None, "Test topic")]


def test_a_changed_mapping_value(cat: Catalogue) -> None:
    designs = {**cat.study_designs, "animal": "studies in animals"}
    changes = compare(cat, cat._replace(study_designs=designs))
    old = cat.study_designs["animal"]
    assert changes == [Change("changed", "study_designs.animal", old, "studies in animals")]


def test_markdown_changed_and_added_lines(cat: Catalogue) -> None:
    changes = [
        Change("changed", "forms.citrate.variants.anhydrous.elemental_mg_percent", 16.16, 16.2),
        Change("added", "forms.ascorbate", None, "Magnesium ascorbate (C12H14MgO12, 6.2 % Mg)"),
        Change("removed", "forms.citrate.variants.nonahydrate", "Nonahydrate", None),
        Change("changed", "sources.x.pmid", None, "123"),
    ]
    assert render_markdown(changes, "old", "new").splitlines() == [
        "- changed `forms.citrate.variants.anhydrous.elemental_mg_percent`: 16.16 → 16.2",
        "- added form `ascorbate`: Magnesium ascorbate (C12H14MgO12, 6.2 % Mg)",
        "- removed variant `forms.citrate.variants.nonahydrate`: Nonahydrate",
        '- changed `sources.x.pmid`: *none* → "123"',
    ]


def test_markdown_without_changes_names_both_catalogues() -> None:
    assert render_markdown([], "v1/data", "v2/data") == (
        "`v1/data` and `v2/data` hold the same data.\n"
    )


def _hostile_changes(cat: Catalogue) -> list[Change]:
    citrate = _form(cat, "citrate")
    src = next(iter(cat.sources.values()))
    new = _with_form(cat, "citrate", summary=HOSTILE)
    new = new._replace(
        forms=(*new.forms, citrate._replace(id=HOSTILE, name=HOSTILE)),
        sources={**cat.sources, "bad`|key\n": src._replace(citation=HOSTILE)},
    )
    return compare(cat, new)


def test_markdown_has_one_bullet_per_change_and_survives_hostile_text(cat: Catalogue) -> None:
    changes = _hostile_changes(cat)
    assert [c.kind for c in changes] == ["added", "changed", "added"]
    text = render_markdown(changes, "old`|\n", "new")
    lines = text.splitlines()
    assert len(lines) == len(changes)
    assert all(line.startswith(("- added ", "- changed ")) for line in lines)
    assert "# not a heading" in lines[1] and "not an item" in lines[1]  # shown whole
    # The hostile form id is one code span: folded to one line, its backticks removed.
    folded = " ".join(HOSTILE.replace("`", "").split())
    assert lines[2].startswith(f"- added form `{folded}`: ")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    types = [t.type for t in tokens]
    assert types.count("list_item_open") == len(changes)
    assert "table_open" not in types and "heading_open" not in types
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "<li>" in html


def test_json_has_every_change(cat: Catalogue) -> None:
    changes = _hostile_changes(cat)
    doc = json.loads(render_json(changes, "old", "new"))
    assert {k: doc[k] for k in ("magref_json", "kind", "old", "new")} == {
        "magref_json": 1,
        "kind": "diff",
        "old": "old",
        "new": "new",
    }
    assert doc["changes"] == [
        {"kind": c.kind, "path": c.path, "old": c.old, "new": c.new} for c in changes
    ]
    assert render_json(changes, "old", "new").endswith("}\n")
