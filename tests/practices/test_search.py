"""Text search: stems and prefixes, exact matches first, the original language, and queries it refuses."""

import datetime

import pytest
from django.urls import reverse

from practices.models import GoodPractice
from practices.search import SearchText
from tests.factories import GoodPracticeFactory
from tests.html import fragment

pytestmark = pytest.mark.django_db

URL = reverse("practices:practice-list")


def published(title, summary="", description="", days_ago=0, **kwargs):
    """A published practice; the newer ones come first among equally relevant ones."""
    when = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC) - datetime.timedelta(days=days_ago)
    return GoodPracticeFactory(
        published=True, title=title, summary=summary, description=description, published_at=when, **kwargs
    )


def titles(response):
    return [practice.title for practice in response.context["practices"]]


@pytest.fixture
def catalogue():
    """Eight practices about cooperatives, growers, care and procurement, one of them in German."""
    return [
        published(
            "Olive oil from the mountains",
            "A cooperative of olive growers in Laconia presses and sells its oil together.",
            days_ago=1,
        ),
        published("Social cooperatives for home care", "Care workers own the cooperatives they work for.", days_ago=2),
        published("A cooperative village shop", "Residents run the last grocery shop of their village.", days_ago=3),
        published("Guarantee fund for social enterprises", "Banks lend to social enterprises with a guarantee."),
        published(
            "Growing social entrepreneurs",
            "A training programme for people who want to start a social enterprise.",
            description="Mentors who have grown a business of their own.",
            days_ago=4,
        ),
        published(
            "Local food label",
            "Consumers recognise food from local growers and producers.",
            days_ago=5,
        ),
        published("Public procurement with social clauses", "Tenders that reward work integration.", days_ago=6),
        published(
            "Village shops owned by their customers",
            "Village shops that the residents own.",
            original_language="de",
            title_original="Dorfläden in Bürgerhand",
            summary_original="Genossenschaften betreiben die Dorfläden in kleinen Gemeinden.",
            days_ago=7,
        ),
    ]


# The relevance set: a query and the three practices it must put first, in this order.
RELEVANCE = [
    ("cooperatives olive", ["Olive oil from the mountains"]),
    ("grower", ["Olive oil from the mountains", "Local food label"]),
    (
        "cooperatives",
        ["Social cooperatives for home care", "A cooperative village shop", "Olive oil from the mountains"],
    ),
    # "cooperative" is also the beginning of "cooperatives", as typed, in that title and summary.
    (
        "cooperative",
        ["Social cooperatives for home care", "A cooperative village shop", "Olive oil from the mountains"],
    ),
    ("social enterprise", ["Guarantee fund for social enterprises", "Growing social entrepreneurs"]),
    ("village shop", ["A cooperative village shop", "Village shops owned by their customers"]),
    ("grow", ["Growing social entrepreneurs", "Olive oil from the mountains", "Local food label"]),
]


@pytest.mark.parametrize(("query", "top"), RELEVANCE)
def test_the_relevance_set(client, catalogue, query, top):
    assert titles(client.get(URL, {"q": query}))[: len(top)] == top


def test_a_plural_and_a_singular_find_the_same_practice(client, catalogue):
    """The trial's case: the summary says "cooperative of olive growers"."""
    assert "Olive oil from the mountains" in titles(client.get(URL, {"q": "cooperatives olive"}))
    assert "Olive oil from the mountains" in titles(client.get(URL, {"q": "grower"}))


def test_a_word_found_as_typed_ranks_above_the_same_word_found_by_its_stem(catalogue):
    ranked = list(GoodPractice.objects.published().search("cooperatives").order_by("-rank"))
    assert ranked[0].title == "Social cooperatives for home care"  # "cooperatives", exactly
    assert {practice.title for practice in ranked[1:3]} == {
        "A cooperative village shop",
        "Olive oil from the mountains",
    }


def test_the_last_word_matches_as_a_prefix_and_only_the_last(client, catalogue):
    assert "Olive oil from the mountains" in titles(client.get(URL, {"q": "oil mount"}))
    assert titles(client.get(URL, {"q": "mount oil"})) == []  # "mount" is not the last word


def test_the_original_language_is_stemmed_for_readers_of_that_language(client, catalogue):
    """ "Genossenschaft" (singular) finds "Genossenschaften" through German stemming, for a German reader."""
    found = GoodPractice.objects.published().search("Genossenschaft Dorfladen", language="de")
    assert [practice.title for practice in found] == ["Village shops owned by their customers"]
    assert "Village shops owned by their customers" in titles(client.get("/de/practices/", {"q": "Dorfladen"}))
    # Unstemmed, in any language, the exact words still find it.
    assert [p.title for p in GoodPractice.objects.published().search("Dorfläden", language="pl")] == [
        "Village shops owned by their customers"
    ]


def test_the_snippet_marks_the_words_found_by_their_stem(client, catalogue):
    response = client.get(URL, {"q": "grower"})
    html = response.content.decode()
    assert "<mark>growers</mark>" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("-" * 40, "Type a word to look for: letters or digits."),
        ("- " * 40, "Type a word to look for: letters or digits."),
        ("-(" * 30, "Type a word to look for: letters or digits."),
        ("-olive -oil", "Say what to look for: a search cannot only leave words out."),
        (" ".join(f"word{n}" for n in range(13)), "Use at most 12 words or phrases in a search."),
        ('"' + " ".join(f"word{n}" for n in range(9)) + '"', "A phrase in quotes can have at most 8 words."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_a_query_the_search_cannot_run_is_explained_and_the_other_filters_still_apply(
    client, catalogue, query, message
):
    response = client.get(URL, {"q": query, "theme": "awareness"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be used and were left out:" in html
    assert f"Search: {message}" in html.replace("&#x27;", "'")
    assert response.context["filter"].text == ""


def test_the_query_language_is_bounded():
    query = SearchText.parse('olive "olive growers" -tea or coffee co-op')
    assert query.tsquery() == "'olive' & 'olive growers' & !'tea' & 'coffee' & 'co-op':*"
    assert SearchText.parse("oil or olive").tsquery() == "('oil' | 'olive')"  # no prefix in alternatives
    assert SearchText.parse("l'économie").tsquery(prefix=False) == "'l''économie'"


def test_did_you_mean_suggests_titles_like_a_misspelt_query(client, catalogue):
    response = client.get(URL, {"q": "cooperatvies"})
    assert titles(response) == []
    assert [practice.title for practice in response.context["did_you_mean"]][:1] == [
        "Social cooperatives for home care"
    ]


def test_the_help_says_plainly_how_to_search(client):
    help_text = fragment(client.get(URL).content.decode()).find("p", id="q-help").text
    assert help_text == (
        'Practices that contain all your words, in any form ("cooperative" also finds "cooperatives"). '
        'Put a phrase in "quotes", write OR between alternatives, and a minus before a word to leave it out: '
        "-tourism."
    )
