"""The home page's progress against the brochure's targets: events held, planned and cancelled (charts with their
tables), practices published per region."""

import datetime
from types import SimpleNamespace

import pytest

from events.models import Event
from tests.factories import EventFactory, EventTypeFactory, GoodPracticeFactory, PartnerFactory, RegionFactory
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2025, 5, 12, 8, tzinfo=datetime.UTC)


def held(event_type, country, **kwargs):
    return EventFactory(
        event_type=event_type, country=country, start=PAST, end=None, status=Event.Status.HELD, **kwargs
    )


def region(code, name, country, level=3, parent=None):
    return RegionFactory(code=code, name=name, name_en=name, country=country, level=level, parent=parent)


@pytest.fixture
def progress(db):
    """Three partners in two countries; events held and not; practices inside and outside partner regions."""
    el6 = region("EL6", "Central Greece", "EL", level=1)
    el65 = region("EL65", "Peloponnese", "EL", level=2, parent=el6)
    el651 = region("EL651", "Argolida and Arcadia", "EL", parent=el65)
    el652 = region("EL652", "Corinthia", "EL", parent=el65)
    attica = region("EL30", "Attica", "EL", level=2)
    haskovo_region = region("BG422", "Haskovo", "BG")
    peloponnese = PartnerFactory(name="Region of Peloponnese", region=el65)
    kmop = PartnerFactory(name="KMOP", region=attica)
    haskovo = PartnerFactory(name="Haskovo Municipality", region=haskovo_region)

    meeting = EventTypeFactory(order=1)  # 7 per partner country
    workshop = EventTypeFactory(
        slug="interregional-workshop", name="Interregional workshop", target=1, target_per_country=False, order=2
    )
    EventTypeFactory(slug="thematic-seminar", name="Thematic seminar", target=2, target_per_country=False, order=3)
    other = EventTypeFactory(slug="other", name="Other event", target=None, target_per_country=False, order=9)

    held(meeting, "EL", host=peloponnese)
    held(meeting, "EL", host=kmop)
    held(meeting, "BG", host=haskovo)
    held(meeting, "DE", host=haskovo)  # not a partner country in this test: not counted
    EventFactory(event_type=meeting, country="EL", host=kmop, status=Event.Status.CONFIRMED)  # not held yet
    EventFactory(event_type=meeting, country="BG", host=haskovo, status=Event.Status.CANCELLED)
    held(workshop, "BG", host=haskovo)
    held(other, "EL", host=kmop)  # no target: not shown

    GoodPracticeFactory(partner=peloponnese, region=el651, published=True)  # inside EL65
    GoodPracticeFactory(partner=kmop, region=el652, published=True)  # inside EL65, whoever submitted it
    GoodPracticeFactory(partner=peloponnese, region=el65, published=True)
    GoodPracticeFactory(partner=peloponnese, region=el652)  # a draft
    GoodPracticeFactory(partner=peloponnese, region=el6, published=True)  # larger than EL65: not counted
    GoodPracticeFactory(partner=kmop, region=attica, published=True)
    GoodPracticeFactory(partner=haskovo, region=region("BG42", "South Central", "BG", level=2), published=True)
    return SimpleNamespace(peloponnese=peloponnese, kmop=kmop, haskovo=haskovo, meeting=meeting)


def rows(table):
    return [(tr.find("th").text, *tr.texts("td")) for tr in table.find("tbody").find_all("tr")]


def chart_texts(figure):
    """The texts of a chart's SVG: each row's label (with its note) and the numbers after its bars."""
    return [text.text for text in figure.find("svg", role="img").find_all("text")]


