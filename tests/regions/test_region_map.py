"""The map on a region's page: the region filled among the regions of its level in its country."""

import pytest

from regions import geometry
from tests.factories import PartnerFactory, RegionFactory
from tests.html import dom
from tests.regions.helpers import check_page

pytestmark = pytest.mark.django_db


def region_map(doc):
    return doc.find("figure", cls="region-map")


def test_the_region_is_highlighted_within_its_country(client):
    RegionFactory(code="EL65", name="Πελοπόννησος", name_en="Peloponnese", level=2)
    doc = dom(client.get("/regions/EL65/"))
    check_page(doc)
    figure = region_map(doc)
    svg = figure.find("svg")
    assert svg.attrs["role"] == "img"
    assert doc.find(id=svg.attrs["aria-labelledby"]).text == "Map: Peloponnese within Greece"
    assert (
        svg.attrs["viewbox"] == geometry.shape("EL65").box.union(geometry.country_box("EL")).padded().framed().view_box
    )
    assert svg.find_all("a") == []  # a picture, not a keyboard stop
    highlighted = svg.find("path", cls="map-here")
    assert highlighted.find("title").text == "Peloponnese (EL65)"
    assert highlighted.attrs["d"] == geometry.shape("EL65").path
    others = [path.find("title").text for path in svg.find_all("path", cls="map-c0")]
    assert len(others) == len(geometry.regions_of("EL", 2)) - 1
    assert "Attiki (EL30)" in others
    assert figure.find("p", cls="map-credit").text == "© EuroGeographics for the administrative boundaries"
    assert svg.find_all("circle") == []


def test_a_small_region_gets_a_ring_and_its_country_is_shown_at_its_level(client):
    region = RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", name_en="Rhine-Neckar", country="DE")
    PartnerFactory(region=region)
    doc = dom(client.get("/regions/DE128/"))
    check_page(doc)
    svg = region_map(doc).find("svg")
    titles = [title.text for title in svg.find_all("title")]
    assert len(titles) == len(geometry.regions_of("DE", 3))
    assert titles[-1] == "Rhine-Neckar (DE128)"  # drawn last, over its neighbours
    marker = svg.find("circle", cls="map-marker")
    x, y = geometry.shape("DE128").centre
    assert (float(marker.attrs["cx"]), float(marker.attrs["cy"])) == (x, y)


def test_a_region_the_boundaries_lack_has_no_map(client):
    RegionFactory(code="UKI31", name="Camden and City of London", country="UK")
    doc = dom(client.get("/regions/UKI31/"))
    assert doc.find_all("figure", cls="region-map") == []
    assert doc.find_all("svg") == []


def test_numbers_in_the_map_are_not_localised(client):
    """A German reader's decimal comma would break the SVG."""
    RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", country="DE")
    doc = dom(client.get("/de/regions/DE128/"))
    marker = region_map(doc).find("circle")
    assert "," not in marker.attrs["cx"] + marker.attrs["r"]
    assert "," not in region_map(doc).find("svg").attrs["viewbox"]
