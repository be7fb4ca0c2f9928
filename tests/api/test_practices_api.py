"""/api/v1/practices/: the search of the list page as JSON: the same practices in the same order, the same facet counts,
only published practices; bad input answered with 400/404 JSON."""

import datetime

import pytest

from practices.models import State
from tests.api.helpers import PRACTICES, get_json, make_catalogue, page_slugs, query_count, slugs
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, TopicFactory, theme

pytestmark = pytest.mark.django_db


def page_facets(response):
    """{facet: [(value, label, count, selected)]} as the list page has them."""
    return {
        group.name: [(o.value, str(o.label), o.count, o.selected) for o in group.options]
        for group in response.context["facets"]
    }


def api_facets(data):
    return {
        facet["name"]: [(v["value"], v["label"], v["count"], v["selected"]) for v in facet["values"]]
        for facet in data["facets"]
    }


# -- only published practices ------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED])
def test_unpublished_practices_are_never_listed_found_or_shown(client, state):
    shown = GoodPracticeFactory(published=True, title="Beekeeping cooperative", slug="shown")
    hidden = GoodPracticeFactory(
        title="Beekeeping cooperative hidden",
        slug="hidden",
        state=state,
        published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) if state == State.ARCHIVED else None,
    )
    assert slugs(get_json(client, PRACTICES)) == [shown.slug]
    found = get_json(client, PRACTICES, {"q": "beekeeping"})
    assert (slugs(found), found["total"], found["count"]) == (["shown"], 1, 1)
    assert slugs(get_json(client, PRACTICES, {"q": "hidden"})) == []
    assert get_json(client, f"{PRACTICES}{hidden.slug}/", status=404) == {
        "detail": "No GoodPractice matches the given query."
    }
    assert get_json(client, f"{PRACTICES}{shown.slug}/")["slug"] == "shown"


# -- the same practices as the list page -------------------------------------------------------------------------


QUERIES = [
    ({}, 25),
    ({"theme": "access"}, 10),
    ({"theme": ["access", "social-innovation"]}, 15),
    ({"country": "PL"}, 6),
    ({"theme": "awareness", "country": "DE", "rural": "yes"}, 2),
    ({"type": "service", "start": "2015"}, 1),
    ({"q": "cooperative"}, 9),
    ({"q": "cooperative", "country": "ES"}, 2),
    ({"q": "cooperative OR bakery", "sort": "title"}, 13),
    ({"q": "care -shop", "sort": "start"}, 4),
    ({"sort": "newest"}, 25),
    ({"sort": "title"}, 25),
    ({"sort": "start"}, 25),
    ({"sort": "relevance"}, 25),  # without a text query: newest first
    ({"q": "cooperative", "sort": "relevance"}, 9),
    ({"theme": "awareness", "sort": "title"}, 10),
]


@pytest.mark.parametrize(("query", "total"), QUERIES)
def test_the_api_gives_the_practices_of_the_list_page_in_its_order(client, catalogue, query, total):
    on_page, response = page_slugs(client, query)
    data = get_json(client, PRACTICES, query)
    assert slugs(data) == on_page
    assert (data["total"], data["count"]) == (total, total)
    assert response.context["page_obj"].paginator.total == total
    assert len(on_page) == min(total, 20)


@pytest.mark.parametrize(
    ("query", "number", "length"),
    [
        ({}, 2, 20),
        ({}, 3, 5),
        ({"sort": "title"}, 2, 20),
        ({"sort": "start", "theme": ["awareness", "access"]}, 2, 7),  # n % 5 in (0, 1, 4): 15 + 12
        ({"q": "cooperative OR bakery", "sort": "relevance"}, 2, 3),  # n % 6 in (0, 2, 3): 13 + 10
    ],
)
def test_the_pages_of_the_api_are_those_of_the_list(client, catalogue, query, number, length):
    make_catalogue(20, prefix="more")
    on_page, _response = page_slugs(client, {**query, "page": number})
    data = get_json(client, PRACTICES, {**query, "page": number, "page_size": 20})
    assert slugs(data) == on_page
    assert len(on_page) == length
    first = get_json(client, PRACTICES, query)
    assert slugs(first) == page_slugs(client, query)[0]
    assert set(slugs(first)).isdisjoint(slugs(data))


def test_the_orders_differ_and_are_exact(client, catalogue):
    """The fixture is worth comparing: each order gives another sequence, and these are the right ones."""
    by_title = slugs(get_json(client, PRACTICES, {"sort": "title", "page_size": 100}))
    assert by_title == [p.slug for p in sorted(catalogue, key=lambda p: (p.title, p.pk))]
    newest = slugs(get_json(client, PRACTICES, {"page_size": 100}))
    assert newest == [p.slug for p in sorted(catalogue, key=lambda p: (p.published_at, p.pk), reverse=True)]
    latest_start = slugs(get_json(client, PRACTICES, {"sort": "start", "page_size": 100}))
    assert latest_start == [p.slug for p in sorted(catalogue, key=lambda p: (p.start_date, p.pk), reverse=True)]
    assert len({tuple(by_title), tuple(newest), tuple(latest_start)}) == 3


