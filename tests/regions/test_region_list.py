"""The list of regions: the partner regions with their counts, then the other regions, fifty to a page."""

import pytest

from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegionFactory,
)
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section
from tests.regions.helpers import (
    FOOTER_HEADING,
    LEAD_SENTENCE,
    breadcrumbs,
    check_page,
    facts,
    headings,
    meta_description,
    published,
)

pytestmark = pytest.mark.django_db


def test_region_list(client, world):
    response = client.get("/regions/")
    assert [t.name for t in response.templates][:2] == ["regions/region_list.html", "base.html"]
    doc = dom(response)
    assert doc.texts("title") == ["Regions – SECON good-practice portal"]
    assert meta_description(doc) == (
        "The SECON partner regions with their partners, good practices and events, and the other European regions "
        "where good practices for the social economy are located."
    )
    assert breadcrumbs(doc) == [("Home", "/"), ("Regions", None)]
    assert doc.find("li", **{"aria-current": "page"}).text == "Regions"
    assert headings(doc, 1) == ["Regions"]
    assert headings(doc, 2) == ["Partner regions", "Other regions with good practices", FOOTER_HEADING]

    partner_regions = section(doc, "partner-regions-heading")
    assert partner_regions.texts("p") == [LEAD_SENTENCE]
    cards = partner_regions.find_all("article")
    assert [(card.find("a").text, card.find("a").attrs["href"]) for card in cards] == [
        ("Haskovo", "/regions/BG422/"),
        ("Peloponnese", "/regions/EL65/"),
    ]
    assert facts(cards[0]) == [
        ("Country", "Bulgaria"),
        ("Partner", "Haskovo Municipality"),
        ("Published practices", "1"),
        ("Events", "1"),
    ]
    # EL65 counts the practice located in EL652 (inside it), not the draft or the archived one;
    # and the upcoming, undated and past events of its partner, not the cancelled one.
    assert facts(cards[1]) == [
        ("Country", "Greece"),
        ("Partner", "Region of Peloponnese Lead partner"),
        ("Published practices", "2"),
        ("Events", "3"),
    ]

    others = section(doc, "other-regions-heading")
    assert others.texts("th") == ["Region", "Country", "Published practices", "Paris (FR101)"]
    assert [row.texts("td") for row in others.find("tbody").find_all("tr")] == [["France", "1"]]
    assert others.find("tbody").find("a").attrs["href"] == "/regions/FR101/"
    assert doc.find_all("p", **{"class": "empty-state"}) == []
    check_page(doc)


def test_region_list_counts_practices_inside_a_partner_region_only_once(client, world):
    """A practice in a sub-region counts for its partner region; the sub-region is not listed on its own."""
    published(title="Another one in Arcadia", partner=world.haskovo, region=world.arcadia)
    next_to_arcadia = RegionFactory(code="EL653", level=3, parent=world.arcadia.parent)
    published(title="In a region next to Arcadia", partner=world.haskovo, region=next_to_arcadia)
    published(title="In Central Greece", partner=world.haskovo, region=world.central_greece)
    doc = dom(client.get("/regions/"))
    cards = section(doc, "partner-regions-heading").find_all("article")
    assert [card.find("dd", **{"class": "practice-count"}).text for card in cards] == ["1", "4"]
    # EL6 is not inside a partner region: it is listed, and counts what is located in it or inside it,
    # in the partner region EL65 too, as its own page shows.
    rows = section(doc, "other-regions-heading").find("tbody").find_all("tr")
    assert [(row.find("th").text, row.texts("td")) for row in rows] == [
        ("Central Greece (EL6)", ["Greece", "5"]),
        ("Paris (FR101)", ["France", "1"]),
    ]


def test_region_list_without_data_says_so(client, db):
    doc = dom(client.get("/regions/"))
    assert doc.texts("p", **{"class": "empty-state"}) == [
        "No partner regions have been recorded yet.",
        "No good practices have been published outside the partner regions yet.",
    ]
    assert doc.find_all("table") == []
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_region_list_lists_several_partners_of_a_region_lead_first(client, db):
    region = RegionFactory(code="EL30", name="Αττική", name_en="Attica")
    PartnerFactory(name="B partner", region=region)
    PartnerFactory(name="A partner", region=region)
    PartnerFactory(name="Z lead partner", region=region, is_lead=True)
    doc = dom(client.get("/regions/"))
    card = section(doc, "partner-regions-heading").find("article")
    assert facts(card)[1] == ("Partners", "Z lead partner Lead partner A partner B partner")


def add_partner_region(number):
    """A partner region with a sub-region, practices in both, an event and a practice in another region."""
    region = RegionFactory(code=f"DE{number}", name=f"Region {number}", country="DE", level=2)
    partner = PartnerFactory(region=region)
    inside = RegionFactory(code=f"DE{number}1", name=f"Inside {number}", country="DE", parent=region)
    published(partner=partner)
    published(partner=partner, region=inside)
    GoodPracticeFactory(partner=partner)
    EventFactory(host=partner)
    published(partner=partner, region=RegionFactory(code=f"AT{number}", country="AT", level=2))


def test_region_list_query_count_does_not_grow(client, db, django_assert_num_queries):
    # Partner regions with their event counts, their partners, the number of other regions, a page of them,
    # and the practice counts of all these regions from the facet index.
    add_partner_region(1)
    with django_assert_num_queries(5):
        doc = dom(client.get("/regions/"))
    assert len(section(doc, "partner-regions-heading").find_all("article")) == 1
    for number in range(2, 10):
        add_partner_region(number)
    with django_assert_num_queries(5):
        doc = dom(client.get("/regions/"))
    cards = section(doc, "partner-regions-heading").find_all("article")
    assert [facts(card)[2:] for card in cards] == [[("Published practices", "2"), ("Events", "1")]] * 9
    rows = section(doc, "other-regions-heading").find("tbody").find_all("tr")
    assert [row.texts("td") for row in rows] == [["Austria", "1"]] * 9


def test_other_regions_come_fifty_to_a_page_by_code(client, db):
    partner = PartnerFactory(region=RegionFactory(code="DE1", country="DE", level=1))
    for number in range(55):
        published(partner=partner, region=RegionFactory(code=f"AT{number:03d}", country="AT", level=3))
    first = section(dom(client.get("/regions/")), "other-regions-heading")
    second = section(dom(client.get("/regions/?page=2")), "other-regions-heading")
    codes = [row.find("th").text.split("(")[-1].rstrip(")") for row in second.find("tbody").find_all("tr")]
    assert len(first.find("tbody").find_all("tr")) == 50
    assert codes == ["AT050", "AT051", "AT052", "AT053", "AT054"]
    assert first.find("nav", **{"aria-label": "Pages of other regions"}).texts("a") == ["Page 2", "Next"]
