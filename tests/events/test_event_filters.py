"""The filters of the list of events, and the calendar feeds it links to."""

import pytest

from tests.events.helpers import LAST, LIST_URL, NEXT, filter_options, selected, titles, utc
from tests.factories import EventFactory
from tests.html import assert_accessible_structure, dom, section

pytestmark = pytest.mark.django_db


def test_filter_form_offers_labelled_choices(client, events):
    doc = dom(client.get(LIST_URL))
    form = doc.find("form", **{"class": "event-filters"})
    assert (form.attrs["method"], form.attrs["action"]) == ("get", "/events/")
    assert [(label.attrs["for"], label.text) for label in form.find_all("label")] == [
        ("id_type", "Type"),
        ("id_country", "Country"),
        ("id_theme", "Theme"),
        ("id_year", "Year"),
    ]
    assert filter_options(doc, "type") == [
        ("", "All types"),
        ("regional-stakeholder-meeting", "Regional stakeholder meeting"),
        ("interregional-workshop", "Interregional workshop"),
        ("study-visit", "Study visit"),
    ]
    # The countries that have events, by name.
    assert filter_options(doc, "country") == [
        ("", "All countries"),
        ("BG", "Bulgaria"),
        ("EL", "Greece"),
        ("LV", "Latvia"),
        ("PT", "Portugal"),
        ("ES", "Spain"),
    ]
    assert filter_options(doc, "theme") == [
        ("", "All themes"),
        ("awareness", "Awareness of the social economy"),
        ("access", "Access to procurement and finance"),
        ("strengthening", "Strengthening social enterprises"),
        ("social-innovation", "Regional social innovation"),
    ]
    assert filter_options(doc, "year") == [("", "All years"), (str(NEXT), str(NEXT)), (str(LAST), str(LAST))]
    assert form.find("button").attrs["type"] == "submit"
    assert form.find("a", **{"class": "reset-filters"}).attrs["href"] == "/events/"
    assert form.find("a", **{"class": "reset-filters"}).text == "Reset filters"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=interregional-workshop", ["Interregional workshop on visibility"]),
        (
            "type=regional-stakeholder-meeting",
            [
                "Meeting in Portugal",
                "Online meeting",
                "Meeting in Tripoli",
                "Regional stakeholder meeting 3 in Latvia",
            ],
        ),
        ("country=EL", ["Meeting in Tripoli"]),
        ("country=LV", ["Regional stakeholder meeting 3 in Latvia"]),
        ("theme=access", ["Study visit to Extremadura", "Meeting in Tripoli"]),
        ("theme=awareness", ["Interregional workshop on visibility"]),
        ("year=" + str(LAST), ["Online meeting", "Meeting in Tripoli"]),
        (
            "year=" + str(NEXT),
            ["Interregional workshop on visibility", "Meeting in Portugal", "Study visit to Extremadura"],
        ),
        ("type=regional-stakeholder-meeting&year=" + str(NEXT), ["Meeting in Portugal"]),
        ("theme=access&country=ES", ["Study visit to Extremadura"]),
        ("theme=social-innovation", []),
    ],
)
def test_each_filter(client, events, query, expected):
    doc = dom(client.get(f"{LIST_URL}?{query}"))
    assert titles(doc) == expected
    for pair in query.split("&"):
        name, value = pair.split("=")
        assert selected(doc, name) == [value]
    if not expected:
        assert doc.texts("p", **{"class": "empty-state"}) == ["No events match these filters. Show all events"]
        assert doc.find("p", **{"class": "empty-state"}).find("a").attrs["href"] == "/events/"


def test_year_is_the_year_in_the_events_own_time_zone(client, types):
    # 23:30 UTC on New Year's Eve is already the next year in Athens, but not in Lisbon.
    EventFactory(title="New Year in Athens", start=utc(NEXT, 12, 31, 23, 30), end=None, time_zone="Europe/Athens")
    EventFactory(title="New Year's Eve in Lisbon", start=utc(NEXT, 12, 31, 23, 30), end=None, time_zone="Europe/Lisbon")
    doc = dom(client.get(LIST_URL))
    assert filter_options(doc, "year") == [("", "All years"), (str(NEXT + 1), str(NEXT + 1)), (str(NEXT), str(NEXT))]
    assert titles(dom(client.get(f"{LIST_URL}?year={NEXT + 1}"))) == ["New Year in Athens"]
    assert titles(dom(client.get(f"{LIST_URL}?year={NEXT}"))) == ["New Year's Eve in Lisbon"]


def test_an_unknown_filter_value_is_reported_and_left_out(client, events):
    doc = dom(client.get(f"{LIST_URL}?type=no-such-type&country=EL"))
    assert titles(doc) == ["Meeting in Tripoli"]
    alert = doc.find("div", role="alert")
    assert alert.texts("li") == ["Type: Select a valid choice. no-such-type is not one of the available choices."]
    assert_accessible_structure(doc)


def test_subscribe_links_to_the_calendar_feeds(client, events):
    feeds = section(dom(client.get(LIST_URL)), "subscribe-heading")
    assert [(a.text, a.attrs["href"], a.attrs["type"]) for a in feeds.find_all("a")] == [
        ("All events", "/events/calendar.ics", "text/calendar"),
        ("Regional stakeholder meeting", "/events/types/regional-stakeholder-meeting/calendar.ics", "text/calendar"),
        ("Interregional workshop", "/events/types/interregional-workshop/calendar.ics", "text/calendar"),
        ("Study visit", "/events/types/study-visit/calendar.ics", "text/calendar"),
    ]
