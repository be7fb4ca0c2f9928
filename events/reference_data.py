"""The kinds of project activity with the brochure's targets, and the activities it plans.

Loaded by `manage.py load_reference_data`. Event type names and descriptions are stored in
English and translated on display (EventType.label); gettext_noop marks them for makemessages.

The planned activities become events with status "planned" and no date. They are created once,
by slug: later runs create only the missing ones and never touch an existing event, so what the
project staff fill in (dates, venue, host, agenda) stays. To drop a planned activity, set its
status to "cancelled" rather than deleting it, or it is created again on the next run.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from regions.countries import Country
from regions.reference_data import PARTNERS, partner_countries


@dataclass(frozen=True)
class EventTypeData:
    slug: str
    name: str
    description: str
    target: int | None = None
    target_per_country: bool = False


EVENT_TYPES = (
    EventTypeData(
        "regional-stakeholder-meeting",
        gettext_noop("Regional stakeholder meeting"),
        gettext_noop(
            "Meetings of the regional stakeholder group, to engage everyone with an interest in the social economy."
        ),
        target=7,
        target_per_country=True,
    ),
    EventTypeData(
        "interregional-workshop",
        gettext_noop("Interregional workshop"),
        gettext_noop(
            "A workshop of all partners on the visibility of social-economy enterprises to individual and "
            "institutional consumers."
        ),
        target=1,
    ),
    EventTypeData(
        "thematic-seminar",
        gettext_noop("Thematic seminar"),
        gettext_noop("A seminar on one aspect of the policy framework for the social economy."),
        target=2,
    ),
    EventTypeData(
        "study-visit",
        gettext_noop("Study visit"),
        gettext_noop(
            "Visits to social-economy organisations and initiatives, for first-hand experience of another region."
        ),
        target=2,
    ),
    EventTypeData(
        "policy-round-table",
        gettext_noop("Policy round table"),
        gettext_noop("Experts, policy-makers and stakeholders discuss key policy questions in depth."),
        target=1,
    ),
    EventTypeData(
        "other",
        gettext_noop("Other event"),
        gettext_noop("Any other project event or activity."),
    ),
)

# The local time zone of each partner country, for the events held there.
TIME_ZONES = {
    "EL": "Europe/Athens",
    "DE": "Europe/Berlin",
    "BE": "Europe/Brussels",
    "RO": "Europe/Bucharest",
    "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon",
    "LV": "Europe/Riga",
    "ES": "Europe/Madrid",
    "BG": "Europe/Sofia",
}

MEETINGS_PER_COUNTRY = 7


@dataclass(frozen=True)
class PlannedEvent:
    slug: str
    title: str
    event_type: str  # slug of an EVENT_TYPES entry
    country: str
    summary: str
    themes: tuple[str, ...] = field(default=())

    @property
    def host(self):
        """The slug of the host partner: the partner of the country, if it has exactly one."""
        partners = [partner.slug for partner in PARTNERS if partner.country == self.country]
        return partners[0] if len(partners) == 1 else None

    @property
    def time_zone(self):
        return TIME_ZONES[self.country]


def country_name(code):
    """The English name of a NUTS country code (called with English active)."""
    return str(Country(code).label)


def planned_events():
    """The activities the brochure plans, as events to create. Call it with English active."""
    events = [
        PlannedEvent(
            slug=f"stakeholder-meeting-{country.lower()}-{number}",
            title=f"Regional stakeholder meeting {number} in {country_name(country)}",
            event_type="regional-stakeholder-meeting",
            country=country,
            summary=(
                f"Meeting {number} of {MEETINGS_PER_COUNTRY} of the regional stakeholder group in "
                f"{country_name(country)}, to strengthen the engagement of everyone with an interest "
                "in the social economy."
            ),
        )
        for country in partner_countries()
        for number in range(1, MEETINGS_PER_COUNTRY + 1)
    ]
    events += [
        PlannedEvent(
            slug="interregional-workshop-bg",
            title="Interregional workshop in Bulgaria: visibility of the social economy to consumers",
            event_type="interregional-workshop",
            country="BG",
            summary=(
                "How to make social-economy enterprises more visible to, and consciously chosen by, individual "
                "and institutional consumers."
            ),
            themes=("awareness",),
        ),
        PlannedEvent(
            slug="thematic-seminar-ro",
            title="Thematic seminar in Romania: an enabling environment for the social economy",
            event_type="thematic-seminar",
            country="RO",
            summary=(
                "An enabling environment for the regional social-economy sector, including non-financial "
                "support measures."
            ),
            themes=("strengthening",),
        ),
        PlannedEvent(
            slug="thematic-seminar-be",
            title="Thematic seminar in Belgium: the regional financial and fiscal framework",
            event_type="thematic-seminar",
            country="BE",
            summary="Improving the regional financial and fiscal framework for social-economy enterprises.",
            themes=("access",),
        ),
        PlannedEvent(
            slug="study-visit-es",
            title="Study visit in Spain",
            event_type="study-visit",
            country="ES",
            summary=(
                "Visits to social-economy organisations and initiatives, for first-hand experience of and "
                "insight into the social-economy ecosystem of another region."
            ),
        ),
        PlannedEvent(
            slug="study-visit-pl",
            title="Study visit in Poland",
            event_type="study-visit",
            country="PL",
            summary=(
                "Visits to social-economy organisations and initiatives, for first-hand experience of and "
                "insight into the social-economy ecosystem of another region."
            ),
        ),
        PlannedEvent(
            slug="policy-round-table-de",
            title="Policy round table in Germany",
            event_type="policy-round-table",
            country="DE",
            summary="Experts, policy-makers and stakeholders discuss key questions of social-economy policy in depth.",
        ),
    ]
    return events
