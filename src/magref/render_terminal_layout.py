"""Layouts for terminal views that must fit any width: a view with a wide and a narrow form,
a view built for the width it is drawn at, aligned columns, and words wrapped whole."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.cells import cell_len, chop_cells, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.containers import Lines
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from magref.text import clean


class ByWidth:
    """A view with two layouts: the table where it fits, else one block per row."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, min_width: int) -> None:
        self.wide, self.narrow, self.min_width = wide, narrow, min_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.min_width else self.narrow


_TOKEN = re.compile(r"\s*\S+")  # a word with the spaces before it
COMPARE_TABLE_WIDTH = 90  # narrower than this, compare shows a block per form
LAST_COLUMN_MIN = 24  # list and search: narrower than this, the last column goes below


class Fitted:
    """A renderable built for the width it is drawn at."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def columns(
    rows: Sequence[tuple[str, ...]], width: int, right: frozenset[int] = frozenset()
) -> _Lines:
    """Rows as aligned columns, one line each: every column whole but the last, which is cut
    to the width with an ellipsis. When the last column would be too narrow to read, it goes
    on its own indented line instead. The first column is bold."""
    rows = [tuple(clean(c) for c in row) for row in rows]
    widths = [max(cell_len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lead = sum(widths) + 2 * len(widths)
    lines: list[tuple[str, str]] = []
    if width - lead >= LAST_COLUMN_MIN:  # wide: a line per row
        for row in rows:
            cells = [
                _pad(c, w, i in right)
                for i, (c, w) in enumerate(zip(row[:-1], widths, strict=True))
            ]
            line = _fit(cells[0] + "".join("  " + c for c in cells[1:]) + "  " + row[-1], width)
            lines.append((line[: len(cells[0])], line[len(cells[0]) :]))
        return _Lines(lines)
    for row in rows:  # narrow: the fields as words, then the last column below them
        wrapped = wrap_words(row[0] + "".join("  " + c for c in row[1:-1]), width)
        bold = min(len(row[0]), len(wrapped[0]))
        lines.append((wrapped[0][:bold], wrapped[0][bold:]))
        lines += [("", line) for line in wrapped[1:]]
        lines.append(("", _fit("  " + row[-1], width)))
    return _Lines(lines)


def _pad(text: str, width: int, right: bool) -> str:
    """Text padded with spaces to a width in cells (wide characters count two)."""
    space = " " * (width - cell_len(text))
    return space + text if right else text + space


def _fit(text: str, width: int) -> str:
    """One line cut to a width in cells, ending in an ellipsis when it was cut."""
    return text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


class _Lines:
    """Lines already fitted to the width, each as (bold part, rest), drawn as segments: rich's
    wrapping, which has nothing left to do here, cost more than all the rest of a 10,000-row
    `list`."""

    def __init__(self, lines: list[tuple[str, str]]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        bold, newline = Style(bold=True), Segment.line()
        for head, rest in self.lines:
            if head:
                yield Segment(head, bold)
            if rest:
                yield Segment(rest)
            yield newline


def wrap_words(text: str, width: int) -> list[str]:
    """Text as lines of at most `width` cells, broken between words (the spaces at a break
    dropped); only a word wider than a whole line is broken inside."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        if line and cell_len(line + token) > width:
            lines.append(line)
            line, token = "", token.lstrip()
        line += token
        if cell_len(line) > width:  # one word wider than a line
            *whole, line = chop_cells(line, width)
            lines += whole
    return [*lines, line]


class Indent:
    """A renderable drawn `cells` columns in, its lines not padded out to the width (rich's
    Padding pads every line with trailing spaces)."""

    def __init__(self, renderable: RenderableType, cells: int) -> None:
        self.renderable, self.cells = renderable, cells

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - self.cells, 1)
        lines = console.render_lines(self.renderable, options.update_width(width), pad=False)
        margin, newline = Segment(" " * self.cells), Segment.line()
        for line in lines:
            yield margin
            yield from line
            yield newline


def without_leading_blank(renderable: RenderableType) -> RenderableType:
    """A view that opens with a heading starts on its first line: the blank line a heading
    puts above itself separates it from what comes before, and at the top nothing does."""
    if isinstance(renderable, Group) and renderable.renderables:
        first, *rest = renderable.renderables
        if isinstance(first, Text) and first.plain.startswith("\n"):
            return Group(first[1:], *rest)
    return renderable


