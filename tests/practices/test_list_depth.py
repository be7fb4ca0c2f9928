"""Lists page through MAX_PAGES pages at most (secon_portal.paginators): deep pages cost more and more."""

import pytest

from secon_portal import paginators
from tests.factories import GoodPracticeFactory, RegionFactory
from tests.html import dom

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def two_pages_at_most(monkeypatch):
    monkeypatch.setattr(paginators, "MAX_PAGES", 2)


@pytest.fixture
def region():
    region = RegionFactory(code="EL65", name="Πελοπόννησος", name_latin="Peloponnisos", level=2)
    GoodPracticeFactory.create_batch(45, published=True, region=region)
    return region


NOTE = (
    "These pages show the first 40 practices of the list. Narrow it with the filters or the search to find the others."
)


def test_the_list_counts_every_practice_and_pages_through_the_first_ones(client, two_pages_at_most, region):
    first = dom(client.get("/practices/"))
    assert first.texts("h2", cls="result-count") == ["45 practices"]
    assert first.find_all("p", cls="list-end-note") == []
    last = dom(client.get("/practices/", {"page": "2"}))
    assert len(last.find_all("article")) == 20
    assert last.texts("p", cls="list-end-note") == [NOTE]
    assert last.find_all("a", rel="next") == []
    assert client.get("/practices/", {"page": "3"}).status_code == 404


def test_a_region_page_counts_from_the_facet_index_and_stops_at_the_same_depth(client, two_pages_at_most, region):
    first = dom(client.get("/regions/EL65/"))
    assert "45" in first.texts("p", cls="practice-total")[0]
    last = dom(client.get("/regions/EL65/", {"page": "9"}))  # beyond the last: the last
    assert last.texts("p", cls="list-end-note") == [NOTE]
