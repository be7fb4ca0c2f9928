"""Sample policy instruments with joint assessments, sample events, and transfer interests."""

import datetime
import zoneinfo

from django.utils import timezone

from events.models import AgendaItem, Event, EventPractice, EventType, Participation, StakeholderGroup
from events.reference_data import TIME_ZONES
from practices.models import GoodPractice, State, Theme, TransferInterest
from regions.models import JointAssessment, Partner, PolicyInstrument
from secon_portal.demo.accounts import editor_username

INSTRUMENT_NOTE = (
    "Sample content: an invented instrument, to show how the portal presents the policy instruments "
    "that partner regions aim to improve. It describes no real programme."
)

# (partner slug, name, type, period, improvement status, improvement sought)
INSTRUMENTS = (
    (
        "peloponnese",
        "Sample regional programme: support for social-economy enterprises",
        PolicyInstrument.Type.EU_PROGRAMME,
        (2021, 2027),
        PolicyInstrument.ImprovementStatus.IN_PROGRESS,
        "Open the programme's business-support calls to social enterprises and add social award criteria.",
    ),
    (
        "flemish-brabant",
        "Sample provincial policy note on the social economy",
        PolicyInstrument.Type.LOCAL_STRATEGY,
        (2020, 2025),
        PolicyInstrument.ImprovementStatus.ACHIEVED,
        "Add a financing window for social enterprises that banks consider too small.",
    ),
    (
        "harghita",
        "Sample county strategy for rural entrepreneurship",
        PolicyInstrument.Type.REGIONAL_STRATEGY,
        (2021, 2030),
        PolicyInstrument.ImprovementStatus.NOT_STARTED,
        "Include social enterprises among the beneficiaries of the rural start-up measures.",
    ),
    (
        "mazowieckie",
        "Sample regional programme: social inclusion priority",
        PolicyInstrument.Type.EU_PROGRAMME,
        (2021, 2027),
        PolicyInstrument.ImprovementStatus.IN_PROGRESS,
        "Fund incubation of social start-ups in small towns, not only in the capital area.",
    ),
    (
        "extremadura",
        "Sample regional plan for the social economy",
        PolicyInstrument.Type.REGIONAL_STRATEGY,
        (2022, 2027),
        PolicyInstrument.ImprovementStatus.IN_PROGRESS,
        "Add support for rural women's cooperatives to the plan's measures.",
    ),
)


def create_instruments():
    """The sample instruments (created once, by slug) and a joint assessment of the first three."""
    partners = {partner.slug: partner for partner in Partner.objects.select_related("region")}
    instruments = []
    today = datetime.date.today()
    for index, (slug, name, kind, (start, end), status, sought) in enumerate(INSTRUMENTS):
        partner = partners[slug]
        instrument, created = PolicyInstrument.objects.get_or_create(
            slug=f"sample-instrument-{slug}",
            defaults={
                "name": name,
                "type": kind,
                "managing_authority": "Managing authority of the sample instrument (fictional)",
                "region": partner.region,
                "partner": partner,
                "period_start": start,
                "period_end": end,
                "description": f"{INSTRUMENT_NOTE} {name} sets priorities and funding for the social economy.",
                "improvement_sought": sought,
                "improvement_status": status,
                "is_sample": True,
            },
        )
        instruments.append(instrument)
        if created and index < 3:
            assessment = JointAssessment.objects.create(
                instrument=instrument,
                date=today - datetime.timedelta(days=90 + 30 * index),
                findings=(
                    "Sample content. The instrument names the social economy among its priorities, but its calls "
                    "ask for guarantees that small social enterprises cannot give."
                ),
                recommendations="Sample content. Accept a guarantee fund's cover instead of own collateral.",
            )
            others = [partner for other_slug, partner in partners.items() if other_slug != slug]
            assessment.reviewing_partners.set(others[index : index + 3])
    return instruments


# (slug, type slug, host partner slug, city, days from today, days long, status, title, practices' partner slugs)
EVENTS = (
    ("sample-meeting-procurement", "regional-stakeholder-meeting", "peloponnese", "Tripoli", -200, 1, "held",
     "Sample stakeholder meeting: social clauses in public procurement", ("peloponnese", "kmop")),
    ("sample-study-visit-cooperatives", "study-visit", "extremadura", "Mérida", -120, 2, "held",
     "Sample study visit: rural cooperatives", ("extremadura",)),
    ("sample-meeting-care", "regional-stakeholder-meeting", "flemish-brabant", "Leuven", -40, 1, "held",
     "Sample stakeholder meeting: care and the social economy", ("flemish-brabant", "mazowieckie")),
    ("sample-meeting-mobility", "regional-stakeholder-meeting", "riga", "Riga", 30, 1, "confirmed",
     "Sample stakeholder meeting: mobility in rural parishes", ()),
    ("sample-round-table", "policy-round-table", "rhine-neckar", "Mannheim", 75, 1, "confirmed",
     "Sample policy round table: financing social enterprises", ()),
)  # fmt: skip

