"""Catalogue text is printed literally: never rich markup, never a terminal escape, never a
broken Markdown table or a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, Group

from magref import (
    render_csv,
    render_json,
    render_markdown,
    render_terminal,
    render_terminal_layout,
)
from magref.model import Catalogue, Finding, Form

from .test_cli import _table_shapes

TRICKY = "Magnesium [as magnesium oxide] [bold]x[/bold] | a\nb `c` *d* <e> \x1b[31mred"


def _with_text(cat: Catalogue, text: str) -> tuple[Catalogue, Form]:
    form = cat.forms[0]
    variant = form.default_variant._replace(name=text, note=text)
    form = form._replace(
        name=text,
        summary=text,
        variants=(variant, *form.variants[1:]),
        absorption=form.absorption._replace(summary=text),
        uses=tuple(_finding(u, text) for u in form.uses),
        marketing=tuple(m._replace(claim=text, evidence=text) for m in form.marketing),
    )
    topics = tuple(
        t._replace(
            name=text,
            words=(text,),
            findings=tuple(_finding(f, text) for f in t.findings),
            guidelines=tuple(g._replace(body=text, rating=text) for g in t.guidelines),
        )
        for t in cat.topics
    )
    return cat._replace(forms=(form, *cat.forms[1:]), topics=topics), form


def _finding(finding: Finding, text: str) -> Finding:
    return finding._replace(
        statement=text, forms_studied=(text,), dose=text, population=text, note=text
    )


def _terminal(renderable: object) -> str:
    out = StringIO()
    Console(file=out, width=100, color_system=None, highlight=False).print(renderable)
    return out.getvalue()


def test_brackets_print_literally(cat: Catalogue) -> None:
    cat, form = _with_text(cat, TRICKY)
    shown = " ".join(_terminal(render_terminal.show(cat, form)).split())
    assert "[as magnesium oxide] [bold]x[/bold]" in shown
    assert "\x1b" not in shown and "\ufffd[31mred" in shown


# Each example renders a whole form in five formats; TRICKY above is the fixed worst case.
@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_catalogue_text_is_rendered_safely(cat: Catalogue, text: str) -> None:
    cat, form = _with_text(cat, text)
    assert "\x1b" not in _terminal(render_terminal.show(cat, form))
    assert "\x1b" not in _terminal(render_terminal.compare(cat, [form]))
    for markdown in (render_markdown.show(cat, form), render_markdown.export(cat, [form])):
        assert all(len(set(rows)) == 1 for rows in _table_shapes(markdown))
    assert json.loads(render_json.export(cat, [form]))["forms"][0]["summary"] == text
    rows = list(csv.reader(io.StringIO(render_csv.export(cat, [form]))))
    assert len({len(r) for r in rows}) == 1 and len(rows) == 1 + len(form.variants)
    assert not rows[1][1].startswith(("=", "+", "-", "@"))


_WORDS = st.lists(
    st.text(st.characters(blacklist_categories=("Zs", "Cc", "Zl", "Zp", "Cs")), min_size=1),
    max_size=30,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_WORDS, st.integers(min_value=2, max_value=120))
def test_wrapped_lines_fit_and_keep_every_word_whole(text: str, width: int) -> None:
    lines = render_terminal_layout.wrap_words(text, width)
    assert all(cell_len(line) <= width for line in lines)
    if all(cell_len(word) <= width for word in text.split()):  # nothing needs breaking inside
        assert " ".join(lines).split() == text.split()
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(min_value=2, max_value=120))
def test_a_fitted_line_fits_and_says_when_it_was_cut(text: str, width: int) -> None:
    fitted = render_terminal_layout._fit(text, width)
    assert cell_len(fitted) <= width
    assert fitted == text or fitted.endswith("…")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 40), st.integers(0, 80)), min_size=1, max_size=8),
    st.integers(0, 300),
)
def test_table_columns_get_their_longest_word_and_share_the_rest(
    columns: list[tuple[int, int]], extra: int
) -> None:
    lows = [low for low, _ in columns]
    highs = [low + more for low, more in columns]
    room = sum(lows) + extra
    widths = render_terminal_layout._share(lows, highs, room)
    assert all(low <= w <= high for low, w, high in zip(lows, widths, highs, strict=True))
    assert sum(widths) == min(room, sum(highs))  # all the room used, up to what is needed


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["250 mg", "1,000 mg", "4 hours", "16.16 %", "20 mmol"]),
            st.text("abcdefghij", min_size=1, max_size=12),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(min_value=12, max_value=90),
)
def test_a_number_stays_on_the_line_of_its_unit(words: list[str], width: int) -> None:
    text = " ".join(words)
    console = Console(width=width, file=StringIO(), color_system=None)
    with console.capture() as captured:  # in a Group, as views print it (print joins Texts)
        console.print(Group(render_terminal.plain(text)))
    lines = captured.get().splitlines()
    assert " ".join(" ".join(lines).split()) == text  # nothing lost or changed
    for above, below in zip(lines, lines[1:], strict=False):
        parted = above.rstrip()[-1:].isdigit() and below.split()[0] in ("mg", "hours", "%", "mmol")
        assert not parted, (above, below)