def test_progress_against_the_targets(client, progress):
    doc = dom(client.get("/"))
    progress_section = section(doc, "progress-heading")
    assert progress_section.texts("h2") == ["Progress towards the project's targets"]
    assert progress_section.texts("h3") == []  # the practices per partner region are on the partners' map

    # Each chart is a figure: its caption, a legend, the SVG (an image named by its title) and its table.
    [events, countries] = progress_section.find_all("figure")
    assert events.texts("figcaption") == ["Events against the project's targets"]
    assert countries.texts("figcaption") == ["Regional stakeholder meeting: per partner country"]
    assert events.texts("li") == ["Held", "Planned", "Cancelled", "Target"]
    svg = events.find("svg", role="img")
    assert svg.attrs["aria-labelledby"] == "chart-progress-types-title"
    assert svg.find("title").text == "Events against the project's targets"
    assert svg.find("desc").attrs["id"] == svg.attrs["aria-describedby"]

    # Greece has two partners but one target of 7 meetings: the target is per country, not per partner. The
    # meeting in Germany is not counted (not a partner country here); confirmed counts as planned.
    [events_table, countries_table] = progress_section.find_all("table")
    assert [th.text for th in events_table.find("thead").find_all("th")] == [
        "Activity",
        "Target",
        "Held",
        "Planned",
        "Cancelled",
    ]
    assert rows(events_table) == [
        ("Regional stakeholder meeting", "14", "3", "1", "1"),
        ("Interregional workshop", "1", "1", "0", "0"),
        ("Thematic seminar", "2", "0", "0", "0"),
    ]
    assert {th.attrs["scope"] for th in events_table.find("tbody").find_all("th")} == {"row"}
    assert chart_texts(events) == [
        "Regional stakeholder meeting target: 14",
        "3 held",
        "1 planned",
        "1 cancelled",
        "Interregional workshop target: 1",
        "1 held",
        "0 planned",
        "0 cancelled",
        "Thematic seminar target: 2",
        "0 held",
        "0 planned",
        "0 cancelled",
    ]
    # A bar for each number but zero, and a target line for each row.
    assert [rect.attrs["class"] for rect in events.find("svg", role="img").find_all("rect", cls="chart-bar")] == [
        "chart-bar chart-bar-held",
        "chart-bar chart-bar-planned",
        "chart-bar chart-bar-cancelled",
        "chart-bar chart-bar-held",
    ]
    assert len(events.find("svg", role="img").find_all("line", cls="chart-target")) == 3

    assert rows(countries_table) == [("Bulgaria", "7", "1", "0", "1"), ("Greece", "7", "2", "1", "0")]
    assert chart_texts(countries) == [
        "Bulgaria",
        "target: 7",
        "1 held",
        "0 planned",
        "1 cancelled",
        "Greece",
        "target: 7",
        "2 held",
        "1 planned",
        "0 cancelled",
    ]

    practices = doc.find("table", "map-table")  # the partners' map: its table has the same numbers
    assert [th.text for th in practices.find("thead").find_all("th")] == ["Region", "Practices"]
    assert sorted(rows(practices)) == [("Attica Greece", "1"), ("Haskovo Bulgaria", "0"), ("Peloponnese Greece", "3")]
    assert progress_section.find("a", href="/impact/").text.startswith("More on the project's impact")
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_without_targets_or_partners_there_is_no_progress_section(client, db):
    EventTypeFactory(slug="other", name="Other event", target=None)
    doc = dom(client.get("/"))
    assert doc.find_all("section", **{"aria-labelledby": "progress-heading"}) == []


def test_partners_without_event_targets_still_show_their_practices(client, db):
    GoodPracticeFactory(partner=PartnerFactory(name="Haskovo Municipality", region=region("BG422", "Haskovo", "BG")))
    doc = dom(client.get("/"))
    assert doc.find_all("section", **{"aria-labelledby": "progress-heading"}) == []  # no event targets
    assert rows(doc.find("table", "map-table")) == [("Haskovo Bulgaria", "0")]  # on the partners' map


def test_progress_query_count_does_not_grow(client, progress, django_assert_num_queries):
    # The five queries of the rest of the home page (the latest practices' first images among them), plus event
    # types with their held events and partners with the practices published in their regions.
    with django_assert_num_queries(7):
        client.get("/")
    for n in range(6):
        partner = PartnerFactory(region=region(f"PL9{n}", f"Region {n}", "PL", level=2))
        subregion = region(f"PL9{n}1", f"Subregion {n}", "PL", parent=partner.region)
        GoodPracticeFactory(partner=partner, region=subregion, published=True)
        held(progress.meeting, "PL", host=partner)
        held(
            EventTypeFactory(slug=f"type-{n}", name=f"Type {n}", target=n + 1, target_per_country=False, order=10 + n),
            "PL",
            host=partner,
        )
    with django_assert_num_queries(7):
        doc = dom(client.get("/"))
    [events, countries] = section(doc, "progress-heading").find_all("table")
    practices = doc.find("table", "map-table")
    assert rows(events)[0] == ("Regional stakeholder meeting", "21", "9", "1", "1")
    assert rows(countries) == [
        ("Bulgaria", "7", "1", "0", "1"),
        ("Greece", "7", "2", "1", "0"),
        ("Poland", "7", "6", "0", "0"),
    ]
    assert len(rows(events)) == 9
    # The map lists the partner regions it can draw: of the made-up PL9n codes, PL91 and PL92 are real NUTS regions.
    assert sorted(rows(practices)) == [
        ("Attica Greece", "1"),
        ("Haskovo Bulgaria", "0"),
        ("Peloponnese Greece", "3"),
        ("Region 1 Poland", "1"),
        ("Region 2 Poland", "1"),
    ]
