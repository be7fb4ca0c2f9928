"""The public practice list: facets, counts, text search, sorting and pagination."""

import datetime
import functools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.choices import PracticeType, TargetGroup
from practices.models import State
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, TopicFactory, theme
from tests.html import fragment

pytestmark = pytest.mark.django_db

URL = reverse("practices:practice-list")


def titles(response):
    return [practice.title for practice in response.context["practices"]]


def counts(response, facet):
    """{GET value: count} of one facet as the page shows it."""
    group = next(g for g in response.context["facets"] if g.name == facet)
    return {option.value: option.count for option in group.options}


@pytest.fixture
def catalogue():
    """Five published practices and two unpublished ones."""
    de, pl = RegionFactory(country="DE", code="DE128"), RegionFactory(country="PL", code="PL911")
    cooperatives, finance = TopicFactory(slug="cooperatives"), TopicFactory(slug="finance")
    neutral = dict.fromkeys(
        ("summary", "description", "main_institution", "resources", "evidence", "difficulties"), "Text of the template."
    )
    make = functools.partial(GoodPracticeFactory, **neutral, transfer_potential="Text of the template.")
    return {
        "shop": make(
            published=True,
            title="Village shop run by a cooperative",
            region=de,
            themes=[theme("awareness")],
            topics=[cooperatives],
            practice_type=PracticeType.PROJECT,
            target_groups=[TargetGroup.CONSUMERS, TargetGroup.RURAL_COMMUNITIES],
            rural_focus=True,
            start_date=datetime.date(2019, 5, 1),
            published_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        ),
        "fund": make(
            published=True,
            title="Guarantee fund for social enterprises",
            region=de,
            themes=[theme("access")],
            topics=[finance],
            practice_type=PracticeType.FINANCIAL_INSTRUMENT,
            target_groups=[TargetGroup.SOCIAL_ENTERPRISES],
            start_date=datetime.date(2015, 1, 1),
            end_date=datetime.date(2020, 12, 31),
            published_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
        ),
        "spoldzielnia": make(
            published=True,
            title="Spółdzielnia socjalna w gminie",
            summary="Asociación de productores y cooperativa de consumo.",
            region=pl,
            themes=[theme("strengthening"), theme("awareness")],
            topics=[cooperatives],
            practice_type=PracticeType.PROJECT,
            target_groups=[TargetGroup.JOBSEEKERS],
            rural_focus=True,
            start_date=datetime.date(2019, 9, 1),
            published_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
        ),
        "procurement": make(
            published=True,
            title="Social clauses in public procurement",
            region=pl,
            themes=[theme("access")],
            practice_type=PracticeType.POLICY,
            target_groups=[TargetGroup.PUBLIC_AUTHORITIES],
            start_date=datetime.date(2021, 1, 1),
            published_at=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC),
        ),
        "care": make(
            published=True,
            title="Care cooperative for older people",
            region=RegionFactory(country="LV", code="LV00A"),
            themes=[theme("social-innovation")],
            practice_type=PracticeType.SERVICE,
            target_groups=[TargetGroup.OLDER_PEOPLE],
            rural_focus=True,
            start_date=datetime.date(2022, 1, 1),
            published_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC),
        ),
        "draft": make(title="Draft cooperative idea", region=de, themes=[theme("awareness")]),
        "submitted": make(title="Submitted cooperative", state=State.SUBMITTED, region=de),
    }


def test_lists_published_practices_newest_first(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == [
        "Care cooperative for older people",
        "Social clauses in public procurement",
        "Spółdzielnia socjalna w gminie",
        "Guarantee fund for social enterprises",
        "Village shop run by a cooperative",
    ]
    assert response.context["page_obj"].paginator.count == 5
    assert "5 practices" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=access", {"fund", "procurement"}),
        ("topic=cooperatives", {"shop", "spoldzielnia"}),
        ("country=PL", {"spoldzielnia", "procurement"}),
        ("region=DE128", {"shop", "fund"}),
        ("type=project", {"shop", "spoldzielnia"}),
        ("target=older_people", {"care"}),
        ("rural=yes", {"shop", "spoldzielnia", "care"}),
        ("rural=no", {"fund", "procurement"}),
        ("status=ended", {"fund"}),
        ("status=ongoing", {"shop", "spoldzielnia", "procurement", "care"}),
        ("start=2019", {"shop", "spoldzielnia"}),
    ],
)
def test_every_facet_filters(client, catalogue, query, expected):
    response = client.get(f"{URL}?{query}")
    assert set(titles(response)) == {catalogue[key].title for key in expected}


