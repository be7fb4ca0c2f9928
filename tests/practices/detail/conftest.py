"""The practice whose page the tests read: published, with every field of the template filled in."""

import datetime
from decimal import Decimal

import pytest

from practices.choices import InstitutionType, Language, PracticeType, TargetGroup
from tests.factories import (
    GoodPracticeFactory,
    PartnerFactory,
    RegionFactory,
    TopicFactory,
    theme,
)


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here in English (the `english` fixture of tests/conftest.py)."""


@pytest.fixture
def region():
    return RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", country="DE")


@pytest.fixture
def partner(region):
    return PartnerFactory(
        name="Rhine-Neckar Regional Association",
        short_name="VRRN",
        website="https://www.m-r-n.com/",
        region=region,
    )


@pytest.fixture
def practice(partner, region):
    """A published practice with every field of the template filled in."""
    return GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        title_original="Dorfladen als Genossenschaft",
        summary="Villagers own the shop together.",
        summary_original="Die Dorfbewohner besitzen den Laden gemeinsam.",
        original_language=Language.GERMAN,
        description="The shop sells food from local producers.\n\nA work-integration enterprise runs it.",
        practice_type=PracticeType.PROJECT,
        target_groups=[TargetGroup.CONSUMERS, TargetGroup.RURAL_COMMUNITIES],
        rural_focus=True,
        partner=partner,
        region=region,
        main_institution="Dorfladen eG",
        institution_type=InstitutionType.COOPERATIVE,
        start_date=datetime.date(2019, 3, 1),
        resources="Two staff members and a shop building.",
        budget_eur=Decimal("12500.50"),
        funding_source="LEADER programme",
        evidence="Turnover grew every year.",
        difficulties="Finding volunteers for Saturdays.",
        transfer_potential="Any village with a vacant shop can do it.",
        website="https://dorfladen.example.org/",
        contact_name="Anna Beispiel",
        contact_email="anna@dorfladen.example.org",
        contact_phone="+49 6221 123 456",
        themes=[theme("awareness"), theme("strengthening")],
        topics=[TopicFactory(slug="cooperatives", name="Cooperatives")],
    )
