"""One rule names regions on every page (Region.display_name, full_name): the reader's script decides."""

import pytest

from tests.factories import GoodPracticeFactory, RegionFactory
from tests.html import dom

pytestmark = pytest.mark.django_db


@pytest.fixture
def peloponnese():
    return RegionFactory(code="EL65", name="Πελοπόννησος", name_latin="Peloponnisos", country="EL", level=2)


@pytest.mark.parametrize(
    ("language", "heading", "official"),
    [
        ("el", "Πελοπόννησος", []),  # a Greek reader reads the official name alone
        ("es", "Peloponnisos", ["Nombre oficial: Πελοπόννησος"]),
        ("bg", "Peloponnisos", ["Официално наименование: Πελοπόννησος"]),  # Cyrillic is not Greek
    ],
)
def test_the_region_page_names_the_region_for_its_reader(client, peloponnese, language, heading, official):
    doc = dom(client.get(f"/{language}/regions/EL65/"))
    assert doc.texts("h1") == [heading]
    assert doc.texts("p", cls="official-name") == official


@pytest.mark.parametrize(
    ("language", "shown"),
    [("el", "Πελοπόννησος"), ("es", "Peloponnisos (Πελοπόννησος)"), ("en", "Peloponnisos (Πελοπόννησος)")],
)
def test_the_practice_page_gives_the_latin_and_the_official_name(client, peloponnese, language, shown):
    GoodPracticeFactory(published=True, slug="olive-growers", region=peloponnese)
    prefix = "" if language == "en" else f"/{language}"
    doc = dom(client.get(f"{prefix}/practices/olive-growers/"))
    assert shown in [link.text for link in doc.find_all("a")]