def test_values_of_a_facet_combine_with_or_and_facets_with_and(client, catalogue):
    response = client.get(URL, {"theme": ["access", "social-innovation"], "country": ["PL", "LV"]})
    assert set(titles(response)) == {catalogue["procurement"].title, catalogue["care"].title}


def test_facet_counts_apply_the_other_filters_but_not_their_own(client, catalogue):
    response = client.get(URL, {"country": "PL", "rural": "yes"})
    assert set(titles(response)) == {catalogue["spoldzielnia"].title}
    # Countries under "rural=yes": DE has the shop, PL the spółdzielnia, LV the care service.
    assert counts(response, "country") == {"DE": 1, "LV": 1, "PL": 1}
    # Rural under "country=PL": one rural, one not.
    assert counts(response, "rural") == {"yes": 1, "no": 1}
    # Themes under both filters.
    assert counts(response, "theme") == {"awareness": 1, "strengthening": 1}


def test_values_that_would_give_nothing_are_not_offered_but_selected_ones_stay(client, catalogue):
    response = client.get(URL, {"country": "LV", "theme": "access"})
    assert titles(response) == []
    theme_counts = counts(response, "theme")
    assert theme_counts == {"access": 0, "social-innovation": 1}  # access stays: it can be unticked
    assert "awareness" not in theme_counts
    page = response.content.decode()
    assert 'name="theme" value="awareness"' not in page


def test_active_filters_can_be_removed_one_by_one_or_all_at_once(client, catalogue):
    response = client.get(URL, {"country": ["PL", "DE"], "theme": "access", "q": "social"})
    chips = {(chip.facet, chip.label): chip.remove_query for chip in response.context["active_filters"]}
    assert chips[("Country", "Poland")] == "q=social&theme=access&country=DE"
    assert chips[("Theme", "Access to procurement and finance")] == "q=social&country=PL&country=DE"
    assert f'href="{URL}">Clear all</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("asociacion", {"spoldzielnia"}),  # accents do not matter
        ("Spoldzielnia", {"spoldzielnia"}),
        ("COOPERATIVE", {"shop", "care"}),  # nor does case
        ('"social clauses"', {"procurement"}),  # a phrase
        ('"clauses social"', set()),
        ("guarantee or clauses", {"fund", "procurement"}),
        ("cooperative -care", {"shop"}),
        ("cooperative village", {"shop"}),  # every word must appear
    ],
)
def test_text_search_understands_web_search_syntax(client, catalogue, query, expected):
    response = client.get(URL, {"q": query})
    assert set(titles(response)) == {catalogue[key].title for key in expected}


def test_text_search_ranks_title_above_summary_above_description(client):
    in_description = GoodPracticeFactory(published=True, title="One", description="About beekeeping here.")
    in_title = GoodPracticeFactory(published=True, title="Beekeeping cooperative")
    in_summary = GoodPracticeFactory(published=True, title="Two", summary="Local beekeeping in villages.")
    response = client.get(URL, {"q": "beekeeping"})
    assert titles(response) == [in_title.title, in_summary.title, in_description.title]
    assert response.context["filter"].sort_order == "relevance"


def test_text_search_shows_an_escaped_snippet_with_the_match_marked(client):
    GoodPracticeFactory(published=True, title="Lunch", summary='Lunch for 3<5 people & more in our "kitchen" today.')
    page = client.get(URL, {"q": "kitchen"}).content.decode()
    snippet = fragment(page).find_all("p", **{"class": "card-text snippet"})[0]
    assert snippet.text.startswith('Lunch for 3<5 people & more in our "kitchen" today.')
    assert snippet.find("mark").text == "kitchen"
    # Escaped as the page has it.
    assert (
        '<p class="card-text snippet">Lunch for 3&lt;5 people &amp; more in our &quot;<mark>kitchen</mark>&quot; today.'
        in page
    )


def test_text_search_counts_respect_the_query(client, catalogue):
    response = client.get(URL, {"q": "cooperative"})
    assert counts(response, "country") == {"DE": 1, "LV": 1}


