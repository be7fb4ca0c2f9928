"""One rule for an upcoming event, on every page that sorts events: it is upcoming until it ends."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory, PartnerFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    """An event held yesterday, one running now, one next week; all hosted by one partner."""
    host = PartnerFactory()
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    return {
        "ended": EventFactory(title="Ended yesterday", host=host, start=now - 26 * hour, end=now - 20 * hour),
        "running": EventFactory(title="Running now", host=host, start=now - 2 * hour, end=now + 3 * hour),
        "next": EventFactory(title="Next week", host=host, start=now + 7 * 24 * hour, end=None),
    }


def titles_in(html, first, last):
    """The titles of `events` that appear between the texts `first` and `last` of the page."""
    part = html[html.index(first) : html.index(last, html.index(first))]
    return [title for title in ("Ended yesterday", "Running now", "Next week") if title in part]


def test_the_queryset(events):
    assert list(Event.objects.upcoming()) == [events["running"], events["next"]]
    assert list(Event.objects.past()) == [events["ended"]]


def test_the_home_page(client, events):
    html = client.get("/").content.decode()
    assert titles_in(html, 'id="events-heading"', "</section>") == ["Running now", "Next week"]


def test_the_event_list(client, events):
    listed = client.get(reverse("events:event-list")).context["events"]
    groups = {event.title: event.schedule_group for event in listed}
    assert groups == {
        "Ended yesterday": Event.Schedule.PAST,
        "Running now": Event.Schedule.UPCOMING,
        "Next week": Event.Schedule.UPCOMING,
    }


def test_the_region_page(client, events):
    region = events["running"].host.region
    response = client.get(region.get_absolute_url())
    assert list(response.context["upcoming_events"]) == [events["running"], events["next"]]
    assert list(response.context["past_events"]) == [events["ended"]]


@pytest.mark.parametrize(
    ("when", "expected"), [("upcoming", ["Next week", "Running now"]), ("past", ["Ended yesterday"])]
)
def test_the_admin_filter(client, events, when, expected):
    client.force_login(SuperuserFactory())
    response = client.get(reverse("admin:events_event_changelist"), {"when": when})
    assert sorted(event.title for event in response.context["cl"].result_list) == expected
