"""The project's progress against the targets of its brochure, as the home page and the Impact page show it.

Counted by EventTypeQuerySet.with_progress() (one query) and EventType.progress(): for each event type with a
target, its events held, still planned (planned or confirmed) and cancelled, overall and per country.
"""

import functools
from collections import Counter
from dataclasses import dataclass

# The statuses that count as still to come: planned, or confirmed and not held yet (events.models.Event.Status).
PLANNED_STATUSES = ("planned", "confirmed")


@dataclass(frozen=True)
class Progress:
    """How many events were held, are still planned and were cancelled, against a target (None: no target)."""

    held: int
    target: int | None
    planned: int = 0  # planned or confirmed, not held yet
    cancelled: int = 0

    def __add__(self, other):
        target = None if self.target is None and other.target is None else (self.target or 0) + (other.target or 0)
        return Progress(self.held + other.held, target, self.planned + other.planned, self.cancelled + other.cancelled)


@dataclass(frozen=True)
class CountryProgress:
    """The progress of one event type in one country (code "" when the events give none)."""

    code: str
    name: str
    progress: Progress


@dataclass(frozen=True)
class TypeProgress:
    """The progress of one event type: overall and per country.

    With a target per partner country (7 stakeholder meetings in each), `by_country` holds every partner country,
    each against that target, and only events in partner countries count. Otherwise it holds the countries where
    the brochure plans the activities (the workshop in Bulgaria, the seminars in Romania and Belgium...), each
    against the number planned there, and any other country where an event of the type is recorded (no target).
    """

    event_type: object  # events.models.EventType
    overall: Progress
    by_country: list[CountryProgress]

    @property
    def per_partner_country(self):
        return self.event_type.target_per_country


@functools.cache
def brochure_plan():
    """{event type slug: Counter({country code: activities planned there})}, from the activities the brochure plans
    (events/reference_data.py): where it ties a type to countries, that is the target of each country."""
    from events.reference_data import planned_events  # the plan is reference data; imported when first needed

    plan = {}
    for planned in planned_events():
        plan.setdefault(planned.event_type, Counter())[planned.country] += 1
    return plan