def test_a_card_carries_what_the_list_shows(client):
    region = RegionFactory(code="EL651", name="Αρκαδία", name_latin="Arkadia", country="EL")
    partner = PartnerFactory(name="Region of Peloponnese", short_name="PELOP", slug="pelop", region=region)
    practice = GoodPracticeFactory(
        published=True,
        title="Olive oil cooperative",
        slug="olive-oil",
        summary="Growers press their oil together.",
        title_original="Συνεταιρισμός ελαιολάδου",
        summary_original="Οι παραγωγοί πιέζουν το λάδι τους μαζί.",
        original_language="el",
        partner=partner,
        themes=[theme("awareness"), theme("access")],
        start_date=datetime.date(2018, 4, 1),
        published_at=datetime.datetime(2025, 3, 2, 9, 30, tzinfo=datetime.UTC),
    )
    (card,) = get_json(client, PRACTICES)["results"]
    assert card == {
        "id": practice.pk,
        "slug": "olive-oil",
        "url": "http://testserver/practices/olive-oil/",
        "api_url": "http://testserver/api/v1/practices/olive-oil/",
        "title": "Olive oil cooperative",
        "summary": "Growers press their oil together.",
        "title_original": "Συνεταιρισμός ελαιολάδου",
        "summary_original": "Οι παραγωγοί πιέζουν το λάδι τους μαζί.",
        "original_language": {"value": "el", "label": "Greek"},
        "themes": [
            {"slug": "awareness", "label": "Awareness of the social economy"},
            {"slug": "access", "label": "Access to procurement and finance"},
        ],
        "region": {
            "code": "EL651",
            "name": "Arkadia",
            "official_name": "Αρκαδία",
            "country": {"value": "EL", "label": "Greece"},
        },
        "partner": {"slug": "pelop", "name": "Region of Peloponnese", "short_name": "PELOP"},
        "start_date": "2018-04-01",
        "published_at": "2025-03-02T10:30:00+01:00",
        "is_sample": False,
        "snippet": None,
    }
    found = get_json(client, PRACTICES, {"q": "growers"})["results"][0]
    assert found["snippet"].startswith("\u0002Growers\u0003 press their oil together.")
    assert found["snippet"].count("\u0002") == found["snippet"].count("\u0003") == 1


# -- facets ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"theme": "access"},
        {"country": ["PL", "DE"], "rural": "yes"},
        {"q": "cooperative"},
        {"q": "care", "type": "project"},
    ],
)
def test_the_facets_are_those_of_the_list_page(client, catalogue, query):
    response = client.get("/practices/", query)
    data = get_json(client, PRACTICES, query)
    assert api_facets(data) == page_facets(response)
    assert [facet["label"] for facet in data["facets"]] == [str(group.label) for group in response.context["facets"]]


def test_facet_counts_respect_the_other_filters(client, catalogue):
    facets = api_facets(get_json(client, PRACTICES, {"theme": "access"}))
    # Practices with access: n = 1, 4, 6, 9, 11, 14, 16, 19, 21, 24.
    assert facets["country"] == [
        ("DE", "Germany", 3, False),
        ("EL", "Greece", 2, False),
        ("PL", "Poland", 3, False),
        ("ES", "Spain", 2, False),
    ]
    # Its own facet is counted without its own filter.
    assert facets["theme"] == [
        ("awareness", "Awareness of the social economy", 10, False),
        ("access", "Access to procurement and finance", 10, True),
        ("strengthening", "Strengthening social enterprises", 5, False),
        ("social-innovation", "Regional social innovation", 5, False),
    ]
    assert facets["rural"] == [("yes", "Yes", 4, False), ("no", "No", 6, False)]
    assert facets["topic"] == []


def test_a_topic_facet_counts_exactly(client):
    cooperatives, finance = (
        TopicFactory(slug="cooperatives", name="Cooperatives"),
        TopicFactory(slug="finance", name="Finance"),
    )
    GoodPracticeFactory(published=True, topics=[cooperatives, finance])
    GoodPracticeFactory(published=True, topics=[cooperatives])
    GoodPracticeFactory(topics=[finance])  # a draft: not counted
    facets = api_facets(get_json(client, PRACTICES))
    assert facets["topic"] == [("cooperatives", "Cooperatives", 2, False), ("finance", "Finance", 1, False)]
    facets = api_facets(get_json(client, PRACTICES, {"topic": "finance"}))
    assert facets["topic"] == [("cooperatives", "Cooperatives", 2, False), ("finance", "Finance", 1, True)]
    assert facets["theme"] == [("awareness", "Awareness of the social economy", 1, False)]


# -- the query count does not grow with the page ------------------------------------------------------------------


