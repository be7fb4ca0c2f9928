import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from events.models import Event, Participation, StakeholderGroup
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_an_event_cannot_end_before_it_starts():
    event = EventFactory.build(
        event_type=EventFactory().event_type,
        start=datetime.datetime(2026, 5, 12, 10, tzinfo=UTC),
        end=datetime.datetime(2026, 5, 12, 9, tzinfo=UTC),
        host=None,
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.messages == ["The end must be after the start."]


@pytest.mark.parametrize("status", [Event.Status.CONFIRMED, Event.Status.HELD])
def test_a_confirmed_or_held_event_needs_a_start(status):
    with pytest.raises(IntegrityError):
        EventFactory(status=status, start=None, end=None)


@pytest.mark.parametrize("status", [Event.Status.PLANNED, Event.Status.CANCELLED])
def test_a_planned_or_cancelled_event_may_have_no_date_yet(status):
    assert EventFactory(status=status, start=None, end=None).start is None


def test_time_zone_must_be_a_real_one():
    event = EventFactory.build(event_type=EventFactory().event_type, host=None, time_zone="Europe/Atlantis")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["time_zone"] == ["“Europe/Atlantis” is not a time zone name such as Europe/Sofia."]


def test_local_times_are_in_the_events_time_zone():
    event = EventFactory(start=datetime.datetime(2026, 5, 12, 7, tzinfo=UTC), time_zone="Europe/Athens")
    assert event.local_start.hour == 10
    assert event.local_start.tzname() == "EEST"


def test_one_participation_count_per_stakeholder_group():
    event = EventFactory(status=Event.Status.HELD)
    Participation.objects.create(event=event, group=StakeholderGroup.SOCIAL_ECONOMY, count=12)
    with pytest.raises(IntegrityError):
        Participation.objects.create(event=event, group=StakeholderGroup.SOCIAL_ECONOMY, count=3)


def test_an_event_is_upcoming_until_it_ends():
    now = timezone.now()
    past = EventFactory(start=now - datetime.timedelta(days=3), end=now - datetime.timedelta(days=2))
    running = EventFactory(start=now - datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=2))
    soon = EventFactory(start=now + datetime.timedelta(days=3), end=None)
    later = EventFactory(start=now + datetime.timedelta(days=30), end=None)
    cancelled = EventFactory(start=now + datetime.timedelta(days=5), end=None, status=Event.Status.CANCELLED)
    EventFactory(start=None, end=None, status=Event.Status.PLANNED)
    assert list(Event.objects.upcoming()) == [running, soon, cancelled, later]
    assert list(Event.objects.upcoming().not_cancelled()) == [running, soon, later]
    assert list(Event.objects.past()) == [past]
