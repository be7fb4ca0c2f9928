"""The project's progress against the targets of its brochure, as shown on the home page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """How many events were held against a target."""

    held: int
    target: int


@dataclass(frozen=True)
class TypeProgress:
    """The progress of one event type: overall and, for a target per country, per partner country."""

    event_type: object  # events.models.EventType
    overall: Progress
    by_country: list[tuple[str, Progress]]  # (country name, progress), empty unless the target is per country