@pytest.mark.parametrize("query", [{}, {"theme": "awareness", "country": "DE"}, {"q": "cooperative", "rural": "yes"}])
def test_the_list_makes_as_many_queries_for_twelve_practices_as_for_two(client, query):
    make_catalogue(2)
    few = query_count(client, PRACTICES, query)
    make_catalogue(
        12, prefix="more"
    )  # new partners and regions; the first twelve cycle through every theme, country and word
    many = query_count(client, PRACTICES, query)
    assert few == many
    assert len(get_json(client, PRACTICES, query)["results"]) > 1


# -- bad input ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("-only", "Say what to look for: a search cannot only leave words out."),
        ("-olive -oil", "Say what to look for: a search cannot only leave words out."),
        ("-" * 40, "Type a word to look for: letters or digits."),
        ("(((( OR OR or -", "Type a word to look for: letters or digits."),
        (" ".join(f"word{n}" for n in range(13)), "Use at most 12 words or phrases in a search."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_a_query_the_search_cannot_run_is_a_400_that_says_why(client, q, message):
    GoodPracticeFactory(published=True)
    assert get_json(client, PRACTICES, {"q": q, "theme": "awareness"}, status=400) == {"q": [message]}


def test_an_unknown_language_is_a_400(client):
    assert get_json(client, PRACTICES, {"lang": "xx"}, status=400) == {
        "lang": ["No such language: choose one of en, de, el, bg, nl, fr, ro, hu, pl, pt, lv, es."]
    }
    practice = GoodPracticeFactory(published=True)
    assert get_json(client, f"{PRACTICES}{practice.slug}/", {"lang": "EN"}, status=400)["lang"][0].startswith(
        "No such language"
    )


def test_a_page_past_the_end_is_a_404_in_json(client):
    GoodPracticeFactory(published=True)
    for number in ("999", "0", "-1", "abc"):
        assert get_json(client, PRACTICES, {"page": number}, status=404) == {"detail": "Invalid page."}


def test_the_page_size_is_capped_at_100(client, catalogue):
    make_catalogue(90, prefix="more")
    data = get_json(client, PRACTICES, {"page_size": 1000})
    assert (len(data["results"]), data["count"], data["total"]) == (100, 115, 115)
    assert data["next"] == "http://testserver/api/v1/practices/?page=2&page_size=1000"
    assert len(get_json(client, PRACTICES, {"page_size": 7})["results"]) == 7
    assert len(get_json(client, PRACTICES, {"page_size": "many"})["results"]) == 20


def test_links_to_the_next_and_previous_pages_keep_the_query(client, catalogue):
    first = get_json(client, PRACTICES, {"theme": "awareness", "page_size": 4})
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/practices/?page=2&page_size=4&theme=awareness"
    last = get_json(client, PRACTICES, {"theme": "awareness", "page_size": 4, "page": 3})
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/practices/?page=2&page_size=4&theme=awareness"
    assert len(last["results"]) == 2


def test_an_unknown_value_is_left_out_and_named_in_a_notice(client, catalogue):
    data = get_json(client, PRACTICES, {"theme": ["access", "no-such-theme"], "region": "XX999"})
    assert data["notices"] == [
        "Theme: no such value, left out: no-such-theme.",
        "Region: no such value, left out: XX999.",
    ]
    assert data["total"] == 10
    assert slugs(data) == page_slugs(client, {"theme": ["access", "no-such-theme"], "region": "XX999"})[0]


@pytest.mark.parametrize(
    ("query", "total", "notices"),
    [
        ({"theme": "<script>alert(1)</script>"}, 25, 1),
        ({"country": "'; DROP TABLE practices_goodpractice; --"}, 25, 1),
        ({"start": ["99999999999999999999", "-1", "2019.5"]}, 25, 1),
        ({"region": ["%", "_", "EL65%"]}, 25, 1),
        ({"sort": "<b>"}, 25, 0),
        ({"q": '"unclosed phrase'}, 0, 0),
        ({"q": "olive (oil) OR OR or"}, 0, 0),
        ({"q": "ﬁ ǅ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ٣ 🐝"}, 0, 0),
        ({"q": "COOPERATIVE"}, 9, 0),
        ({"theme": [f"t{n}" for n in range(60)]}, 25, 1),
        ({"rural": "maybe", "status": "both"}, 25, 2),
    ],
)
def test_odd_input_is_never_a_server_error(client, catalogue, query, total, notices):
    data = get_json(client, PRACTICES, query)
    assert set(data) == {"count", "total", "next", "previous", "results", "facets", "notices"}
    assert (data["total"], len(data["notices"])) == (total, notices), data["notices"]
    assert len(data["results"]) == min(total, 20)
    assert slugs(data) == page_slugs(client, query)[0]


def test_the_theme_given_as_script_is_named_as_text_in_the_notice(client):
    GoodPracticeFactory(published=True)
    data = get_json(client, PRACTICES, {"theme": "<script>alert(1)</script>"})
    assert data["notices"] == ["Theme: no such value, left out: <script>alert(1)</script>."]
    assert data["total"] == 1


def test_a_nul_byte_is_refused(client):
    response = client.get(PRACTICES, {"q": "coop\x00erative"})
    assert response.status_code == 400