_UNBOUNDED = 100_000


class Fit:
    """A table whose words are never broken: drawn at its natural widths where it fits; else
    with each column at least as wide as its longest word and the room left shared out among
    the columns that wrap; else, where even that does not fit, as one block per row (the first
    cell in bold, then each other column as 'Header: value'). rich left to itself narrows
    columns below their longest word, breaking a formula or a number."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns, width = self.table.columns, options.max_width
        for column in columns:
            column.width = None  # measured afresh at every width it is drawn at
        big = options.update_width(_UNBOUNDED)  # a measurement is cut to the width given
        sizes = [
            [Measurement.get(console, big, cell) for cell in (column.header, *column.cells)]
            for column in columns
        ]
        lows = [max(m.minimum for m in size) for size in sizes]
        highs = [max(m.maximum for m in size) for size in sizes]
        extra = Measurement.get(console, big, self.table).maximum - sum(highs)
        if sum(highs) + extra <= width:
            yield self.table
        elif sum(lows) + extra <= width:
            for column, share in zip(columns, _share(lows, highs, width - extra), strict=True):
                column.width = share
            yield self.table
        else:
            yield from self._blocks()

    def _blocks(self) -> Iterable[Text]:
        columns = self.table.columns
        for cells in zip(*(list(column.cells) for column in columns), strict=True):
            block = _text(cells[0], "bold")
            for column, cell in zip(columns[1:], cells[1:], strict=True):
                block.append(f"\n  {column.header}: ")
                block.append_text(_text(cell, ""))
            yield block


def _share(lows: list[int], highs: list[int], room: int) -> list[int]:
    """Column widths summing to at most `room`: each its longest word; a column whose whole
    width is within an even share of the room gets it (short columns such as numbers and ages
    stay on one line); the rest is shared out in proportion to what each column still needs
    to be whole (as rich shares it), what a column cannot use passing on to the others."""
    widths = list(lows)
    for i, high in enumerate(highs):
        if high <= room // len(highs) and sum(widths) + high - widths[i] <= room:
            widths[i] = high
    while True:
        spare = room - sum(widths)
        needs = [h - w for h, w in zip(highs, widths, strict=True)]
        if spare <= 0 or not any(needs):
            return widths
        total = sum(needs)
        gifts = [min(need, spare * need // total) for need in needs]
        if not any(gifts):  # less room than columns in need: one cell to the neediest
            gifts[needs.index(max(needs))] = 1
        widths = [w + g for w, g in zip(widths, gifts, strict=True)]


def _text(cell: RenderableType, style: str) -> Text:
    text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
    if style:
        text.stylize(style)
    return text


# A number and the unit after it ("250 mg", "1,000 mg", "4 hours", "16.16 %"): the space
# between them is held while a line is broken, so the two stay on one line.
_NUMBER_UNIT = re.compile(
    r"(?<=\d) (?=(?:mg/kg|mg/dL|mmol/L|mEq/L|mg|g|mcg|µg|mmol|mEq|mL|kg|lb|tsp|tbsp|%|IU"
    r"|hours?|minutes?|days?|weeks?|months?|years?)(?![\w/]))"
)
_HELD = "\ue000"  # a private-use character: one cell wide, and not a space to rich


class Glued(Text):
    """Text whose numbers are never parted from their units at a line break."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: Any = None,
        overflow: Any = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        if _HELD in self.plain or not _NUMBER_UNIT.search(self.plain):
            return super().wrap(
                console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                no_wrap=no_wrap,
            )  # fmt: skip
        held = self.copy()
        held.plain = _NUMBER_UNIT.sub(_HELD, self.plain)  # as long as before: spans keep
        lines = held.wrap(
            console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap
        )
        for line in lines:
            line.plain = line.plain.replace(_HELD, " ")
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measured = super().__rich_measure__(console, options)
        words = _NUMBER_UNIT.sub(_HELD, self.plain).split()
        longest = max((cell_len(word) for word in words), default=measured.minimum)
        return Measurement(max(measured.minimum, longest), measured.maximum)
