"""The event admin: creating a meeting with agenda and documents, marking as held, duplicating, permissions."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import AgendaItem, Event, EventDocument, EventPractice, Participation
from tests.admin import admin_url, grant, inline_management_data
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    PartnerFactory,
    StaffFactory,
    SuperuserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

AGENDA_PDF = b"%PDF-1.4 agenda\n%%EOF\n"

CHANGELIST = admin_url(Event, "changelist")
PAST = datetime.datetime(2025, 3, 4, 8, tzinfo=datetime.UTC)
FUTURE = datetime.datetime(2099, 3, 4, 8, tzinfo=datetime.UTC)


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def run_action(client, action, events):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [e.pk for e in events], "index": "0"})


@pytest.fixture
def staff_client(client, db):
    client.force_login(SuperuserFactory())
    return client


def test_staff_create_a_stakeholder_meeting_with_agenda_and_documents(staff_client):
    event_type = EventTypeFactory()
    host = PartnerFactory(short_name="Peloponnese")
    practice = GoodPracticeFactory(published=True)
    url = admin_url(Event, "add")
    page = staff_client.get(url)
    assert [f.formset.prefix for f in page.context["inline_admin_formsets"]] == [
        "agenda_items",
        "documents",
        "participations",
        "event_practices",
    ]
    data = {
        **inline_management_data(page),
        "title": "First regional stakeholder meeting in Tripoli",
        "slug": "stakeholder-meeting-tripoli-1",
        "event_type": event_type.pk,
        "status": Event.Status.CONFIRMED,
        "host": host.pk,
        "start_0": "2026-05-12",
        "start_1": "10:00:00",
        "end_0": "2026-05-12",
        "end_1": "16:00:00",
        "time_zone": "Europe/Athens",
        "country": "EL",
        "city": "Tripoli",
        "themes": [theme("awareness").pk],
        "agenda_items-TOTAL_FORMS": "2",
        "agenda_items-0-order": "1",
        "agenda_items-0-title": "Welcome",
        "agenda_items-1-order": "2",
        "agenda_items-1-title": "Social procurement in the region",
        "agenda_items-1-speakers": "Managing authority",
        "documents-TOTAL_FORMS": "1",
        "documents-0-title": "Agenda",
        "documents-0-kind": "agenda",
        "documents-0-order": "0",
        "documents-0-file": SimpleUploadedFile(
            "agenda.pdf", b"%PDF-1.4 agenda\n%%EOF\n", content_type="application/pdf"
        ),
        "participations-TOTAL_FORMS": "1",
        "participations-0-group": "social_economy",
        "participations-0-count": "14",
        "event_practices-TOTAL_FORMS": "1",
        "event_practices-0-practice": practice.pk,
        "event_practices-0-relation": "presented",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    event = Event.objects.get(slug="stakeholder-meeting-tripoli-1")
    # Entered in the event's time zone (Europe/Athens, UTC+3 in May).
    assert event.start == datetime.datetime(2026, 5, 12, 7, tzinfo=datetime.UTC)
    assert list(event.agenda_items.values_list("order", "title")) == [
        (1, "Welcome"),
        (2, "Social procurement in the region"),
    ]
    (document,) = event.documents.all()
    assert (document.title, document.kind, document.size) == ("Agenda", "agenda", len(AGENDA_PDF))
    assert list(event.participations.values_list("group", "count")) == [("social_economy", 14)]
    assert list(event.practices.all()) == [practice]
    assert list(event.themes.values_list("slug", flat=True)) == ["awareness"]
    assert event.history.earliest().history_user == response.wsgi_request.user


def test_changelist_shows_local_start_and_participants(staff_client):
    event = EventFactory(start=datetime.datetime(2026, 5, 12, 8, tzinfo=datetime.UTC), time_zone="Europe/Athens")
    Participation.objects.create(event=event, group="social_economy", count=14)
    Participation.objects.create(event=event, group="public_authorities", count=6)
    response = staff_client.get(CHANGELIST)
    (row,) = response.context["cl"].result_list
    model_admin = response.context["cl"].model_admin
    assert model_admin.local_start(row) == "05/12/2026 11 a.m. (Europe/Athens)"
    assert model_admin.participants(row) == 20


@pytest.mark.parametrize(("when", "expected"), [("upcoming", "future"), ("past", "past"), ("unscheduled", "none")])
def test_when_filter(staff_client, when, expected):
    events = {
        "future": EventFactory(start=FUTURE, end=None),
        "past": EventFactory(start=PAST, end=None),
        "none": EventFactory(start=None, end=None, status=Event.Status.PLANNED),
    }
    response = staff_client.get(CHANGELIST, {"when": when})
    assert [row.pk for row in response.context["cl"].result_list] == [events[expected].pk]


# Mark as held


def test_mark_as_held(staff_client):
    past = EventFactory(title="Workshop in Haskovo", start=PAST, end=None)
    response = run_action(staff_client, "mark_as_held", [past])
    assert response.status_code == 302
    assert messages_of(response) == [("success", "Marked 1 event as held.")]
    past.refresh_from_db()
    assert past.status == Event.Status.HELD
    latest = past.history.first()
    assert (latest.status, latest.history_change_reason, latest.history_user) == (
        "held",
        "marked as held",
        response.wsgi_request.user,
    )


def test_mark_as_held_skips_events_that_cannot_have_been_held(staff_client):
    past = EventFactory(start=PAST, end=None)
    future = EventFactory(title="Study visit to Extremadura", start=FUTURE, end=None)
    undated = EventFactory(title="Round table", start=None, end=None, status=Event.Status.PLANNED)
    cancelled = EventFactory(title="Cancelled seminar", start=PAST, end=None, status=Event.Status.CANCELLED)
    held = EventFactory(title="Old meeting", start=PAST, end=None, status=Event.Status.HELD)
    response = run_action(staff_client, "mark_as_held", [past, future, undated, cancelled, held])
    assert sorted(messages_of(response)) == [
        ("success", "Marked 1 event as held."),
        ("warning", "Not marked as held, because they are already marked as held: “Old meeting”."),
        ("warning", "Not marked as held, because they have no start date: “Round table”."),
        ("warning", "Not marked as held, because they have not started yet: “Study visit to Extremadura”."),
        ("warning", "Not marked as held, because they were cancelled: “Cancelled seminar”."),
    ]
    statuses = dict(Event.objects.values_list("pk", "status"))
    assert statuses == {
        past.pk: "held",
        future.pk: "confirmed",
        undated.pk: "planned",
        cancelled.pk: "cancelled",
        held.pk: "held",
    }


# Duplicate


def test_duplicate_an_event(staff_client):
    event = EventFactory(
        title="Regional stakeholder meeting 1", slug="rsm-peloponnese-1", status=Event.Status.HELD, is_sample=True
    )
    event.themes.set([theme("awareness"), theme("access")])
    AgendaItem.objects.create(event=event, order=1, title="Welcome", speakers="Vice-governor")
    AgendaItem.objects.create(event=event, order=2, title="Round of introductions")
    EventDocument.objects.create(
        event=event, title="Minutes", kind="minutes", file=SimpleUploadedFile("minutes.pdf", b"%PDF minutes")
    )
    Participation.objects.create(event=event, group="social_economy", count=14)
    EventPractice.objects.create(event=event, practice=GoodPracticeFactory(published=True))

    response = run_action(staff_client, "duplicate", [event])

    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302
    assert response["Location"] == admin_url(Event, "change", copy.pk)
    assert messages_of(response) == [
        (
            "success",
            "Created 1 copy as a planned event with the same agenda items and themes, without documents, "
            "participation or related practices: “Regional stakeholder meeting 1 (copy)” (rsm-peloponnese-1-copy). "
            "Check its dates and title.",
        )
    ]
    assert (copy.title, copy.slug, copy.status) == (
        "Regional stakeholder meeting 1 (copy)",
        "rsm-peloponnese-1-copy",
        Event.Status.PLANNED,
    )
    assert (copy.event_type, copy.host, copy.city, copy.start, copy.time_zone, copy.is_sample) == (
        event.event_type,
        event.host,
        event.city,
        event.start,
        event.time_zone,
        True,
    )
    assert set(copy.themes.values_list("slug", flat=True)) == {"awareness", "access"}
    assert list(copy.agenda_items.values_list("order", "title", "speakers")) == [
        (1, "Welcome", "Vice-governor"),
        (2, "Round of introductions", ""),
    ]
    assert (copy.documents.count(), copy.participations.count(), copy.event_practices.count()) == (0, 0, 0)
    # The original is untouched.
    event.refresh_from_db()
    assert (event.status, event.agenda_items.count(), event.documents.count()) == ("held", 2, 1)


def test_duplicating_twice_gives_unique_slugs(staff_client):
    first = EventFactory(slug="seminar-bucharest")
    second = EventFactory(slug="seminar-brussels")
    response = run_action(staff_client, "duplicate", [first, second])
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    run_action(staff_client, "duplicate", [first])
    copy = Event.objects.get(slug="seminar-bucharest-copy")
    run_action(staff_client, "duplicate", [copy])
    assert sorted(Event.objects.values_list("slug", flat=True)) == [
        "seminar-brussels",
        "seminar-brussels-copy",
        "seminar-bucharest",
        "seminar-bucharest-copy",
        "seminar-bucharest-copy-2",
        "seminar-bucharest-copy-3",
    ]


def test_a_long_title_is_shortened_for_the_copy(staff_client):
    event = EventFactory(title="x" * 200, slug="y" * 200)
    run_action(staff_client, "duplicate", [event])
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.title == "x" * 193 + " (copy)"
    assert copy.slug == "y" * 191 + "-copy"


# Permissions


@pytest.fixture
def viewer_client(client, db):
    client.force_login(grant(StaffFactory(), "events.view_event"))
    return client


def test_staff_with_view_permission_cannot_change_an_event(viewer_client):
    event = EventFactory(title="Policy round table", start=PAST, end=None)
    AgendaItem.objects.create(event=event, title="Opening")
    url = admin_url(Event, "change", event.pk)
    page = viewer_client.get(url)
    assert page.status_code == 200
    assert (page.context["has_change_permission"], page.context["has_add_permission"]) == (False, False)
    agenda = next(f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "agenda_items")
    assert (agenda.has_add_permission, agenda.has_change_permission, agenda.has_delete_permission) == (
        False,
        False,
        False,
    )
    response = viewer_client.post(url, {"title": "Renamed", "slug": event.slug, "status": "cancelled"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert (event.title, event.status) == ("Policy round table", "confirmed")


def test_staff_with_view_permission_have_no_event_actions(viewer_client):
    event = EventFactory(start=PAST, end=None)
    changelist = viewer_client.get(CHANGELIST)
    assert changelist.status_code == 200
    assert changelist.context["action_form"] is None
    run_action(viewer_client, "mark_as_held", [event])
    run_action(viewer_client, "duplicate", [event])
    event.refresh_from_db()
    assert event.status == "confirmed"
    assert Event.objects.count() == 1
    assert viewer_client.get(admin_url(Event, "add")).status_code == 403
    assert viewer_client.post(admin_url(Event, "delete", event.pk), {"post": "yes"}).status_code == 403


def test_staff_who_may_change_but_not_add_can_mark_as_held_but_not_duplicate(client):
    client.force_login(grant(StaffFactory(), "events.view_event", "events.change_event"))
    event = EventFactory(start=PAST, end=None)
    changelist = client.get(CHANGELIST)
    assert [name for name, _ in changelist.context["action_form"].fields["action"].choices] == ["", "mark_as_held"]
    response = run_action(client, "duplicate", [event])
    assert messages_of(response) == [("warning", "No action selected.")]
    assert Event.objects.count() == 1
    run_action(client, "mark_as_held", [event])
    event.refresh_from_db()
    assert event.status == "held"
