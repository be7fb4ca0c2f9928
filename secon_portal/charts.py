"""Horizontal bar charts drawn as SVG on the server (the portal's charts are built in secon_portal/views/impact.py).

A chart is data: a `BarChart` of `Row`s, each with one or more `Bar`s (one per `Series`) and optionally a target.
`BarChart.layout()` places everything in a coordinate system of CSS pixels (the SVG's viewBox) and
templates/includes/bar_chart.html draws it, with its data table; a page shows a chart with one include:
`{% include "includes/bar_chart.html" with chart=chart %}`.

- **Nothing but SVG and classes.** Colours come from static/css/charts.css (classes per series), patterns from
  the chart's own <defs>: no inline style, the Content Security Policy holds. Printed in black and white, the
  series stay apart by their patterns.
- **Colour is never the only carrier.** Every bar is followed by its number and the series' name ("5 planned"),
  and the table beside the chart gives the same figures.
- **Text sizes.** SVG text does not wrap: widths are estimated from the number of characters, generously, and
  the viewBox is as wide as the longest label needs. Labels too long to stand beside the bars stand above them.
- **Translation.** Labels are made in the active language when the chart is built (gettext, and the numbers with
  secon_portal.formats): a chart is built for each request, never cached.
"""

from dataclasses import dataclass, field
from decimal import Decimal

# Geometry, in CSS pixels of the viewBox.
FONT_SIZE = 13  # row labels
SMALL_FONT_SIZE = 12  # the numbers after the bars, notes under the labels
CHAR_WIDTH = 0.6  # an average character's width, in font sizes (a little generous for Latin, Greek and Cyrillic)
BOLD_CHAR_WIDTH = 0.7  # the same in bold (the row labels)
BASELINE = 0.8  # a line's baseline below its top, in font sizes
LINE_GAP = 3  # between a label and the note under it
INLINE_LABEL_MAX = 120  # labels up to this width stand beside the bars, longer ones above them
BAR_AREA = 220  # the length of a bar at the top of the scale
BAR_HEIGHT = 14  # a row's bar when it has one
SERIES_BAR_HEIGHT = 11  # each bar when a row has several
BAR_GAP = 2  # between the bars of a row
ROW_GAP = 12  # between rows
GAP = 6  # between a label and its bars, a bar and its number
TARGET_OVERHANG = 4  # how far the target line reaches beyond a row's bars


def text_width(text, size=SMALL_FONT_SIZE, char_width=CHAR_WIDTH):
    """An estimate of the width of `text`, a little generous: SVG text does not wrap, so room must be made."""
    return round(len(str(text)) * size * char_width)


@dataclass(frozen=True)
class Series:
    """One kind of bar: `key` names its class (chart-bar-<key>) and its pattern; `label` is its name in the legend
    and the table."""

    key: str
    label: str
    pattern: str = ""  # "hatch" or "cross" (see templates/includes/bar_chart.html); "" for a plain fill


@dataclass(frozen=True)
class Bar:
    series: str  # a Series key
    value: float | int | Decimal
    text: str  # written after the bar: its number, and what it counts ("5 planned", "1,234 jobs")


@dataclass(frozen=True)
class Row:
    label: str
    bars: tuple[Bar, ...]
    note: str = ""  # a second line under (or after) the label, e.g. "target: 7"
    target: float | int | Decimal | None = None  # drawn as a dashed line across the row's bars
    lang: str = ""  # the label's language, when it is not the page's (an indicator written in English)
    scale: float | int | Decimal | None = None  # the value at the end of the bar area, when not the chart's


@dataclass
class BarChart:
    """A horizontal bar chart and the data table that gives its figures.

    The table has a row per chart row: its label, then `table`'s cells for it under the headings `columns`.
    `scale`: the value at the end of the bar area (unless a row has its own); by default the largest value or
    target of all rows.
    """

    id: str  # unique in the page: the prefix of the ids in the SVG
    title: str
    description: str
    rows: list[Row]
    series: tuple[Series, ...]
    label_heading: str  # the heading of the table's first column (what the rows are)
    columns: tuple[str, ...] = ()  # the other columns' headings
    table: list[tuple[str, ...]] = field(default_factory=list)  # the other columns' cells, one tuple per row
    target_label: str = ""  # the legend's name for the target line; empty when no row has a target
    scale: float | int | Decimal | None = None

    @property
    def legend(self):
        """The series and the target line, as a legend shows them (only when there is something to tell apart)."""
        return list(self.series) if len(self.series) > 1 or self.target_label else []

    @property
    def table_rows(self):
        return [(row, cells) for row, cells in zip(self.rows, self.table, strict=True)]

    def layout(self):
        return Layout.of(self)


