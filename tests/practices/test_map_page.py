"""The map of the practice list (/practices/map/): counts per region from the facet index, the NUTS level chosen by
the filters, links back to the list, the table of the same numbers, and what every page must hold."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.models import State
from regions import geometry
from tests.factories import GoodPracticeFactory, RegionFactory, theme
from tests.html import assert_accessible_structure, assert_csp_safe, dom

pytestmark = pytest.mark.django_db

URL = reverse("practices:practice-map")
LIST_URL = reverse("practices:practice-list")
CREDIT = "© EuroGeographics for the administrative boundaries"


def published(region, **kwargs):
    return GoodPracticeFactory(published=True, region=region, **kwargs)


@pytest.fixture
def regions():
    de1 = RegionFactory(code="DE1", name="Baden-Württemberg", level=1, country="DE")
    de12 = RegionFactory(code="DE12", name="Karlsruhe", level=2, country="DE", parent=de1)
    de11 = RegionFactory(code="DE11", name="Stuttgart", level=2, country="DE", parent=de1)
    pl9 = RegionFactory(
        code="PL9", name="Makroregion województwo mazowieckie", name_en="Mazowieckie", level=1, country="PL"
    )
    return {
        "DE1": de1,
        "DE12": de12,
        "DE128": RegionFactory(
            code="DE128", name="Rhein-Neckar-Kreis", name_en="Rhine-Neckar", level=3, country="DE", parent=de12
        ),
        "DE111": RegionFactory(code="DE111", name="Stuttgart, Stadtkreis", level=3, country="DE", parent=de11),
        "PL9": pl9,
        "PL92": RegionFactory(code="PL92", name="Mazowiecki regionalny", level=2, country="PL", parent=pl9),
        "ES704": RegionFactory(
            code="ES704",
            name="Fuerteventura",
            level=3,
            country="ES",
            parent=RegionFactory(
                code="ES70",
                name="Canarias",
                level=2,
                country="ES",
                parent=RegionFactory(code="ES7", level=1, country="ES"),
            ),
        ),
    }


@pytest.fixture
def catalogue(regions):
    """Six published practices in four places (one in a NUTS 1 region itself, one on the Canary Islands), and two
    that are not published."""
    published(regions["DE128"], title="Beekeeping in the village", themes=[theme("awareness")])
    published(
        regions["DE128"],
        title="Guarantee fund",
        themes=[theme("access")],
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    published(regions["DE111"], title="Social clauses", themes=[theme("access")])
    published(regions["PL9"], title="Regional network", themes=[theme("strengthening")])
    published(regions["PL92"], title="Care cooperative", themes=[theme("strengthening")])
    published(regions["ES704"], title="Island food bank", themes=[theme("awareness")])
    GoodPracticeFactory(title="Draft cooperative", region=regions["DE128"])
    GoodPracticeFactory(title="Submitted cooperative", region=regions["DE128"], state=State.SUBMITTED)


def areas(doc):
    """{code: (title, href or None, class)} of the regions drawn, read from their <title> ("Name (CODE): …")."""
    found = {}
    svg = doc.find("svg", cls="nuts-map")
    for title in svg.find_all("title"):
        holder = title.parent
        path = holder if holder.name == "path" else holder.find("path")
        code = title.text.split(" (")[-1].split(")")[0]
        found[code] = (title.text, holder.attrs.get("href"), path.attrs["class"])
    return found


def table(doc):
    return doc.find("table", cls="map-table").parent.table_rows()


def test_europe_at_nuts_2_with_exact_counts(client, catalogue):
    doc = dom(client.get(URL))
    assert doc.find("h2", id="results").text == "6 practices"
    drawn = areas(doc)
    assert len(drawn) == 289 - 2 + 1  # PL91 and PL92 give way to PL9, which holds a practice of its own
    assert drawn["DE12"] == ("Karlsruhe (DE12): 2 practices", "/practices/?region=DE12", "map-area map-c4")
    assert drawn["DE11"] == ("Stuttgart (DE11): 1 practice", "/practices/?region=DE11", "map-area map-c2")
    assert drawn["PL9"][:2] == ("Mazowieckie (PL9): 2 practices", "/practices/?region=PL9")
    assert drawn["ES70"][:2] == ("Canarias (ES70): 1 practice", "/practices/?region=ES70")
    assert drawn["FR10"] == ("Ile-de-France (FR10): 0 practices", None, "map-area map-c0")
    assert "PL92" not in drawn and "PL91" not in drawn
    assert table(doc) == [
        ["Karlsruhe", "DE12", "2"],
        ["Mazowieckie", "PL9", "2"],
        ["Canarias", "ES70", "1"],
        ["Stuttgart", "DE11", "1"],
    ]
    caption = doc.find("p", id="practice-map-label").text
    assert caption == "Map of Europe: published practices matching the search by NUTS 2 region"
    assert "Drawn whole, as practices are located in them rather than in one of their parts: Mazowieckie (PL9)." in (
        doc.find("p", id="practice-map-help").text
    )
    legend = doc.find("div", cls="map-legend").texts("li")
    assert legend == ["0", "1", "2"]


def test_the_canary_islands_are_drawn_in_an_inset(client, catalogue):
    doc = dom(client.get(URL))
    inset = doc.find("g", cls="map-inset")
    assert inset.attrs["transform"].startswith("translate(")
    assert [title.text for title in inset.find_all("title")] == ["Canarias (ES70): 1 practice"]


def test_links_keep_the_search_and_choose_the_region(client, catalogue):
    doc = dom(client.get(URL, {"theme": "access", "sort": "title"}))
    drawn = areas(doc)
    assert drawn["DE12"][:2] == ("Karlsruhe (DE12): 1 practice", "/practices/?sort=title&theme=access&region=DE12")
    assert drawn["DE11"][:2] == ("Stuttgart (DE11): 1 practice", "/practices/?sort=title&theme=access&region=DE11")
    assert "PL9" not in drawn  # no practice of its own matches: its parts are drawn
    assert drawn["PL92"][:2] == ("Mazowiecki regionalny (PL92): 0 practices", None)
    assert doc.find("h2", id="results").text == "2 practices"
    rows = doc.find("table", cls="map-table").find_all("a")
    assert [row.attrs["href"] for row in rows] == [
        "/practices/?sort=title&theme=access&region=DE12",
        "/practices/?sort=title&theme=access&region=DE11",
    ]
    # The same page of the list gives what the map said.
    listed = client.get(LIST_URL, {"sort": "title", "theme": "access", "region": "DE12"})
    assert [practice.title for practice in listed.context["practices"]] == ["Guarantee fund"]


def test_unpublished_practices_do_not_count(client, catalogue):
    doc = dom(client.get(URL, {"country": "DE"}))
    assert areas(doc)["DE128"][0] == "Rhine-Neckar (DE128): 2 practices"


def test_one_country_is_shown_at_nuts_3_and_zoomed(client, catalogue):
    doc = dom(client.get(URL, {"country": "DE"}))
    svg = doc.find("svg", cls="nuts-map")
    assert svg.attrs["viewbox"] == geometry.country_box("DE").padded().framed().view_box
    drawn = areas(doc)
    assert {len(code) for code in drawn} == {5} and {code[:2] for code in drawn} == {"DE"}
    assert len(drawn) == len(geometry.regions_of("DE", 3))
    assert drawn["DE128"][:2] == ("Rhine-Neckar (DE128): 2 practices", "/practices/?country=DE&region=DE128")
    assert drawn["DE111"][0] == "Stuttgart, Stadtkreis (DE111): 1 practice"
    assert doc.find("p", id="practice-map-label").text == (
        "Map of Germany: published practices matching the search by NUTS 3 region"
    )
    assert table(doc) == [["Rhine-Neckar", "DE128", "2"], ["Stuttgart, Stadtkreis", "DE111", "1"]]


def test_several_countries_are_shown_at_nuts_2(client, catalogue):
    doc = dom(client.get(URL, {"country": ["DE", "PL"]}))
    drawn = areas(doc)
    assert {code[:2] for code in drawn} == {"DE", "PL"}
    assert drawn["DE12"][0] == "Karlsruhe (DE12): 2 practices"
    assert drawn["PL9"][0] == "Mazowieckie (PL9): 2 practices"
    assert doc.find("p", id="practice-map-label").text.startswith("Map of Germany, Poland:")


def test_a_chosen_region_shows_its_country_a_level_down_and_is_outlined(client, catalogue, regions):
    doc = dom(client.get(URL, {"region": "DE1"}))
    assert doc.find("h2", id="results").text == "3 practices"
    drawn = areas(doc)
    assert {len(code) for code in drawn} == {4} and {code[:2] for code in drawn} == {"DE"}
    # Each region counts what choosing it instead would give; its link replaces the region chosen.
    assert drawn["DE12"][:2] == ("Karlsruhe (DE12): 2 practices", "/practices/?region=DE12")
    outline = doc.find("path", cls="map-outline")
    assert outline.attrs["d"] == geometry.shape("DE1").path  # within the map: whole
    assert "the region chosen, Baden-Württemberg (DE1), is outlined" in doc.find("p", id="practice-map-help").text


def test_the_text_query_and_the_status_filter_apply(client, catalogue):
    drawn = areas(dom(client.get(URL, {"q": "beekeeping", "country": "DE"})))
    assert drawn["DE128"][0] == "Rhine-Neckar (DE128): 1 practice"
    assert drawn["DE111"][0] == "Stuttgart, Stadtkreis (DE111): 0 practices"
    drawn = areas(dom(client.get(URL, {"status": "ended", "country": "DE"})))
    assert drawn["DE128"][0] == "Rhine-Neckar (DE128): 1 practice"
    drawn = areas(dom(client.get(URL, {"status": "ongoing", "country": "DE"})))
    assert (drawn["DE128"][0], drawn["DE111"][0]) == (
        "Rhine-Neckar (DE128): 1 practice",
        "Stuttgart, Stadtkreis (DE111): 1 practice",
    )


def test_a_filter_that_no_practice_matches_leaves_the_map_empty(client, catalogue):
    doc = dom(client.get(URL, {"theme": "social-innovation"}))
    assert doc.find("h2", id="results").text == "0 practices"
    assert {css for _title, _href, css in areas(doc).values()} == {"map-area map-c0"}
    assert doc.find_all("table", cls="map-table") == []
    assert doc.find("p", id="practice-map-help").text == "No region on this map has a practice that matches the search."


def test_the_total_follows_every_filter(client, catalogue):
    for query, total in [
        ({"country": "NO"}, "0 practices"),
        ({"region": ["DE12", "PL9"]}, "4 practices"),
        ({"region": "DE12", "theme": "access"}, "1 practice"),
        ({"q": "beekeeping"}, "1 practice"),
    ]:
        assert dom(client.get(URL, query)).find("h2", id="results").text == total, query


def test_without_any_practice(client, db):
    doc = dom(client.get(URL))
    assert doc.find("h2", id="results").text == "0 practices"
    assert len(areas(doc)) == 289


def test_the_map_is_accessible_and_credits_the_boundaries(client, catalogue):
    doc = dom(client.get(URL, {"country": "DE"}))
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    svg = doc.find("svg", cls="nuts-map")
    assert svg.attrs["role"] == "group"
    assert doc.find(id=svg.attrs["aria-labelledby"]).text.startswith("Map of Germany")
    assert doc.find(id=svg.attrs["aria-describedby"]).text.startswith("The darker a region")
    links = svg.find_all("a")
    assert [link.find("title").text for link in links] == [
        "Stuttgart, Stadtkreis (DE111): 1 practice",
        "Rhine-Neckar (DE128): 2 practices",
    ]
    assert doc.find("p", cls="map-credit").text == CREDIT
    assert doc.find("link", href="/static/css/maps.css").attrs["rel"] == "stylesheet"


def test_list_and_map_link_to_each_other_with_the_query(client, catalogue):
    doc = dom(client.get(LIST_URL, {"theme": "access", "q": "fund", "page": "1"}))
    link = doc.find("p", cls="view-switch").find("a")
    assert (link.text, link.attrs["href"]) == ("Show on a map", "/practices/map/?q=fund&theme=access")
    doc = dom(client.get(URL, {"theme": "access", "q": "fund"}))
    link = doc.find("p", cls="view-switch").find("a")
    assert (link.text, link.attrs["href"]) == ("Show as a list", "/practices/?q=fund&theme=access")
    chip = doc.find("a", cls="filter-chip")
    assert chip.attrs["href"] == "?q=fund"  # stays on the map
    assert doc.find("form", cls="practice-search").attrs["action"] == URL


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"country": "DE"},
        {"q": "cooperative", "status": "ended", "region": "DE1"},
        {"theme": "access", "rural": "yes"},
    ],
)
def test_the_query_count_does_not_grow_with_the_practices(client, regions, django_assert_num_queries, query):
    for region in ("DE128", "PL9"):
        published(regions[region], title="A cooperative")
    with CaptureQueriesContext(connection) as few:
        client.get(URL, query)
    for n in range(10):
        published(regions[("DE128", "DE111", "PL92", "ES704")[n % 4]], title=f"Cooperative {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, query)
    assert response.status_code == 200
