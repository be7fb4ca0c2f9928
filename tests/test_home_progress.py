"""The home page's progress against the brochure's targets: events held, practices published per region."""

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


def test_progress_against_the_targets(client, progress):
    doc = dom(client.get("/"))
    progress_section = section(doc, "progress-heading")
    assert progress_section.texts("h2") == ["Progress towards the project's targets"]
    assert progress_section.texts("h3") == [
        "Events held",
        "Regional stakeholder meeting: per partner country",
        "Good practices published per partner region",
    ]

    # Greece has two partners but one target of 7 meetings: the target is per country, not per partner.
    [events, countries, practices] = progress_section.find_all("table")
    assert events.attrs["aria-labelledby"] == "events-held-heading"
    assert [(th.attrs["scope"], th.text) for th in events.find("thead").find_all("th")] == [
        ("col", "Activity"),
        ("col", "Progress"),
    ]
    assert rows(events) == [
        ("Regional stakeholder meeting", "3 held out of 14 (7 in each partner country)"),
        ("Interregional workshop", "1 held out of 1"),
        ("Thematic seminar", "0 held out of 2"),
    ]
    assert {th.attrs["scope"] for th in events.find("tbody").find_all("th")} == {"row"}
    # The bars only repeat the numbers, hidden from assistive technology.
    assert [(p.attrs["value"], p.attrs["max"], p.attrs["aria-hidden"]) for p in events.find_all("progress")] == [
        ("3", "14", "true"),
        ("1", "1", "true"),
        ("0", "2", "true"),
    ]

    assert countries.attrs["aria-labelledby"] == "progress-regional-stakeholder-meeting-heading"
    assert rows(countries) == [("Bulgaria", "1 held out of 7"), ("Greece", "2 held out of 7")]
    assert [(p.attrs["value"], p.attrs["max"]) for p in countries.find_all("progress")] == [("1", "7"), ("2", "7")]

    assert [th.text for th in practices.find("thead").find_all("th")] == ["Region", "Partner", "Published practices"]
    assert rows(practices) == [
        ("Haskovo, Bulgaria", "Haskovo Municipality", "0"),
        ("Attica, Greece", "KMOP", "1"),
        ("Peloponnese, Greece", "Region of Peloponnese", "3"),
    ]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_without_targets_or_partners_there_is_no_progress_section(client, db):
    EventTypeFactory(slug="other", name="Other event", target=None)
    doc = dom(client.get("/"))
    assert doc.find_all("section", **{"aria-labelledby": "progress-heading"}) == []


def test_partners_without_event_targets_still_show_their_practices(client, db):
    GoodPracticeFactory(partner=PartnerFactory(name="Haskovo Municipality", region=region("BG422", "Haskovo", "BG")))
    progress_section = section(dom(client.get("/")), "progress-heading")
    assert progress_section.texts("h3") == ["Good practices published per partner region"]
    assert rows(progress_section.find("table")) == [("Haskovo, Bulgaria", "Haskovo Municipality", "0")]


def test_progress_query_count_does_not_grow(client, progress, django_assert_num_queries):
    # The four queries of the rest of the home page, plus event types with their held events and
    # partners with the practices published in their regions.
    with django_assert_num_queries(6):
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
    with django_assert_num_queries(6):
        doc = dom(client.get("/"))
    [events, countries, practices] = section(doc, "progress-heading").find_all("table")
    assert rows(events)[0] == ("Regional stakeholder meeting", "9 held out of 21 (7 in each partner country)")
    assert rows(countries) == [
        ("Bulgaria", "1 held out of 7"),
        ("Greece", "2 held out of 7"),
        ("Poland", "6 held out of 7"),
    ]
    assert len(rows(events)) == 9
    assert [(row[0], row[2]) for row in rows(practices)] == [
        ("Haskovo, Bulgaria", "0"),
        ("Attica, Greece", "1"),
        ("Peloponnese, Greece", "3"),
        *[(f"Region {n}, Poland", "1") for n in range(6)],
    ]
