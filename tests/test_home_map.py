"""The partner regions on the home page's map, with their practice counts."""

import pytest

from regions import geometry
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    peloponnese = PartnerFactory(
        name="Region of Peloponnese",
        is_lead=True,
        region=RegionFactory(code="EL65", name="Πελοπόννησος", name_en="Peloponnese", country="EL", level=2),
    )
    haskovo = PartnerFactory(
        name="Haskovo Municipality", region=RegionFactory(code="BG422", name="Хасково", name_en="Haskovo", country="BG")
    )
    riga = PartnerFactory(
        name="Riga Planning Region", region=RegionFactory(code="LV00A", name="Rīga", name_en="Riga", country="LV")
    )
    GoodPracticeFactory(partner=peloponnese, published=True)
    GoodPracticeFactory(partner=peloponnese, published=True)
    GoodPracticeFactory(partner=haskovo, published=True)
    GoodPracticeFactory(partner=haskovo)  # a draft: not counted
    return peloponnese, haskovo, riga


def test_the_partner_regions_are_highlighted_and_link_to_their_pages(client, partners):
    doc = dom(client.get("/"))
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    block = section(doc, "partners-heading").find("div", cls="partner-map-block")
    assert block.find("h3").text == "Where the partners are"
    svg = block.find("svg", cls="nuts-map")
    links = [
        (link.attrs["href"], link.find("title").text, link.find("path").attrs["class"]) for link in svg.find_all("a")
    ]
    assert links == [
        ("/regions/BG422/", "Haskovo (BG422): 1 practice", "map-area map-here"),
        ("/regions/EL65/", "Peloponnese (EL65): 2 practices", "map-area map-here"),
        ("/regions/LV00A/", "Riga (LV00A): 0 practices", "map-area map-here"),
    ]
    assert block.find("table").parent.table_rows() == [
        ["Haskovo Bulgaria", "1"],
        ["Peloponnese Greece", "2"],
        ["Riga Latvia", "0"],
    ]
    assert block.find("p", cls="map-credit").text == "© EuroGeographics for the administrative boundaries"
    assert doc.find(id=svg.attrs["aria-labelledby"]).text == "Map of Europe with the SECON partner regions highlighted"
    # The map frames the partner regions, and the NUTS countries stand out from their neighbours.
    frame = geometry.shape("EL65").box.union(geometry.shape("BG422").box).union(geometry.shape("LV00A").box)
    framed = frame.padded(share=0.1).framed()
    assert svg.attrs["viewbox"] == framed.view_box
    assert svg.find("path", cls="map-base").attrs["d"] == geometry.nuts_countries(framed)


def test_without_partners_there_is_no_map(client, db):
    doc = dom(client.get("/"))
    assert doc.find_all("div", cls="partner-map-block") == []
