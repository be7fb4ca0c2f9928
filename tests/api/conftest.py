"""The data the API's tests share: a catalogue of practices, and partner regions with their NUTS parents."""

import pytest

from regions.models import Partner, Region
from tests.api.helpers import make_catalogue
from tests.factories import PartnerFactory, RegionFactory


@pytest.fixture
def catalogue(db):
    """25 published practices (tests.api.helpers.make_catalogue)."""
    return make_catalogue()


@pytest.fixture
def regions(db):
    """Greece's Peloponnese (NUTS 1, 2 and 3) with two partners, Rhine-Neckar with one, and Extremadura with none."""
    el6 = RegionFactory(code="EL6", name="Κεντρική Ελλάδα", name_latin="Kentriki Ellada", level=1, country="EL")
    el65 = RegionFactory(
        code="EL65",
        name="Πελοπόννησος",
        name_latin="Peloponnisos",
        name_en="Peloponnese",
        level=2,
        parent=el6,
        country="EL",
        typology=Region.Typology.RURAL,
        description="Olive groves and mountain villages.",
        image="regions/peloponnese.jpg",
        image_alt="Olive trees above the sea",
    )
    el651 = RegionFactory(code="EL651", name="Αργολίδα, Αρκαδία", name_latin="Argolida, Arkadia", parent=el65, level=3)
    de1 = RegionFactory(code="DE1", name="Baden-Württemberg", level=1, country="DE")
    de12 = RegionFactory(code="DE12", name="Karlsruhe", level=2, parent=de1, country="DE")
    de128 = RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", level=3, parent=de12, country="DE")
    es43 = RegionFactory(code="ES43", name="Extremadura", level=2, country="ES")
    peloponnese = PartnerFactory(
        name="Region of Peloponnese",
        short_name="PELOP",
        slug="peloponnese",
        region=el65,
        is_lead=False,
        type=Partner.Type.REGIONAL_AUTHORITY,
        website="https://www.ppel.gov.gr/",
        logo="partners/pelop.png",
        description="The regional authority.",
    )
    kmop = PartnerFactory(name="KMOP", short_name="KMOP", slug="kmop", region=el65, is_lead=True, type=Partner.Type.NGO)
    vrrn = PartnerFactory(name="Rhine-Neckar Regional Association", short_name="VRRN", slug="vrrn", region=de128)
    return {
        "EL6": el6,
        "EL65": el65,
        "EL651": el651,
        "DE1": de1,
        "DE12": de12,
        "DE128": de128,
        "ES43": es43,
        "peloponnese": peloponnese,
        "kmop": kmop,
        "vrrn": vrrn,
    }
