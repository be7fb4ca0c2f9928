"""An event's times are typed and shown in the event's own time zone: the admin, the pages and the .ics.

The trial's case: 10:00-15:00 typed for an event in Europe/Athens came out as 11:00-16:00, read in the
server's zone. Europe's clocks change on the last Sunday of March: 2026-03-29. Athens, Riga and Sofia
are UTC+2 in winter and UTC+3 in summer; Lisbon is UTC+0 and UTC+1.
"""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from events.models import AgendaItem, Event
from tests.factories import EventTypeFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

ZONES = ["Europe/Athens", "Europe/Riga", "Europe/Lisbon", "Europe/Sofia"]
WINTER, SUMMER = datetime.date(2026, 3, 27), datetime.date(2026, 3, 30)  # either side of the change
UTC_OFFSET = {  # hours east of UTC on those days
    ("Europe/Athens", WINTER): 2,
    ("Europe/Athens", SUMMER): 3,
    ("Europe/Riga", WINTER): 2,
    ("Europe/Riga", SUMMER): 3,
    ("Europe/Sofia", WINTER): 2,
    ("Europe/Sofia", SUMMER): 3,
    ("Europe/Lisbon", WINTER): 0,
    ("Europe/Lisbon", SUMMER): 1,
}


def management(prefix, total=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def add_event(client, zone, day, **extra):
    """Staff type 10:00-15:00 and an agenda item at 11:30-12:00 on `day`, for an event in `zone`."""
    data = {
        "title": f"Stakeholder meeting in {zone}",
        "slug": "meeting",
        "event_type": EventTypeFactory().pk,
        "status": Event.Status.CONFIRMED,
        "time_zone": zone,
        "start_0": day.isoformat(),
        "start_1": "10:00",
        "end_0": day.isoformat(),
        "end_1": "15:00",
        **management("agenda_items", 1),
        "agenda_items-0-order": "0",
        "agenda_items-0-title": "Presentation of the practices",
        "agenda_items-0-start_0": day.isoformat(),
        "agenda_items-0-start_1": "11:30",
        "agenda_items-0-end_0": day.isoformat(),
        "agenda_items-0-end_1": "12:00",
        **management("documents"),
        **management("participations"),
        **management("event_practices"),
        **extra,
    }
    return client.post(reverse("admin:events_event_add"), data)


@pytest.fixture
def staff_client(client):
    client.force_login(SuperuserFactory())
    return client


@pytest.mark.parametrize("day", [WINTER, SUMMER], ids=["winter", "summer"])
@pytest.mark.parametrize("zone", ZONES)
def test_times_typed_in_the_admin_are_the_events_local_times(staff_client, zone, day):
    response = add_event(staff_client, zone, day)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    offset = datetime.timedelta(hours=UTC_OFFSET[zone, day])
    ten_local = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC) - offset
    assert (event.start, event.end) == (ten_local, ten_local + datetime.timedelta(hours=5))
    item = AgendaItem.objects.get()
    assert item.start == ten_local + datetime.timedelta(minutes=90)
    local = zoneinfo.ZoneInfo(zone)
    assert (event.start.astimezone(local).time(), item.end.astimezone(local).time()) == (
        datetime.time(10),
        datetime.time(12),
    )

    # The change page shows them as they were typed.
    page = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    html = page.content.decode()
    assert 'name="start_1" value="10:00:00"' in html
    assert 'name="end_1" value="15:00:00"' in html
    assert 'name="agenda_items-0-start_1" value="11:30:00"' in html

    # The public page and its agenda.
    public = staff_client.get(event.get_absolute_url()).content.decode()
    assert f">{day:%B} {day.day}, {day.year}, 10 a.m.</time> – <time" in public
    assert ">3 p.m.</time>" in public
    assert ">11:30 a.m.</time>" in public
    assert zone in public  # the zone is named

    # The .ics: local times with the zone's TZID, and the zone's definition.
    ics = staff_client.get(reverse("events:event-calendar", args=[event.slug])).content.decode()
    assert f"DTSTART;TZID={zone}:{day:%Y%m%d}T100000" in ics
    assert f"DTEND;TZID={zone}:{day:%Y%m%d}T150000" in ics
    assert f"BEGIN:VTIMEZONE\r\nTZID:{zone}" in ics


def test_changing_the_time_zone_reads_the_times_in_the_new_one(staff_client):
    add_event(staff_client, "Europe/Lisbon", SUMMER)
    event = Event.objects.get()
    url = reverse("admin:events_event_change", args=[event.pk])
    page = staff_client.get(url)
    data = {
        "title": event.title,
        "slug": event.slug,
        "event_type": event.event_type_id,
        "status": event.status,
        "time_zone": "Europe/Sofia",
        "start_0": SUMMER.isoformat(),
        "start_1": "10:00",
        "end_0": SUMMER.isoformat(),
        "end_1": "15:00",
        **{key: value for key, value in page.context["adminform"].form.initial.items() if key in ("country",)},
        **management("agenda_items"),
        **management("documents"),
        **management("participations"),
        **management("event_practices"),
    }
    assert staff_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.start == datetime.datetime(2026, 3, 30, 7, tzinfo=datetime.UTC)  # 10:00 in Sofia, summer time


def test_a_time_that_does_not_exist_on_the_day_the_clocks_go_forward_is_refused(staff_client):
    """On 2026-03-29 the clocks in Athens jump from 03:00 to 04:00: 03:30 never happens there."""
    response = add_event(
        staff_client, "Europe/Athens", datetime.date(2026, 3, 29), start_1="03:30", **{"agenda_items-TOTAL_FORMS": "0"}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["start"] == [
        "2026-03-29 03:30:00 couldn’t be interpreted in time zone Europe/Athens; it may be ambiguous or it may not "
        "exist."
    ]
    assert not Event.objects.exists()


def test_the_list_in_the_admin_shows_local_times(staff_client):
    add_event(staff_client, "Europe/Riga", WINTER)
    html = staff_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "03/27/2026 10 a.m. (Europe/Riga)" in html
