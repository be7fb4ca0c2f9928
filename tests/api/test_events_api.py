"""/api/v1/events/: the events in the list's order, its filters (a bad value is a 400), and each event with its agenda,
documents, participants, published practices and calendar file."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import AgendaItem, Event, EventDocument, EventPractice, Participation, StakeholderGroup
from tests.api.helpers import get_json, query_count
from tests.factories import EventFactory, EventTypeFactory, GoodPracticeFactory, PartnerFactory, theme

pytestmark = pytest.mark.django_db

NEXT = datetime.date.today().year + 1
LAST = datetime.date.today().year - 1


def utc(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


# -- events ------------------------------------------------------------------------------------------------------


@pytest.fixture
def events(regions):
    meeting = EventTypeFactory()
    visit = EventTypeFactory(slug="study-visit", name="Study visit", target=2, target_per_country=False)
    upcoming = EventFactory(
        title="Study visit to Extremadura",
        slug="visit",
        event_type=visit,
        host=regions["vrrn"],
        country="ES",
        city="Mérida",
        start=utc(NEXT, 6, 3, 7),
        end=utc(NEXT, 6, 4, 13),
        time_zone="Europe/Madrid",
    )
    upcoming.themes.set([theme("access"), theme("strengthening")])
    past = EventFactory(
        title="Meeting in Tripoli",
        slug="tripoli",
        event_type=meeting,
        host=regions["peloponnese"],
        country="EL",
        start=utc(LAST, 5, 12, 7),
        end=utc(LAST, 5, 12, 12),
        status=Event.Status.HELD,
    )
    past.themes.set([theme("awareness")])
    new_year = EventFactory(  # on 1 January in Athens, still 31 December in UTC: it counts in its own time zone
        title="New Year meeting",
        slug="new-year",
        event_type=meeting,
        host=None,
        country="EL",
        start=utc(LAST - 1, 12, 31, 23),
        end=None,
        time_zone="Europe/Athens",
        status=Event.Status.HELD,
    )
    undated = EventFactory(
        title="Meeting to be announced",
        slug="tba",
        event_type=meeting,
        country="",
        start=None,
        end=None,
        status=Event.Status.PLANNED,
    )
    return {"visit": upcoming, "tripoli": past, "new-year": new_year, "tba": undated}


def event_slugs(client, params=None):
    return [event["slug"] for event in get_json(client, "/api/v1/events/", params)["results"]]


def test_events_are_listed_upcoming_then_past_then_undated(client, events):
    assert event_slugs(client) == ["visit", "tripoli", "new-year", "tba"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "study-visit"}, ["visit"]),
        ({"type": "regional-stakeholder-meeting"}, ["tripoli", "new-year", "tba"]),
        ({"country": "EL"}, ["tripoli", "new-year"]),
        ({"theme": "awareness"}, ["tripoli"]),
        ({"year": str(NEXT)}, ["visit"]),
        ({"year": str(LAST)}, ["tripoli", "new-year"]),
        ({"year": str(LAST), "type": "study-visit"}, []),
    ],
)
def test_the_event_filters(client, events, params, expected):
    assert event_slugs(client, params) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "1999"}, "year"),
        ({"year": "not-a-year"}, "year"),
        ({"year": "99999999999999999999999"}, "year"),
        ({"type": "<script>"}, "type"),
        ({"country": "XX"}, "country"),
        ({"theme": "no-such-theme"}, "theme"),
    ],
)
def test_an_invalid_event_filter_is_a_400_not_a_500(client, events, params, field):
    data = get_json(client, "/api/v1/events/", params, status=400)
    assert list(data) == [field]
    value = next(iter(params.values()))
    assert data[field] == [f"Select a valid choice. {value} is not one of the available choices."]


def test_an_event_with_its_agenda_documents_participants_and_published_practices(client, events, regions):
    event = events["visit"]
    event.venue = "Cultural centre"
    event.online_url = "https://meet.example.org/visit"
    event.summary = "Two days of visits."
    event.description = "Cooperatives of the region."
    event.save()
    AgendaItem.objects.create(
        event=event, start=utc(NEXT, 6, 3, 8), end=utc(NEXT, 6, 3, 9), title="Welcome", speakers="Mayor", order=0
    )
    AgendaItem.objects.create(event=event, title="Visit to the cooperative", description="By bus.", order=1)
    document = EventDocument.objects.create(
        event=event,
        title="Programme",
        kind=EventDocument.Kind.AGENDA,
        file=SimpleUploadedFile("programme.pdf", b"%PDF" + b"x" * 2044, content_type="application/pdf"),
    )
    Participation.objects.create(event=event, group=StakeholderGroup.OTHER, count=2)
    Participation.objects.create(event=event, group=StakeholderGroup.PUBLIC_AUTHORITIES, count=11)
    shop = GoodPracticeFactory(title="Village shop", slug="village-shop", partner=regions["vrrn"], published=True)
    label = GoodPracticeFactory(title="A label", slug="a-label", partner=regions["vrrn"], published=True)
    draft = GoodPracticeFactory(title="Draft nobody may see", slug="draft", partner=regions["vrrn"])
    EventPractice.objects.create(event=event, practice=shop, relation=EventPractice.Relation.VISITED)
    EventPractice.objects.create(event=event, practice=label, relation=EventPractice.Relation.PRESENTED)
    EventPractice.objects.create(event=event, practice=draft, relation=EventPractice.Relation.PRESENTED)

    response = client.get("/api/v1/events/visit/")
    assert "Draft nobody may see" not in response.content.decode()
    data = response.json()
    updated_at = data.pop("updated_at")
    assert data == {
        "slug": "visit",
        "url": "http://testserver/events/visit/",
        "api_url": "http://testserver/api/v1/events/visit/",
        "title": "Study visit to Extremadura",
        "event_type": {"value": "study-visit", "label": "Study visit"},
        "status": {"value": "confirmed", "label": "Confirmed"},
        "host": {"slug": "vrrn", "name": "Rhine-Neckar Regional Association", "short_name": "VRRN"},
        "country": {"value": "ES", "label": "Spain"},
        "city": "Mérida",
        "venue": "Cultural centre",
        "start": f"{NEXT}-06-03T09:00:00+02:00",
        "end": f"{NEXT}-06-04T15:00:00+02:00",
        "time_zone": "Europe/Madrid",
        "online_url": "https://meet.example.org/visit",
        "summary": "Two days of visits.",
        "themes": [
            {"slug": "access", "label": "Access to procurement and finance"},
            {"slug": "strengthening", "label": "Strengthening social enterprises"},
        ],
        "calendar_url": "http://testserver/events/visit/calendar.ics",
        "is_sample": False,
        "description": "Cooperatives of the region.",
        "agenda": [
            {
                "start": f"{NEXT}-06-03T10:00:00+02:00",
                "end": f"{NEXT}-06-03T11:00:00+02:00",
                "title": "Welcome",
                "speakers": "Mayor",
                "description": "",
            },
            {"start": None, "end": None, "title": "Visit to the cooperative", "speakers": "", "description": "By bus."},
        ],
        "documents": [
            {
                "title": "Programme",
                "kind": {"value": "agenda", "label": "Agenda"},
                "url": f"http://testserver{document.file.url}",
                "size": 2048,
                "file_type": "PDF",
            }
        ],
        "participants": [
            {"group": {"value": "public_authorities", "label": "Public authorities"}, "count": 11},
            {"group": {"value": "other", "label": "Other"}, "count": 2},
        ],
        "practices": [
            {
                "slug": "a-label",
                "title": "A label",
                "relation": {"value": "presented", "label": "Presented"},
                "api_url": "http://testserver/api/v1/practices/a-label/",
            },
            {
                "slug": "village-shop",
                "title": "Village shop",
                "relation": {"value": "visited", "label": "Visited"},
                "api_url": "http://testserver/api/v1/practices/village-shop/",
            },
        ],
    }
    event.refresh_from_db()
    assert datetime.datetime.fromisoformat(updated_at) == event.updated_at
    assert get_json(client, "/api/v1/events/tripoli/")["practices"] == []


def test_an_event_without_a_date_has_no_calendar(client, events):
    data = get_json(client, "/api/v1/events/tba/")
    assert (data["start"], data["end"], data["calendar_url"], data["country"]) == (None, None, None, None)
    assert data["status"] == {"value": "planned", "label": "Planned"}
    assert get_json(client, "/api/v1/events/new-year/")["host"] is None
    listed = {event["slug"]: event["calendar_url"] for event in get_json(client, "/api/v1/events/")["results"]}
    assert listed == {
        "visit": "http://testserver" + reverse("events:event-calendar", args=["visit"]),
        "tripoli": "http://testserver/events/tripoli/calendar.ics",
        "new-year": "http://testserver/events/new-year/calendar.ics",
        "tba": None,
    }
    get_json(client, "/api/v1/events/no-such-event/", status=404)


def test_event_labels_in_german(client, events):
    data = get_json(client, "/api/v1/events/tripoli/", {"lang": "de"})
    assert data["country"] == {"value": "EL", "label": "Griechenland"}
    assert data["themes"] == [{"slug": "awareness", "label": "Aufmerksamkeit für die Sozialwirtschaft"}]
    assert data["status"]["value"] == "held"
    assert data["status"]["label"] != "Held"


def test_the_event_list_makes_as_many_queries_for_five_as_for_one(client, regions):
    def event(n):
        made = EventFactory(host=PartnerFactory(), start=utc(NEXT, 1 + n, 1, 9), end=None)
        made.themes.set([theme("awareness"), theme("access")][: 1 + n % 2])

    event(0)
    few = query_count(client, "/api/v1/events/")
    for n in range(1, 5):
        event(n)
    assert query_count(client, "/api/v1/events/") == few
    assert get_json(client, "/api/v1/events/")["count"] == 5
