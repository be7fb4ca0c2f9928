"""The iCalendar export: one event, the feed of all events and the feeds per type, parsed back."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from events.calendar import CalendarContext, build_calendar
from events.models import Event
from tests.factories import EventFactory, EventTypeFactory, PartnerFactory, theme

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NEXT = timezone.now().year + 1
SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")


def utc(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def content_lines(response):
    """The raw lines: CRLF-terminated, none longer than 75 octets (RFC 5545, 3.1)."""
    raw = response.content
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, line
        line.decode()  # folding never splits a UTF-8 character
    return [line.decode() for line in lines]


def unfolded(response):
    return response.content.decode().replace("\r\n ", "").split("\r\n")[:-1]


@pytest.fixture
def workshop(db):
    event = EventFactory(
        title="Interregional workshop on visibility",
        slug="interregional-workshop",
        event_type=EventTypeFactory(slug="interregional-workshop", name="Interregional workshop", target=1),
        host=PartnerFactory(name="Haskovo Municipality"),
        country="BG",
        city="Haskovo",
        venue="Cultural centre",
        start=utc(NEXT, 3, 10, 8),
        end=utc(NEXT, 3, 10, 14),
        time_zone="Europe/Sofia",
        summary="How consumers find social enterprises.",
        description="Two sessions; one visit.\nBring your questions, please.",
    )
    event.themes.set([theme("awareness")])
    return event


def test_one_event_as_an_ics_file(client, workshop):
    response = client.get("/events/interregional-workshop/calendar.ics")
    calendar = parse(response)
    assert response["Content-Disposition"] == 'attachment; filename="interregional-workshop.ics"'
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//SECON//Good-practice portal//EN"
    [event] = calendar.events
    assert event["UID"] == f"event-{workshop.pk}@testserver"
    assert event["SUMMARY"] == "Interregional workshop on visibility"
    assert event["DESCRIPTION"] == (
        "How consumers find social enterprises.\n\nTwo sessions; one visit.\nBring your questions, please."
    )
    assert event["LOCATION"] == "Cultural centre, Haskovo, Bulgaria"
    assert event["URL"] == "http://testserver/events/interregional-workshop/"
    assert event["STATUS"] == "CONFIRMED"
    assert event.categories == ["Interregional workshop"]
    # Start and end in the event's own time zone, with its VTIMEZONE.
    assert event.start == datetime.datetime(NEXT, 3, 10, 10, tzinfo=SOFIA)
    assert event.end == datetime.datetime(NEXT, 3, 10, 16, tzinfo=SOFIA)
    assert event.start.tzname() == "EET"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Sofia"]
    assert calendar.get_missing_tzids() == set()
    # DTSTAMP and LAST-MODIFIED: the last change, in UTC.
    workshop.refresh_from_db()
    assert workshop.updated_at.replace(microsecond=0) == event.DTSTAMP
    assert event.DTSTAMP.utcoffset() == datetime.timedelta(0)
    assert event.last_modified == workshop.updated_at.replace(microsecond=0)
    lines = unfolded(response)
    assert f"DTSTART;TZID=Europe/Sofia:{NEXT}0310T100000" in lines
    assert f"DTEND;TZID=Europe/Sofia:{NEXT}0310T160000" in lines
    assert f"DTSTAMP:{workshop.updated_at:%Y%m%dT%H%M%S}Z" in lines
    assert "LOCATION;LANGUAGE=en:Cultural centre\\, Haskovo\\, Bulgaria" in lines
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1
    assert lines.index("END:VTIMEZONE") < lines.index("BEGIN:VEVENT")
    content_lines(response)


def test_long_and_non_ascii_texts_are_folded(client, workshop):
    workshop.title = "Περιφερειακή συνάντηση των ενδιαφερομένων φορέων για την κοινωνική οικονομία " * 2
    workshop.save()
    response = client.get("/events/interregional-workshop/calendar.ics")
    lines = content_lines(response)
    assert any(line.startswith(" ") for line in lines)  # continuation lines
    assert parse(response).events[0]["SUMMARY"] == workshop.title


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Event.Status.PLANNED, "TENTATIVE"),
        (Event.Status.CONFIRMED, "CONFIRMED"),
        (Event.Status.HELD, "CONFIRMED"),
        (Event.Status.CANCELLED, "CANCELLED"),
    ],
)
def test_status(client, workshop, status, expected):
    workshop.status = status
    workshop.save()
    [event] = parse(client.get("/events/interregional-workshop/calendar.ics")).events
    assert event["STATUS"] == expected


def test_online_event_without_end(client, db):
    event = EventFactory(
        slug="webinar",
        title="Webinar",
        country="",
        city="",
        online_url="https://meet.example.org/secon",
        start=utc(NEXT, 7, 1, 12),
        end=None,
        time_zone="Europe/Lisbon",
        summary="",
    )
    response = client.get("/events/webinar/calendar.ics")
    [vevent] = parse(response).events
    assert vevent["LOCATION"] == "https://meet.example.org/secon"
    assert vevent["DESCRIPTION"] == "Online: https://meet.example.org/secon"
    assert "DTEND" not in vevent
    assert vevent.start == datetime.datetime(NEXT, 7, 1, 13, tzinfo=LISBON)  # summer time, +01:00
    assert f"DTSTART;TZID=Europe/Lisbon:{NEXT}0701T130000" in unfolded(response)
    assert vevent["UID"] == f"event-{event.pk}@testserver"


def test_the_uid_does_not_change_with_the_slug_or_the_port(client, workshop):
    first = parse(client.get("/events/interregional-workshop/calendar.ics")).events[0]["UID"]
    workshop.slug = "workshop-haskovo"
    workshop.save()
    second = parse(client.get("/events/workshop-haskovo/calendar.ics", HTTP_HOST="testserver:8000")).events[0]
    assert second["UID"] == first
    assert second["URL"] == "http://testserver:8000/events/workshop-haskovo/"


def test_an_event_without_a_date_has_no_ics(client, db):
    EventFactory(slug="undated", start=None, end=None, status=Event.Status.PLANNED)
    assert client.get("/events/undated/calendar.ics").status_code == 404
    assert client.get("/events/no-such-event/calendar.ics").status_code == 404


def test_feed_of_all_events(client, workshop):
    held = EventFactory(
        slug="held",
        title="Held meeting",
        start=utc(NEXT - 2, 5, 12, 7),
        end=None,
        time_zone="Europe/Athens",
        status=Event.Status.HELD,
    )
    cancelled = EventFactory(slug="cancelled", start=utc(NEXT, 4, 1, 8), end=None, status=Event.Status.CANCELLED)
    EventFactory(slug="undated", start=None, end=None, status=Event.Status.PLANNED)
    response = client.get("/events/calendar.ics")
    assert "Content-Disposition" not in response
    calendar = parse(response)
    assert calendar.calendar_name == "SECON events"
    assert calendar.refresh_interval == datetime.timedelta(hours=12)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in unfolded(response)
    assert calendar["UID"] == "events@testserver"
    # Events with a date, cancelled ones too (so that subscribed calendars drop them), by start.
    assert [(e["UID"], e["STATUS"]) for e in calendar.events] == [
        (f"event-{held.pk}@testserver", "CONFIRMED"),
        (f"event-{workshop.pk}@testserver", "CONFIRMED"),
        (f"event-{cancelled.pk}@testserver", "CANCELLED"),
    ]
    assert sorted(tz.tz_name for tz in calendar.timezones) == ["Europe/Athens", "Europe/Sofia"]
    assert calendar.get_missing_tzids() == set()
    assert calendar.events[0].start == datetime.datetime(NEXT - 2, 5, 12, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Athens"))
    content_lines(response)


def test_feed_per_type(client, workshop):
    EventFactory(slug="meeting", title="Stakeholder meeting")
    calendar = parse(client.get("/events/types/interregional-workshop/calendar.ics"))
    assert calendar.calendar_name == "SECON events: Interregional workshop"
    assert [e["SUMMARY"] for e in calendar.events] == ["Interregional workshop on visibility"]
    assert calendar["UID"] == "events-interregional-workshop@testserver"
    meetings = parse(client.get("/events/types/regional-stakeholder-meeting/calendar.ics"))
    assert [e["SUMMARY"] for e in meetings.events] == ["Stakeholder meeting"]
    assert client.get("/events/types/no-such-type/calendar.ics").status_code == 404


def test_empty_feed_is_still_a_valid_calendar(client, db):
    calendar = parse(client.get("/events/calendar.ics"))
    assert calendar.events == []
    assert calendar.timezones == []


def test_feed_in_german_links_the_german_pages(client, workshop):
    [event] = parse(client.get("/de/events/calendar.ics")).events
    assert event["URL"] == "http://testserver/de/events/interregional-workshop/"


def test_feed_query_count_does_not_grow(client, workshop, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/events/calendar.ics")
    with django_assert_num_queries(2):
        client.get("/events/types/interregional-workshop/calendar.ics")
    for n in range(20):
        EventFactory(start=utc(NEXT, 1, 1, 8) + datetime.timedelta(days=n), time_zone="Europe/Riga", end=None)
    with django_assert_num_queries(1):
        calendar = parse(client.get("/events/calendar.ics"))
    assert len(calendar.events) == 21


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        # The clocks change at 01:00 UTC in the EU: the onset is the local time before the change.
        ("Europe/Athens", "20260329T030000", "20261025T040000"),
        ("Europe/Riga", "20260329T030000", "20261025T040000"),
        ("Europe/Sofia", "20260329T030000", "20261025T040000"),
        ("Europe/Lisbon", "20260329T010000", "20261025T020000"),
    ],
)
def test_time_zone_changes_start_at_the_local_time_before_the_change(rf, zone, spring, autumn):
    """RFC 5545 3.6.5: a DAYLIGHT or STANDARD observance starts at its DTSTART read in TZOFFSETFROM."""
    tz = zoneinfo.ZoneInfo(zone)
    events = [
        EventFactory(
            slug=slug,
            time_zone=zone,
            start=datetime.datetime(2026, month, day, 10, tzinfo=tz),
            end=datetime.datetime(2026, month, day, 16, tzinfo=tz),
        )
        for slug, month, day in (("spring", 3, 28), ("autumn", 10, 26))
    ]
    calendar = build_calendar(events, CalendarContext(rf.get("/")), name="Test", uid="test")

    [vtimezone] = calendar.walk("VTIMEZONE")
    onsets = {
        observance.name: [
            observance.DTSTART,
            *(value.dt for value in observance.get("RDATE", icalendar.vDDDLists([])).dts),
        ]
        for observance in vtimezone.subcomponents
        if observance.TZOFFSETFROM != observance.TZOFFSETTO
    }
    assert onsets == {
        "DAYLIGHT": [datetime.datetime.strptime(spring, "%Y%m%dT%H%M%S")],
        "STANDARD": [datetime.datetime.strptime(autumn, "%Y%m%dT%H%M%S")],
    }
    for observance in vtimezone.subcomponents:  # the onset read in TZOFFSETFROM is the instant of the change
        if observance.TZOFFSETFROM != observance.TZOFFSETTO:
            instant = (observance.DTSTART - observance.TZOFFSETFROM).replace(tzinfo=datetime.UTC)
            assert instant.astimezone(tz).utcoffset() == observance.TZOFFSETTO
            assert (instant - datetime.timedelta(seconds=1)).astimezone(tz).utcoffset() == observance.TZOFFSETFROM


@pytest.mark.parametrize("prefix", ["", "/de", "/el"])
def test_the_event_is_written_in_its_own_language_from_any_page(client, workshop, prefix):
    """Staff write events in English: the labels around the texts are English too, and the texts say so."""
    response = client.get(f"{prefix}/events/interregional-workshop/calendar.ics")
    [event] = parse(response).events
    assert event.categories == ["Interregional workshop"]
    assert event["LOCATION"] == "Cultural centre, Haskovo, Bulgaria"
    assert event["URL"] == f"http://testserver{prefix}/events/interregional-workshop/"
    lines = unfolded(response)
    assert "SUMMARY;LANGUAGE=en:Interregional workshop on visibility" in lines
    assert "LOCATION;LANGUAGE=en:Cultural centre\\, Haskovo\\, Bulgaria" in lines
    assert any(line.startswith("DESCRIPTION;LANGUAGE=en:How consumers find") for line in lines)
