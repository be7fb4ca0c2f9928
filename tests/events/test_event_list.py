"""The list of events: upcoming first, each in its own time zone; pagination and query counts."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event
from tests.events.helpers import (
    LAST,
    LIST_URL,
    NEXT,
    card,
    facts,
    many_events,
    selected,
    titles,
    utc,
)
from tests.factories import EventFactory, PartnerFactory, theme
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section

pytestmark = pytest.mark.django_db


def test_upcoming_first_then_past_then_undated(client, events):
    response = client.get(LIST_URL)
    assert [t.name for t in response.templates][:2] == ["events/event_list.html", "base.html"]
    doc = dom(response)
    assert doc.texts("title") == ["Events – SECON good-practice portal"]
    assert doc.texts("h1") == ["Events"]
    assert doc.texts("h2") == [
        "Filter events",
        "Subscribe",
        "Upcoming events",
        "Past events",
        "Date to be announced",
        "The project",
    ]
    assert section(doc, "schedule-0").texts("h3") == [
        "Interregional workshop on visibility",
        "Meeting in Portugal",
        "Study visit to Extremadura",
    ]
    assert section(doc, "schedule-1").texts("h3") == ["Online meeting", "Meeting in Tripoli"]
    assert section(doc, "schedule-2").texts("h3") == ["Regional stakeholder meeting 3 in Latvia"]
    assert doc.texts("p", **{"class": "result-count"}) == ["6 events"]
    assert [a.attrs["href"] for a in doc.find_all("a") if a.parent.name == "h3"] == [
        "/events/interregional-workshop/",
        "/events/meeting-portugal/",
        "/events/study-visit-extremadura/",
        "/events/online-meeting/",
        "/events/meeting-tripoli/",
        "/events/stakeholder-meeting-lv-3/",
    ]
    assert doc.find("link", href="/static/css/events.css").attrs["rel"] == "stylesheet"
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_an_event_stays_upcoming_until_it_ends(client, types):
    now = timezone.now()
    EventFactory(title="Running now", start=now - datetime.timedelta(hours=2), end=now + datetime.timedelta(hours=2))
    EventFactory(
        title="Ended an hour ago", start=now - datetime.timedelta(hours=3), end=now - datetime.timedelta(hours=1)
    )
    doc = dom(client.get(LIST_URL))
    assert section(doc, "schedule-0").texts("h3") == ["Running now"]
    assert section(doc, "schedule-1").texts("h3") == ["Ended an hour ago"]


def test_each_event_with_its_facts_in_its_own_time_zone(client, events):
    doc = dom(client.get(LIST_URL))
    workshop = card(doc, "Interregional workshop on visibility")
    assert facts(workshop) == [
        ("Type", "Interregional workshop"),
        ("When", f"March 10, {NEXT}, 10 a.m. – 4 p.m. (local time, Europe/Sofia)"),
        ("Where", "Haskovo, Bulgaria"),
        ("Status", "Confirmed"),
    ]
    assert [t.attrs["datetime"] for t in workshop.find_all("time")] == [
        f"{NEXT}-03-10T10:00:00+02:00",
        f"{NEXT}-03-10T16:00:00+02:00",
    ]
    assert workshop.texts("span", **{"class": "badge sample-badge"}) == ["Sample content"]
    assert workshop.find_all("span", **{"class": "badge cancelled-badge"}) == []

    # Over two days: both dates; Madrid is on summer time (+02:00) in June.
    visit = card(doc, "Study visit to Extremadura")
    assert facts(visit) == [
        ("Type", "Study visit"),
        ("When", f"June 3, {NEXT}, 9 a.m. – June 4, {NEXT}, 3 p.m. (local time, Europe/Madrid)"),
        ("Where", "Mérida, Spain"),
        ("Status", "Planned"),
    ]
    assert [t.attrs["datetime"] for t in visit.find_all("time")] == [
        f"{NEXT}-06-03T09:00:00+02:00",
        f"{NEXT}-06-04T15:00:00+02:00",
    ]
    assert visit.texts("span", **{"class": "badge sample-badge"}) == []

    # Cancelled: a badge with the word and the status, not colour alone.
    cancelled = card(doc, "Meeting in Portugal")
    assert cancelled.has_class("is-cancelled")
    assert cancelled.texts("span", **{"class": "badge cancelled-badge"}) == ["Cancelled"]
    assert facts(cancelled) == [
        ("Type", "Regional stakeholder meeting"),
        ("When", f"April 20, {NEXT}, 9 a.m. (local time, Europe/Lisbon)"),
        ("Where", "Oliveira de Azeméis, Portugal"),
        ("Status", "Cancelled"),
    ]
    assert facts(card(doc, "Meeting in Tripoli"))[1:3] == [
        ("When", f"May 12, {LAST}, 10 a.m. – 3 p.m. (local time, Europe/Athens)"),
        ("Where", "Tripoli, Greece"),
    ]
    assert facts(card(doc, "Online meeting"))[1:] == [
        ("When", f"Nov. 3, {LAST}, 10 a.m. – 11:30 a.m. (local time, Europe/Brussels)"),
        ("Where", "Online"),
        ("Status", "Held"),
    ]
    undated = card(doc, "Regional stakeholder meeting 3 in Latvia")
    assert facts(undated)[1:] == [("When", "Date to be announced"), ("Where", "Latvia"), ("Status", "Planned")]
    assert undated.find_all("time") == []


def test_the_same_moment_in_two_time_zones(client, types):
    moment = utc(NEXT, 3, 10, 8)
    EventFactory(title="In Sofia", start=moment, end=None, time_zone="Europe/Sofia", country="BG", city="Haskovo")
    EventFactory(title="In Lisbon", start=moment, end=None, time_zone="Europe/Lisbon", country="PT", city="Porto")
    doc = dom(client.get(LIST_URL))
    assert card(doc, "In Sofia").texts("dd")[1] == f"March 10, {NEXT}, 10 a.m. (local time, Europe/Sofia)"
    assert card(doc, "In Lisbon").texts("dd")[1] == f"March 10, {NEXT}, 8 a.m. (local time, Europe/Lisbon)"
    assert card(doc, "In Sofia").find("time").attrs["datetime"] == f"{NEXT}-03-10T10:00:00+02:00"
    assert card(doc, "In Lisbon").find("time").attrs["datetime"] == f"{NEXT}-03-10T08:00:00+00:00"


def test_place_and_online(client, types):
    EventFactory(title="Both", country="BG", city="Haskovo", online_url="https://meet.example.org/x")
    EventFactory(title="Country only", country="RO", city="")
    doc = dom(client.get(LIST_URL))
    assert dict(facts(card(doc, "Both")))["Where"] == "Haskovo, Bulgaria and online"
    assert dict(facts(card(doc, "Country only")))["Where"] == "Romania"


def test_dates_in_the_visitors_language(client, events):
    doc = dom(client.get("/de/events/"))
    assert doc.find("html").attrs["lang"] == "de"
    assert card(doc, "Interregional workshop on visibility").texts("time") == [f"10. März {NEXT}, 10:00", "16:00"]
    assert card(doc, "Study visit to Extremadura").texts("time") == [f"3. Juni {NEXT}, 09:00", f"4. Juni {NEXT}, 15:00"]
    assert doc.find("a", href="/de/events/interregional-workshop/")
    assert_accessible_structure(doc)


def test_no_events_yet(client, db):
    doc = dom(client.get(LIST_URL))
    assert doc.texts("p", **{"class": "empty-state"}) == ["No events have been announced yet."]
    assert doc.texts("p", **{"class": "result-count"}) == ["0 events"]
    assert_accessible_structure(doc)


def test_pagination_keeps_the_filters(client, types):
    many_events(45, country="EL")
    many_events(3, country="BG")
    doc = dom(client.get(f"{LIST_URL}?country=EL"))
    assert doc.texts("p", **{"class": "result-count"}) == ["45 events"]
    assert titles(doc) == [f"Meeting {n:02d}" for n in range(20)]
    pages = doc.find("nav", **{"aria-label": "Pages of events"})
    assert [(a.text, a.attrs["href"]) for a in pages.find_all("a")] == [
        ("Page 2", "?country=EL&page=2"),
        ("Page 3", "?country=EL&page=3"),
        ("Next", "?country=EL&page=2"),
    ]
    assert pages.find("span", **{"aria-current": "page"}).text == "Page 1"

    doc = dom(client.get(f"{LIST_URL}?country=EL&page=3"))
    assert titles(doc) == [f"Meeting {n:02d}" for n in range(40, 45)]
    pages = doc.find("nav", **{"aria-label": "Pages of events"})
    assert [(a.text, a.attrs["href"]) for a in pages.find_all("a")] == [
        ("Previous", "?country=EL&page=2"),
        ("Page 1", "?country=EL&page=1"),
        ("Page 2", "?country=EL&page=2"),
    ]
    assert selected(doc, "country") == ["EL"]
    assert_accessible_structure(doc)


def test_a_page_beyond_the_last_is_not_found(client, types):
    many_events(3)
    assert client.get(f"{LIST_URL}?page=2").status_code == 404


def test_one_page_has_no_pagination(client, events):
    assert dom(client.get(LIST_URL)).find_all("nav", **{"aria-label": "Pages of events"}) == []


@pytest.mark.parametrize("query", ["", "?type=regional-stakeholder-meeting&country=EL&theme=access&year=" + str(NEXT)])
def test_list_query_count_does_not_grow(client, types, django_assert_num_queries, query):
    # Types, countries, themes and years for the filters; the count; the page.
    EventFactory(country="EL", start=utc(NEXT, 5, 1, 8), end=None).themes.set([theme("access")])
    with django_assert_num_queries(6):
        dom(client.get(LIST_URL + query))
    for n in range(30):
        event = EventFactory(
            country="EL" if n % 2 else "BG",
            start=utc(NEXT - n % 3, 5, 1, 8),
            end=None,
            host=PartnerFactory(),
            is_sample=n % 3 == 0,
            status=Event.Status.CANCELLED if n % 5 == 0 else Event.Status.CONFIRMED,
        )
        event.themes.set([theme("access"), theme("awareness")])
    EventFactory(start=None, end=None, status=Event.Status.PLANNED)
    with django_assert_num_queries(6):
        doc = dom(client.get(LIST_URL + query))
    # Unfiltered: a full page of 20; filtered: the first event and 5 of the 30.
    assert len(doc.find_all("article")) == (6 if query else 20)
