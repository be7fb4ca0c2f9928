"""The partners, regions, practices, events and policy instruments the regions' pages show."""

import datetime
from types import SimpleNamespace

import pytest

from practices.models import State, TransferInterest
from regions.models import Partner, PolicyInstrument, Region
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    theme,
)
from tests.regions.helpers import (
    PUBLISHED_AT,
    assessment,
    next_year,
    published,
    transfer,
)


@pytest.fixture
def world():
    """Two partner regions (one with a sub-region), a region without partner, practices, events, transfers."""
    central_greece = RegionFactory(code="EL6", name="Κεντρική Ελλάδα", name_en="Central Greece", level=1)
    peloponnese_region = RegionFactory(
        code="EL65",
        name="Πελοπόννησος",
        name_en="Peloponnese",
        level=2,
        parent=central_greece,
        typology=Region.Typology.RURAL,
        description="Mountains and olive groves.\n\nSeven regional units.",
        image="regions/peloponnese.jpg",
        image_alt="Olive groves below a mountain village",
    )
    arcadia = RegionFactory(code="EL652", name="Αρκαδία", name_en="Arcadia", level=3, parent=peloponnese_region)
    haskovo_region = RegionFactory(code="BG422", name="Хасково", name_en="Haskovo", country="BG")
    paris = RegionFactory(code="FR101", name="Paris", country="FR")

    peloponnese = PartnerFactory(
        name="Region of Peloponnese",
        type=Partner.Type.REGIONAL_AUTHORITY,
        region=peloponnese_region,
        is_lead=True,
        website="https://www.ppel.gov.gr/",
        logo="partners/peloponnese.png",
    )
    haskovo = PartnerFactory(
        name="Haskovo Municipality", type=Partner.Type.LOCAL_AUTHORITY, region=haskovo_region, website=""
    )

    instrument = PolicyInstrumentFactory(
        name="Regional programme Peloponnese 2021-2027",
        slug="peloponnese-programme",
        partner=peloponnese,
        managing_authority="Managing Authority of the Region of Peloponnese",
        url="https://www.example.org/programme",
        description="The ERDF and ESF+ programme of the region.",
        improvement_sought="Open the business-support calls to social enterprises.",
        improvement_status=PolicyInstrument.ImprovementStatus.IN_PROGRESS,
        is_sample=True,
    )
    haskovo_strategy = PolicyInstrumentFactory(
        name="Haskovo development strategy",
        slug="haskovo-strategy",
        type=PolicyInstrument.Type.LOCAL_STRATEGY,
        partner=haskovo,
        period_start=2021,
        period_end=None,
    )

    village_shop = published(
        title="Village shop",
        summary="A cooperative runs the last shop of a mountain village.",
        partner=peloponnese,
        published_at=PUBLISHED_AT,
        themes=[theme("awareness"), theme("social-innovation")],
    )
    olive_oil = published(
        title="Olive oil cooperative",
        summary="Small growers press and sell together.",
        partner=peloponnese,
        region=arcadia,
        published_at=PUBLISHED_AT + datetime.timedelta(days=2),
        themes=[theme("strengthening")],
        is_sample=True,
    )
    social_clauses = published(
        title="Social clauses in procurement",
        summary="Municipal tenders reserve lots for social enterprises.",
        partner=haskovo,
        published_at=PUBLISHED_AT + datetime.timedelta(days=1),
        themes=[theme("access")],
    )
    paris_practice = published(
        title="Paris repair cafés", summary="", partner=haskovo, region=paris, themes=[theme("awareness")]
    )
    draft = GoodPracticeFactory(title="Draft nobody may see", partner=peloponnese)
    archived = GoodPracticeFactory(
        title="Archived practice", partner=peloponnese, state=State.ARCHIVED, published_at=PUBLISHED_AT
    )
    submitted_in_paris = GoodPracticeFactory(
        title="Submitted in Paris", partner=haskovo, region=paris, state=State.SUBMITTED
    )
    for practice in (village_shop, olive_oil, draft, archived):
        practice.policy_instruments.add(instrument)

    transfer(social_clauses, peloponnese, TransferInterest.Stage.ADAPTING, instrument)
    transfer(paris_practice, peloponnese)
    transfer(submitted_in_paris, peloponnese, instrument=instrument)
    transfer(village_shop, haskovo, TransferInterest.Stage.ADOPTED, haskovo_strategy)

    assessment(
        instrument,
        datetime.date(2025, 3, 12),
        [haskovo],
        "The calls ask for guarantees.",
        "Accept a guarantee fund.",
    )
    assessment(instrument, datetime.date(2025, 10, 2), [haskovo, peloponnese], "Progress on the calls.")

    meeting = EventTypeFactory()
    tripoli_meeting = EventFactory(
        title="Stakeholder meeting in Tripoli", host=peloponnese, event_type=meeting, start=next_year(3, 10), end=None
    )
    undated_meeting = EventFactory(
        title="Second meeting, date open", host=peloponnese, event_type=meeting, start=None, end=None, status="planned"
    )
    first_meeting = EventFactory(
        title="First meeting",
        host=peloponnese,
        event_type=meeting,
        start=datetime.datetime(2024, 6, 3, 22, tzinfo=datetime.UTC),  # 4 June, 01:00 in Athens
        end=None,
        status="held",
        city="",
    )
    EventFactory(
        title="Cancelled meeting",
        host=peloponnese,
        event_type=meeting,
        start=next_year(4, 1),
        end=None,
        status="cancelled",
    )
    haskovo_workshop = EventFactory(
        title="Workshop in Haskovo",
        host=haskovo,
        event_type=EventTypeFactory(slug="interregional-workshop", name="Interregional workshop", target=1),
        city="Haskovo",
        time_zone="Europe/Sofia",
        start=next_year(5, 20),
        end=None,
        is_sample=True,
    )
    return SimpleNamespace(**locals())
