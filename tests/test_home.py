"""The home page: focus objectives, latest practices, next events, partners; in English and German."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegionFactory,
    theme,
)
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section
from tests.wording import THEME_LABELS


# --- data -----------------------------------------------------------------------------------------------------
def next_year_event(**kwargs):
    """An event next March, 08:00 UTC = 10:00 in Sofia (no daylight saving time yet)."""
    start = datetime.datetime(timezone.now().year + 1, 3, 10, 8, tzinfo=datetime.UTC)
    defaults = {"start": start, "end": start + datetime.timedelta(hours=6), "time_zone": "Europe/Sofia"}
    return EventFactory(**{**defaults, **kwargs})


@pytest.fixture
def content(db):
    """Two partners, published, draft and sample practices, and an upcoming, a past and a cancelled event."""
    peloponnese = PartnerFactory(
        name="Region of Peloponnese",
        is_lead=True,
        region=RegionFactory(code="EL65", name="Πελοπόννησος", name_en="Peloponnese", country="EL", level=2),
    )
    haskovo = PartnerFactory(
        name="Haskovo Municipality", region=RegionFactory(code="BG422", name="Хасково", name_en="Haskovo", country="BG")
    )
    published_at = datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)
    GoodPracticeFactory(
        title="Village shop run by a cooperative",
        partner=peloponnese,
        published=True,
        published_at=published_at,
        themes=[theme("awareness"), theme("access")],
    )
    GoodPracticeFactory(
        title="Social procurement clauses",
        partner=haskovo,
        published=True,
        published_at=published_at + datetime.timedelta(days=1),
        is_sample=True,
        themes=[theme("access")],
    )
    GoodPracticeFactory(title="Draft that nobody may see", partner=haskovo, themes=[theme("strengthening")])
    workshop = EventTypeFactory(slug="interregional-workshop", name="Interregional workshop", target=1)
    next_year_event(
        title="Interregional workshop on visibility",
        event_type=workshop,
        host=haskovo,
        country="BG",
        city="Haskovo",
        is_sample=True,
    )
    EventFactory(
        title="Meeting held last year",
        start=timezone.now() - datetime.timedelta(days=400),
        end=None,
        host=peloponnese,
    )
    next_year_event(title="Cancelled meeting", status="cancelled", host=peloponnese)
    return SimpleNamespace(peloponnese=peloponnese, haskovo=haskovo)


# --- home -----------------------------------------------------------------------------------------------------
def test_home_in_english(client, content):
    response = client.get("/")
    assert [t.name for t in response.templates][:2] == ["home.html", "base.html"]
    doc = dom(response)
    assert doc.find("html").attrs["lang"] == "en"
    assert doc.find("head").texts("title") == ["SECON good-practice portal"]  # the charts' SVGs have titles too
    assert doc.texts("h1") == ["Good practices for the social economy in Europe's regions"]
    assert doc.texts("h2") == [
        "Four focus objectives",
        "Latest good practices",
        "Next events",
        "Progress towards the project's targets",
        "Partners",
        "The project",
    ]

    objectives = section(doc, "objectives-heading")
    assert objectives.texts("h3") == THEME_LABELS
    assert objectives.texts("p", **{"class": "card-text theme-count mt-auto mb-0"}) == [
        "1 published practice",
        "2 published practices",
        "0 published practices",
        "0 published practices",
    ]
    assert (
        "Visibility of the social economy among conscious consumers who buy responsibly and locally."
        in objectives.texts("p")
    )

    practices = section(doc, "practices-heading")
    assert practices.texts("h3") == ["Social procurement clauses", "Village shop run by a cooperative"]
    cards = practices.find_all("article")
    assert cards[0].texts("span") == ["Sample content"]
    assert cards[1].texts("span") == []
    assert cards[0].texts("dd") == ["Haskovo, Bulgaria", "Haskovo Municipality"]
    assert cards[1].texts("dt") == ["Region", "Partner"]
    assert cards[1].texts("dd") == ["Peloponnese, Greece", "Region of Peloponnese"]

    events = section(doc, "events-heading")
    year = timezone.now().year + 1
    assert events.texts("h3") == ["Interregional workshop on visibility"]
    assert events.texts("span", **{"class": "badge sample-badge"}) == ["Sample content"]
    assert events.texts("dd") == [
        "Interregional workshop",
        f"March 10, {year}, 10 a.m. (local time, Europe/Sofia)",
        "Haskovo, Bulgaria",
    ]
    assert events.find("time").attrs["datetime"] == f"{year}-03-10T10:00:00+02:00"

    partners = section(doc, "partners-heading")
    assert partners.texts("span", **{"class": "partner-name"}) == ["Region of Peloponnese", "Haskovo Municipality"]
    assert partners.texts("span", **{"class": "badge lead-badge"}) == ["Lead partner"]
    assert partners.texts("span", **{"class": "d-block text-body-secondary"}) == [
        "Peloponnese, Greece",
        "Haskovo, Bulgaria",
    ]
    assert doc.find_all("p", **{"class": "empty-state"}) == []
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_home_without_content_says_so(client, db):
    doc = dom(client.get("/"))
    assert section(doc, "objectives-heading").texts("h3") == THEME_LABELS
    assert doc.texts("p", **{"class": "empty-state"}) == [
        "No good practices have been published yet. The partners are identifying practices in their regions; "
        "they will appear here once they have been reviewed.",
        "No events are scheduled at the moment.",
        "No partners have been entered yet.",
    ]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_home_in_german(client, content):
    doc = dom(client.get("/de/"))
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.find("a", href="#main").text == "Zum Hauptinhalt springen"
    assert doc.find("a", href="/de/about/", **{"class": "site-nav-link"}).text
    assert doc.find("a", **{"aria-current": "true", "hreflang": "de"}).text == "Deutsch"
    assert doc.find("a", hreflang="en").attrs["href"] == "/language/en/?next=/de/"
    assert doc.find("a", **{"class": "btn btn-sm btn-primary"}).text == "Anmelden"
    # Dates and times in the German format, in the event's time zone.
    year = timezone.now().year + 1
    assert section(doc, "events-heading").texts("time") == [f"10. März {year}, 10:00"]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_home_query_count_does_not_grow(client, content, django_assert_num_queries):
    # Themes with their counts, latest practices and their first images (one query for all: with_card_image),
    # next events, partners; the progress: event types with their held events, partners with the practices
    # published in their regions.
    with django_assert_num_queries(7):
        client.get("/")
    for _ in range(8):
        practice_partner = PartnerFactory()
        GoodPracticeFactory(partner=practice_partner, published=True, themes=[theme("awareness"), theme("access")])
        next_year_event(host=practice_partner)
    with django_assert_num_queries(7):
        response = client.get("/")
    doc = dom(response)
    assert len(section(doc, "practices-heading").find_all("article")) == 6
    assert len(section(doc, "events-heading").find_all("article")) == 3
    assert len(section(doc, "partners-heading").find_all("li")) == 10
