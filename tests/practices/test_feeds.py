"""The Atom feed of the newest practices, of all or of any search (practices/feeds.py), and where pages announce
the feeds."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices import feeds
from practices.models import State
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, theme
from tests.html import fragment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ATOM = "{http://www.w3.org/2005/Atom}"
URL = "/practices/feed.atom"
UNPUBLISHED = [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED]


def utc(month, day=1):
    return datetime.datetime(2025, month, day, 12, tzinfo=datetime.UTC)


def atom(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def entry_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.fixture
def catalogue():
    de = RegionFactory(country="DE", code="DE128", name="Rhein-Neckar-Kreis")
    partner = PartnerFactory(name="Rhine-Neckar Regional Association", website="https://www.m-r-n.com/", region=de)
    shop = GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        summary="Villagers <b>own</b> the shop & run it.",
        partner=partner,
        region=de,
        themes=[theme("awareness"), theme("strengthening")],
        published_at=utc(1),
    )
    fund = GoodPracticeFactory(
        published=True,
        title="Guarantee fund for cooperatives",
        partner=partner,
        region=de,
        themes=[theme("access")],
        published_at=utc(3),
    )
    care = GoodPracticeFactory(
        published=True,
        title="Care service for older people",
        region=RegionFactory(country="LV", code="LV00A"),
        themes=[theme("social-innovation")],
        published_at=utc(2),
    )
    for state in UNPUBLISHED:
        GoodPracticeFactory(title=f"Cooperative in state {state}", state=state, themes=[theme("awareness")])
    return {"shop": shop, "fund": fund, "care": care}


def test_the_newest_published_practices(client, catalogue):
    feed = atom(client.get(URL))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{ATOM}title") == "Latest good practices | SECON"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": "http://testserver/practices/", "self": "http://testserver/practices/feed.atom"}
    assert entry_titles(feed) == [
        "Guarantee fund for cooperatives",
        "Care service for older people",
        "Village shop run by a cooperative",
    ]


def test_an_entry(client, catalogue):
    feed = atom(client.get(URL))
    [entry] = [
        e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Village shop run by a cooperative"
    ]
    shop = catalogue["shop"]
    shop.refresh_from_db()
    assert entry.find(f"{ATOM}link").attrib == {"href": "http://testserver/practices/village-shop/", "rel": "alternate"}
    assert entry.findtext(f"{ATOM}id") == "http://testserver/practices/village-shop/"
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == utc(1)
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == shop.updated_at
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Villagers &lt;b&gt;own&lt;/b&gt; the shop &amp; run it."  # the text, as HTML
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Awareness of the social economy",
        "Strengthening social enterprises",
    ]
    author = entry.find(f"{ATOM}author")
    assert (author.findtext(f"{ATOM}name"), author.findtext(f"{ATOM}uri")) == (
        "Rhine-Neckar Regional Association",
        "https://www.m-r-n.com/",
    )


def test_titles_are_text(client):
    GoodPracticeFactory(published=True, title="Shops & <cafés>")
    assert entry_titles(atom(client.get(URL))) == ["Shops & <cafés>"]


def test_unpublished_practices_never_appear(client, catalogue):
    for query in ("", "?q=cooperative", "?q=state", "?theme=awareness"):
        assert not any("in state" in title for title in entry_titles(atom(client.get(URL + query)))), query


def test_a_search_by_facets(client, catalogue):
    feed = atom(client.get(f"{URL}?theme=access&country=DE&sort=title"))
    assert feed.findtext(f"{ATOM}title") == (
        "Good practices (Theme: Access to procurement and finance; Country: Germany) | SECON"
    )
    assert entry_titles(feed) == ["Guarantee fund for cooperatives"]
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver/practices/?sort=title&theme=access&country=DE",
        "self": "http://testserver/practices/feed.atom?sort=title&theme=access&country=DE",
    }


def test_a_search_by_several_values(client, catalogue):
    feed = atom(client.get(f"{URL}?country=LV&country=DE&rural=no&start=2019"))
    assert feed.findtext(f"{ATOM}title") == (
        "Good practices (Country: Latvia, Germany; Rural focus: No; Start year: 2019) | SECON"
    )


def test_a_text_search_gives_the_newest_first_not_the_best_ranked(client, catalogue):
    feed = atom(client.get(f"{URL}?q=cooperative"))
    assert feed.findtext(f"{ATOM}title") == "“cooperative” in good practices | SECON"
    newest_first = [
        "Guarantee fund for cooperatives",
        "Care service for older people",
        "Village shop run by a cooperative",
    ]
    assert entry_titles(feed) == newest_first
    # The list ranks the practice with the word in its title first; the feed goes by date.
    list_titles = [p.title for p in client.get("/practices/?q=cooperative").context["practices"]]
    assert sorted(list_titles) == sorted(newest_first)
    assert list_titles != newest_first


def test_a_text_and_facet_search(client, catalogue):
    feed = atom(client.get(f"{URL}?q=cooperative&theme=awareness"))
    assert feed.findtext(f"{ATOM}title") == (
        "“cooperative” in good practices (Theme: Awareness of the social economy) | SECON"
    )
    assert entry_titles(feed) == ["Village shop run by a cooperative"]


def test_unknown_values_are_left_out(client, catalogue):
    feed = atom(client.get(f"{URL}?theme=no-such-theme&region=XX999"))
    assert feed.findtext(f"{ATOM}title") == "Latest good practices | SECON"
    assert len(entry_titles(feed)) == 3


def test_a_text_query_that_cannot_run_is_a_bad_request(client, catalogue):
    response = client.get(f"{URL}?q=-only")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Say what to look for: a search cannot only leave words out."


def test_at_most_fifty_entries(client):
    partner = PartnerFactory()
    for n in range(feeds.MAX_ITEMS + 1):
        GoodPracticeFactory(published=True, partner=partner, title=f"Practice {n:02}", published_at=utc(1, 1 + n % 28))
    titles = entry_titles(atom(client.get(URL)))
    assert feeds.MAX_ITEMS == 50
    assert len(titles) == 50


def test_the_feed_in_german(client, catalogue):
    feed = atom(client.get("/de/practices/feed.atom?theme=awareness"))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert feed.findtext(f"{ATOM}title").endswith(" | SECON")
    assert "Aufmerksamkeit für die Sozialwirtschaft" in feed.findtext(f"{ATOM}title")
    [entry] = feed.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/de/practices/village-shop/"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")][0] == "Aufmerksamkeit für die Sozialwirtschaft"
    assert atom(client.get("/de/practices/feed.atom")).findtext(f"{ATOM}title") == "Neueste Good Practices | SECON"


def test_a_feed_costs_the_same_queries_whatever_its_size(client):
    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            atom(client.get(URL + query))
        return len(captured)

    for query in ("", "?theme=awareness", "?q=practice"):
        GoodPracticeFactory.create_batch(2, published=True, themes=[theme("awareness"), theme("access")])
        few = queries(query)
        GoodPracticeFactory.create_batch(8, published=True, themes=[theme("awareness"), theme("access")])
        assert queries(query) == few, query


# -- where pages announce the feeds ----------------------------------------------------------------------------------
def alternates(page):
    return [
        (link.attrs.get("title"), link.attrs.get("href"))
        for link in fragment(page).find_all("link", rel="alternate")
        if link.attrs.get("type") == "application/atom+xml"
    ]


def test_the_list_announces_the_feed_of_its_search(client, catalogue):
    assert alternates(client.get("/practices/").content.decode()) == [
        ("Latest good practices (Atom feed)", "/practices/feed.atom")
    ]
    page = client.get("/practices/?theme=access&q=fund&page=1&theme=nonsense").content.decode()
    assert alternates(page) == [
        ("Good practices of this search (Atom feed)", "/practices/feed.atom?q=fund&theme=access")
    ]
    assert '<link rel="alternate" type="application/atom+xml"' in page  # in the head, as written


def test_the_list_links_to_the_exports_and_the_feed_of_its_search(client, catalogue):
    page = client.get("/practices/?theme=access&q=fund&sort=title").content.decode()
    block = fragment(page).find("p", "open-data-links")
    assert block.text.split() == [
        *("Download", "these", "results:", "CSV", "·", "Excel", "·", "Atom", "feed", "·", "JSON", "(API)")
    ]
    query = "q=fund&sort=title&theme=access"
    assert [(a.text, a.attrs["href"], a.attrs.get("type")) for a in block.find_all("a")] == [
        ("CSV", f"/practices/export.csv?{query}", "text/csv"),
        (
            "Excel",
            f"/practices/export.xlsx?{query}",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("Atom feed", f"/practices/feed.atom?{query}", "application/atom+xml"),
        ("JSON", f"/api/v1/practices/?{query}", "application/json"),  # the same search through the API
        ("API", "/api/v1/docs/", None),
    ]
    plain = fragment(client.get("/practices/").content.decode()).find("p", "open-data-links")
    assert [a.attrs["href"] for a in plain.find_all("a")] == [
        "/practices/export.csv",
        "/practices/export.xlsx",
        "/practices/feed.atom",
        "/api/v1/practices/",
        "/api/v1/docs/",
    ]


def test_the_links_are_in_the_language_of_the_page(client, catalogue):
    page = client.get("/de/practices/?theme=access").content.decode()
    assert alternates(page)[0][1] == "/de/practices/feed.atom?theme=access"
    hrefs = [a.attrs["href"] for a in fragment(page).find("p", "open-data-links").find_all("a")]
    assert hrefs[0] == "/de/practices/export.csv?theme=access"


def test_the_home_page_announces_the_feed_of_new_practices(client):
    assert alternates(client.get("/").content.decode()) == [
        ("Latest good practices (Atom feed)", "/practices/feed.atom")
    ]


def test_the_event_list_announces_the_events_feed(client):
    assert alternates(client.get(reverse("events:event-list")).content.decode()) == [
        ("Upcoming events (Atom feed)", "/events/feed.atom")
    ]