def test_a_query_that_finds_nothing_offers_similar_titles(client, catalogue):
    response = client.get(URL, {"q": "guarante fnd"})
    assert titles(response) == []
    assert [p.title for p in response.context["did_you_mean"]] == ["Guarantee fund for social enterprises"]
    assert "Did you mean" in response.content.decode()


@pytest.mark.parametrize("text", ["cooprative shopp", "vilage", '"vilage shop" -fund'])
def test_each_word_of_a_query_that_finds_nothing_is_matched_on_its_own(client, catalogue, text):
    response = client.get(URL, {"q": text})
    assert titles(response) == []
    assert [p.title for p in response.context["did_you_mean"]][:1] == ["Village shop run by a cooperative"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["care", "fund", "procurement", "spoldzielnia", "shop"]),
        ("start", ["care", "procurement", "spoldzielnia", "shop", "fund"]),
        ("newest", ["care", "procurement", "spoldzielnia", "fund", "shop"]),
    ],
)
def test_sorting(client, catalogue, sort, expected):
    response = client.get(URL, {"sort": sort})
    assert titles(response) == [catalogue[key].title for key in expected]


def test_pagination_keeps_every_filter(client):
    region = RegionFactory(country="ES")
    for n in range(45):
        GoodPracticeFactory(
            published=True,
            title=f"Rural practice {n:02d}",
            region=region,
            published_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=n),
        )
    response = client.get(URL, {"country": "ES", "q": "rural", "sort": "title", "page": 2})
    assert titles(response) == [f"Rural practice {n:02d}" for n in range(20, 40)]
    page = response.content.decode()
    assert 'href="?q=rural&amp;sort=title&amp;country=ES&amp;page=3"' in page
    assert 'href="?q=rural&amp;sort=title&amp;country=ES&amp;page=1"' in page
    assert client.get(URL, {"country": "ES", "page": 4}).status_code == 404


def test_an_unknown_value_is_reported_and_the_other_filters_still_apply(client, catalogue):
    response = client.get(URL, {"region": "XX999", "country": "LV"})
    assert titles(response) == [catalogue["care"].title]
    assert "Some filters could not be used" in response.content.decode()


def test_the_list_without_published_practices_says_so(client):
    GoodPracticeFactory()
    response = client.get(URL)
    assert titles(response) == []
    assert "No published practice matches these filters." in response.content.decode()


@pytest.mark.parametrize("query", [{}, {"theme": "awareness", "country": "DE"}, {"q": "cooperative", "rural": "yes"}])
def test_the_query_count_does_not_grow_with_the_practices(client, django_assert_num_queries, query):
    region = RegionFactory(country="DE")
    GoodPracticeFactory(published=True, title="A cooperative", region=region, rural_focus=True)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, query)
    for n in range(30):
        GoodPracticeFactory(
            published=True,
            title=f"Cooperative {n}",
            region=RegionFactory(country="DE"),
            rural_focus=True,
            topics=[TopicFactory()],
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL, query)


def test_a_region_includes_the_practices_of_the_regions_inside_it(client):
    state = RegionFactory(code="DE1", name="Baden-Württemberg", level=1, country="DE")
    district = RegionFactory(code="DE12", name="Karlsruhe", level=2, country="DE", parent=state)
    county = RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", level=3, country="DE", parent=district)
    in_county = GoodPracticeFactory(published=True, region=county)
    in_district = GoodPracticeFactory(published=True, region=district)
    GoodPracticeFactory(published=True, region=RegionFactory(code="DE21", level=2, country="DE"))
    assert set(titles(client.get(URL, {"region": "DE1"}))) == {in_county.title, in_district.title}
    assert titles(client.get(URL, {"region": "DE128"})) == [in_county.title]
    assert counts(client.get(URL, {"country": "DE"}), "region") == {"DE1": 2, "DE12": 2, "DE128": 1, "DE21": 1}


def test_regions_offered_are_the_partner_regions_or_those_of_the_chosen_countries(client):
    partner_region = PartnerFactory(
        region=RegionFactory(code="LV00A", name="Rīga", name_en="Riga", country="LV")
    ).region
    GoodPracticeFactory(published=True, region=partner_region)
    GoodPracticeFactory(published=True, region=RegionFactory(code="FR101", name="Paris", country="FR"))
    assert counts(client.get(URL), "region") == {"LV00A": 1}
    response = client.get(URL, {"country": "FR"})
    assert counts(response, "region") == {"FR101": 1}
    assert "Paris (FR101)" in response.content.decode()