AGENDA = (
    (0, 30, "Welcome and introduction", "Sample host (project staff)"),
    (30, 90, "Presentation of the sample practices", "Sample speakers from two social enterprises"),
    (120, 90, "Group discussion: obstacles and enablers", ""),
    (240, 30, "Conclusions and next steps", "Sample host (project staff)"),
)
PARTICIPANTS = {
    StakeholderGroup.PUBLIC_AUTHORITIES: 8,
    StakeholderGroup.SOCIAL_ECONOMY: 14,
    StakeholderGroup.BUSINESS: 4,
    StakeholderGroup.RESEARCH: 3,
    StakeholderGroup.CIVIL_SOCIETY: 6,
    StakeholderGroup.FINANCE: 2,
}


def create_events():
    """The sample events that do not exist yet; returns the new ones."""
    existing = set(Event.objects.filter(slug__in=[row[0] for row in EVENTS]).values_list("slug", flat=True))
    event_types = {event_type.slug: event_type for event_type in EventType.objects.all()}
    partners = {partner.slug: partner for partner in Partner.objects.select_related("region")}
    themes = list(Theme.objects.all())
    today = timezone.localdate()
    created = []
    for index, (slug, type_slug, host_slug, city, offset, days, status, title, practice_partners) in enumerate(EVENTS):
        if slug in existing:
            continue
        host = partners[host_slug]
        time_zone = TIME_ZONES[host.country]
        start = datetime.datetime.combine(
            today + datetime.timedelta(days=offset), datetime.time(10), zoneinfo.ZoneInfo(time_zone)
        )
        event = Event.objects.create(
            slug=slug,
            title=title,
            event_type=event_types[type_slug],
            host=host,
            country=host.country,
            city=city,
            venue="Sample venue (fictional)",
            start=start,
            end=start + datetime.timedelta(days=days - 1, hours=5),
            time_zone=time_zone,
            summary="Sample content: an invented event, to show how the portal presents project events.",
            description=(
                "Sample content. Stakeholders of the region discuss how public policy can support social "
                "enterprises, starting from practices presented by their promoters."
            ),
            status=status,
            is_sample=True,
        )
        event.themes.set([themes[index % len(themes)]])
        AgendaItem.objects.bulk_create(
            AgendaItem(
                event=event,
                start=start + datetime.timedelta(minutes=begin),
                end=start + datetime.timedelta(minutes=begin + length),
                title=item_title,
                speakers=speakers,
                order=order,
            )
            for order, (begin, length, item_title, speakers) in enumerate(AGENDA)
        )
        if status == Event.Status.HELD:
            Participation.objects.bulk_create(
                Participation(event=event, group=group, count=count + index) for group, count in PARTICIPANTS.items()
            )
            relation = (
                EventPractice.Relation.VISITED if type_slug == "study-visit" else EventPractice.Relation.PRESENTED
            )
            practices = GoodPractice.objects.filter(
                is_sample=True, state=State.PUBLISHED, partner__slug__in=practice_partners
            ).order_by("slug")[:3]
            EventPractice.objects.bulk_create(
                EventPractice(event=event, practice=practice, relation=relation) for practice in practices
            )
        created.append(event)
    return created


STAGES = (
    TransferInterest.Stage.INTERESTED,
    TransferInterest.Stage.STUDYING,
    TransferInterest.Stage.ADAPTING,
    TransferInterest.Stage.ADOPTED,
)


def create_transfer_interests(users, count=8):
    """Partners' interest in other partners' published sample practices."""
    practices = list(GoodPractice.objects.filter(is_sample=True, state=State.PUBLISHED).order_by("slug"))
    partners = list(Partner.objects.order_by("slug"))
    instruments = {instrument.partner_id: instrument for instrument in PolicyInstrument.objects.filter(is_sample=True)}
    created = []
    for index in range(min(count, len(practices))):
        practice = practices[(index * 7) % len(practices)]
        candidates = [partner for partner in partners if partner.pk != practice.partner_id]
        partner = candidates[(index * 3) % len(candidates)]
        if TransferInterest.objects.filter(practice=practice, partner=partner).exists():
            continue
        interest = TransferInterest(
            practice=practice,
            partner=partner,
            stage=STAGES[index % len(STAGES)],
            policy_instrument=instruments.get(partner.pk),
            note="Sample content: an invented interest, to show how transfers are followed.",
            created_by=users.get(editor_username(partner)),
        )
        interest.full_clean()
        interest.save()
        created.append(interest)
    return created
