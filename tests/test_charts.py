"""Bar charts drawn as SVG on the server (secon_portal/charts.py, templates/includes/bar_chart.html): the layout,
the markup (an image with a title and a description, a table of the same figures, no inline style), and the labels
of the portal's charts (secon_portal/views/impact.py) in the reader's language."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from events.progress import Progress
from practices.impact import IndicatorResult, Share
from secon_portal import charts
from secon_portal.charts import BAR_AREA, GAP, Bar, BarChart, Row, Series
from secon_portal.views import impact
from tests.html import assert_csp_safe, fragment


def simple_chart(**kwargs):
    defaults = {
        "id": "chart-test",
        "title": "Jobs created by country",
        "description": "A bar for each country.",
        "rows": [
            Row("Greece", (Bar("total", 30, "30 jobs"),)),
            Row("Bulgaria", (Bar("total", 15, "15 jobs"),)),
            Row("Spain", (Bar("total", 0, "0 jobs"),)),
        ],
        "series": (Series("total", "Total"),),
        "label_heading": "Country",
        "columns": ("Total",),
        "table": [("30 jobs",), ("15 jobs",), ("0 jobs",)],
    }
    return BarChart(**(defaults | kwargs))


def render(chart):
    return fragment(render_to_string("includes/bar_chart.html", {"chart": chart}))


# --- layout ---------------------------------------------------------------------------------------------------
def test_bars_are_as_long_as_their_values_against_the_largest():
    layout = simple_chart().layout()
    [greece, bulgaria, spain] = layout.rows
    bars_x = greece.bars[0].x
    assert bars_x > 0  # short labels stand beside the bars
    assert [row.bars[0].x for row in layout.rows] == [bars_x] * 3
    assert [row.bars[0].width for row in layout.rows] == [BAR_AREA, BAR_AREA / 2, 0]
    # Each number just after its bar (after the start of the bars for a zero).
    assert [row.bars[0].text_x for row in layout.rows] == [
        bars_x + BAR_AREA + GAP,
        bars_x + BAR_AREA / 2 + GAP,
        bars_x + GAP,
    ]
    assert greece.label_y < bulgaria.label_y < spain.label_y
    assert layout.width >= bars_x + BAR_AREA + GAP + charts.text_width("30 jobs")


def test_long_labels_stand_above_the_bars_and_the_chart_is_wide_enough_for_them():
    label = "Enterprises supported in rural municipalities of the region"
    layout = simple_chart(rows=[Row(label, (Bar("total", 5, "5"),), note="target: 7")], table=[("5",)]).layout()
    [row] = layout.rows
    assert row.bars[0].x == 0
    assert row.note_beside  # the note follows the label on its line
    assert row.bars[0].y > row.label_y
    assert layout.width >= charts.label_width(Row(label, ())) + charts.text_width("target: 7")


def test_targets_are_lines_on_the_scale_and_a_row_may_have_its_own_scale():
    rows = [
        Row("A", (Bar("held", 2, "2 held"),), target=4),
        Row("B", (Bar("held", 1, "1 held"),), target=1, scale=1),
    ]
    layout = simple_chart(rows=rows, table=[("",), ("",)]).layout()
    [a, b] = layout.rows
    bars_x = a.bars[0].x
    assert a.target_x == bars_x + BAR_AREA  # the chart's scale: the largest value or target, 4
    assert a.bars[0].width == BAR_AREA / 2
    assert b.target_x == bars_x + BAR_AREA and b.bars[0].width == BAR_AREA  # its own scale: 1
    assert a.target_top < a.bars[0].y and a.target_bottom > a.bars[0].y + a.bars[0].height


def test_an_empty_or_all_zero_chart_does_not_divide_by_zero():
    layout = simple_chart(rows=[Row("A", (Bar("total", 0, "0"),))], table=[("0",)]).layout()
    assert layout.rows[0].bars[0].width == 0


# --- markup ---------------------------------------------------------------------------------------------------
def test_the_chart_is_a_figure_with_an_image_named_by_its_title_and_a_table_of_the_same_figures():
    doc = render(simple_chart())
    figure = doc.find("figure")
    assert figure.attrs["id"] == "chart-test"
    assert figure.find("figcaption").text == "Jobs created by country"
    svg = figure.find("svg", role="img")
    assert svg.attrs["aria-labelledby"] == "chart-test-title"
    assert svg.attrs["aria-describedby"] == "chart-test-desc"
    assert svg.find("title").attrs["id"] == "chart-test-title"
    assert svg.find("title").text == "Jobs created by country"
    assert svg.find("desc").text == "A bar for each country."
    layout = simple_chart().layout()
    assert svg.attrs["viewbox"] == f"0 0 {layout.width} {layout.height}"
    # (html.parser reads attribute names in lower case.) Labels and numbers are text in the SVG; a bar of zero is
    # no rectangle, only its number.
    assert [text.text for text in svg.find_all("text")] == [
        "Greece",
        "30 jobs",
        "Bulgaria",
        "15 jobs",
        "Spain",
        "0 jobs",
    ]
    assert [rect.attrs["width"] for rect in svg.find_all("rect", cls="chart-bar")] == ["220.0", "110.0"]
    # One series: no legend.
    assert figure.find_all("ul") == []

    table = figure.find("table")
    assert table.find("caption").text == "Jobs created by country: the figures"
    assert [th.text for th in table.find("thead").find_all("th")] == ["Country", "Total"]
    assert table.table_rows() == [["Greece", "30 jobs"], ["Bulgaria", "15 jobs"], ["Spain", "0 jobs"]]
    assert {th.attrs["scope"] for th in table.find("tbody").find_all("th")} == {"row"}
    wrapper = figure.find("div", cls="table-responsive")
    assert wrapper.attrs["aria-labelledby"] == "chart-test-table-caption"
    assert_csp_safe(doc)


def test_series_are_told_apart_by_patterns_and_a_legend_not_by_colour_alone():
    chart = impact.progress_chart("chart-p", "Meetings", [("Greece", Progress(2, 7, 4, 1))], "Country")
    doc = render(chart)
    legend = doc.find("ul", cls="chart-legend")
    assert legend.attrs["aria-hidden"] == "true"  # the table's headings say the same
    assert legend.texts("li") == ["Held", "Planned", "Cancelled", "Target"]
    svg = doc.find("svg", role="img")
    patterns = {pattern.attrs["id"] for pattern in svg.find_all("pattern")}
    assert patterns == {"chart-p-planned", "chart-p-cancelled"}
    bars = svg.find_all("rect", cls="chart-bar")
    assert [(bar.attrs["class"], bar.attrs.get("fill")) for bar in bars] == [
        ("chart-bar chart-bar-held", None),  # a plain dark fill, from charts.css
        ("chart-bar chart-bar-planned", "url(#chart-p-planned)"),
        ("chart-bar chart-bar-cancelled", "url(#chart-p-cancelled)"),
    ]
    # Every bar says what it counts, in words: in black and white the chart still reads.
    assert [text.text for text in svg.find_all("text")] == ["Greece", "target: 7", "2 held", "4 planned", "1 cancelled"]
    assert len(svg.find_all("line", cls="chart-target")) == 1
    assert doc.find("table").table_rows() == [["Greece", "7", "2", "4", "1"]]


def test_ids_are_unique_per_chart():
    doc = fragment(
        render_to_string("includes/bar_chart.html", {"chart": simple_chart(id="chart-a")})
        + render_to_string("includes/bar_chart.html", {"chart": simple_chart(id="chart-b")})
    )
    ids = [element.attrs["id"] for element in doc.iter() if "id" in element.attrs]
    assert len(ids) == len(set(ids)) == 10


@pytest.mark.parametrize("language", ["de", "el"])
def test_coordinates_are_never_written_with_a_decimal_comma(language):
    chart = simple_chart(
        rows=[Row("A", (Bar("total", 1, "1"),)), Row("B", (Bar("total", 3, "3"),))], table=[("1",), ("3",)]
    )
    with translation.override(language):
        svg = render(chart).find("svg", role="img")
    rect = svg.find_all("rect", cls="chart-bar")[0]
    assert rect.attrs["width"] == f"{BAR_AREA / 3:.1f}"
    assert "," not in svg.attrs["viewbox"]
    for text in svg.find_all("text"):
        assert "," not in text.attrs["y"]


# --- the portal's charts' labels -----------------------------------------------------------------------------
def test_numbers_and_amounts_follow_the_readers_language():
    with translation.override("en"):
        assert impact.result_value(Decimal("1234.00"), "jobs") == "1,234\u00a0jobs"
        assert impact.result_value(Decimal("14500000"), "EUR") == "€14,500,000"
        assert impact.result_value(Decimal("80.333"), "%", is_share=True) == "80.3\u00a0%"
        assert impact.result_value(Decimal("7"), "") == "7"
    with translation.override("de"):
        assert impact.result_value(Decimal("1234.00"), "jobs") == "1.234\u00a0jobs"
        assert impact.result_value(Decimal("14500000"), "eur") == "14.500.000\u00a0€"
        assert impact.result_value(Decimal("1234.5"), "people") == "1.234,5\u00a0people"


def test_indicator_labels_name_the_unit_unless_it_repeats_the_indicator():
    def indicator(name, unit):
        return IndicatorResult(name, unit, Decimal(1), 1, 1, False)

    assert impact.indicator_label(indicator("People reached", "people")) == "People reached (people)"
    assert impact.indicator_label(indicator("Jobs", "jobs")) == "Jobs"
    assert impact.indicator_label(indicator("Visitors", "")) == "Visitors"


def test_a_result_split_by_theme_and_by_country():
    result = IndicatorResult(
        "Jobs created",
        "jobs",
        Decimal("1234"),
        3,
        3,
        False,
        by_theme=(
            Share("awareness", "Awareness of the social economy", Decimal("1200"), 2),
            Share("", "", Decimal("34"), 1),
        ),
        by_country=(Share("EL", "", Decimal("1200"), 2), Share("", "", Decimal("34"), 1)),
    )
    with translation.override("en"):
        by_theme = impact.split_chart(result, 1, "theme")
        by_country = impact.split_chart(result, 1, "country")
    assert (by_theme.id, by_theme.title) == ("chart-result-1-theme", "Jobs created (jobs) by theme")
    assert [row.label for row in by_theme.rows] == ["Awareness of the social economy", "No theme given"]
    assert by_theme.table == [("1,200\u00a0jobs", "2"), ("34\u00a0jobs", "1")]
    assert (by_country.id, by_country.title) == ("chart-result-1-country", "Jobs created (jobs) by country")
    assert [row.label for row in by_country.rows] == ["Greece", "Location not given"]
    with translation.override("de"):
        by_country = impact.split_chart(result, 1, "country")
    assert [row.label for row in by_country.rows][0] == "Griechenland"
    assert by_country.table[0] == ("1.200\u00a0jobs", "2")
