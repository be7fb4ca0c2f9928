"""The event types, and the upcoming, past, cancelled and undated events the events' pages show."""

from types import SimpleNamespace

import pytest

from events.models import Event
from tests.events.helpers import (
    LAST,
    NEXT,
    utc,
)
from tests.factories import EventFactory, EventTypeFactory, PartnerFactory, RegionFactory, theme


@pytest.fixture
def types(db):
    return SimpleNamespace(
        meeting=EventTypeFactory(),
        workshop=EventTypeFactory(slug="interregional-workshop", name="Interregional workshop", target=1, order=2),
        visit=EventTypeFactory(slug="study-visit", name="Study visit", target=2, target_per_country=False, order=4),
    )


@pytest.fixture
def events(types):
    """Upcoming (one cancelled), past (one online only) and undated events in five time zones."""
    haskovo = PartnerFactory(name="Haskovo Municipality", region=RegionFactory(code="BG422", country="BG"))
    workshop = EventFactory(
        title="Interregional workshop on visibility",
        slug="interregional-workshop",
        event_type=types.workshop,
        host=haskovo,
        country="BG",
        city="Haskovo",
        start=utc(NEXT, 3, 10, 8),
        end=utc(NEXT, 3, 10, 14),
        time_zone="Europe/Sofia",
        is_sample=True,
    )
    workshop.themes.set([theme("awareness")])
    visit = EventFactory(
        title="Study visit to Extremadura",
        slug="study-visit-extremadura",
        event_type=types.visit,
        country="ES",
        city="Mérida",
        start=utc(NEXT, 6, 3, 7),
        end=utc(NEXT, 6, 4, 13),
        time_zone="Europe/Madrid",
        status=Event.Status.PLANNED,
    )
    visit.themes.set([theme("strengthening"), theme("access")])
    cancelled = EventFactory(
        title="Meeting in Portugal",
        slug="meeting-portugal",
        country="PT",
        city="Oliveira de Azeméis",
        start=utc(NEXT, 4, 20, 8),
        end=None,
        time_zone="Europe/Lisbon",
        status=Event.Status.CANCELLED,
    )
    held = EventFactory(
        title="Meeting in Tripoli",
        slug="meeting-tripoli",
        country="EL",
        city="Tripoli",
        start=utc(LAST, 5, 12, 7),
        end=utc(LAST, 5, 12, 12),
        time_zone="Europe/Athens",
        status=Event.Status.HELD,
    )
    held.themes.set([theme("access")])
    online = EventFactory(
        title="Online meeting",
        slug="online-meeting",
        country="",
        city="",
        online_url="https://meet.example.org/secon",
        start=utc(LAST, 11, 3, 9),
        end=utc(LAST, 11, 3, 10, 30),
        time_zone="Europe/Brussels",
        status=Event.Status.HELD,
    )
    undated = EventFactory(
        title="Regional stakeholder meeting 3 in Latvia",
        slug="stakeholder-meeting-lv-3",
        country="LV",
        city="",
        start=None,
        end=None,
        time_zone="Europe/Riga",
        status=Event.Status.PLANNED,
    )
    return SimpleNamespace(
        workshop=workshop, visit=visit, cancelled=cancelled, held=held, online=online, undated=undated
    )