@dataclass(frozen=True)
class PlacedBar:
    series: str
    pattern: str
    x: float
    y: float
    width: float
    height: float
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class PlacedRow:
    label: str
    lang: str
    label_y: float
    note: str
    note_beside: bool  # the note follows the label on its line; else it stands on the line under it
    note_y: float
    bars: tuple[PlacedBar, ...]
    target_x: float | None
    target_top: float
    target_bottom: float


def label_width(row):
    return text_width(row.label, FONT_SIZE, BOLD_CHAR_WIDTH)


@dataclass(frozen=True)
class Layout:
    """Where everything of a chart goes, in the viewBox's CSS pixels (rounded to tenths)."""

    width: int
    height: int
    rows: tuple[PlacedRow, ...]

    @classmethod
    def of(cls, chart):
        rows = chart.rows
        beside = all(max(label_width(row), text_width(row.note)) <= INLINE_LABEL_MAX for row in rows)
        bars_x = max([label_width(row) for row in rows] + [text_width(row.note) for row in rows]) + GAP if beside else 0
        chart_scale = chart.scale or max(
            [bar.value for row in rows for bar in row.bars] + [row.target or 0 for row in rows], default=0
        )
        text_area = max([text_width(bar.text) for row in rows for bar in row.bars], default=0)
        width = bars_x + BAR_AREA + GAP + text_area
        if not beside:  # the label and its note on a line above the bars
            width = max([width] + [label_width(row) + GAP + text_width(row.note) for row in rows])
        patterns = {series.key: series.pattern for series in chart.series}
        placed, y = [], 0.0
        for row in rows:
            scale = float(row.scale or chart_scale) or 1.0
            bar_height = BAR_HEIGHT if len(row.bars) == 1 else SERIES_BAR_HEIGHT
            bars_height = len(row.bars) * (bar_height + BAR_GAP) - BAR_GAP
            if beside:  # the label (and the note under it) centred on the bars
                labels_height = (FONT_SIZE + LINE_GAP) * (2 if row.note else 1) - LINE_GAP
                row_height = max(bars_height, labels_height)
                bars_top = y + (row_height - bars_height) / 2
                label_y = y + (row_height - labels_height) / 2 + FONT_SIZE * BASELINE
                note_y = label_y + FONT_SIZE + LINE_GAP
            else:
                label_y = note_y = y + FONT_SIZE * BASELINE
                bars_top = y + FONT_SIZE + GAP
                row_height = FONT_SIZE + GAP + bars_height
            bars = []
            for index, bar in enumerate(row.bars):
                bar_y = bars_top + index * (bar_height + BAR_GAP)
                length = max(BAR_AREA * float(bar.value) / scale, 1) if bar.value > 0 else 0
                text_y = bar_y + bar_height / 2 + SMALL_FONT_SIZE * 0.35
                bars.append(
                    PlacedBar(
                        bar.series,
                        patterns.get(bar.series, ""),
                        bars_x,
                        round(bar_y, 1),
                        round(length, 1),
                        bar_height,
                        bar.text,
                        round(bars_x + length + GAP, 1),
                        round(text_y, 1),
                    )
                )
            target_x = None if row.target is None else round(bars_x + BAR_AREA * float(row.target) / scale, 1)
            placed.append(
                PlacedRow(
                    row.label,
                    row.lang,
                    round(label_y, 1),
                    row.note,
                    not beside,
                    round(note_y, 1),
                    tuple(bars),
                    target_x,
                    round(bars_top - TARGET_OVERHANG, 1),
                    round(bars_top + bars_height + TARGET_OVERHANG, 1),
                )
            )
            y += row_height + ROW_GAP
        return cls(int(width) + 1, int(max(y - ROW_GAP, 0) + TARGET_OVERHANG) + 1, tuple(placed))
