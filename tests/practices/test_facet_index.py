"""The facet index stays in step with the practices, and its counts follow OR-within / AND-across."""

import datetime

import pytest

from practices import facet_index
from practices.facet_search import facet_search, matching
from practices.models import FacetBitmap, GoodPractice, State
from tests.factories import GoodPracticeFactory, RegionFactory, TopicFactory, theme

pytestmark = pytest.mark.django_db


def ids(bits):
    return {n for n, bit in enumerate(bits) if bit == "1"}


@pytest.fixture
def practices():
    """Four published practices and a draft, in two countries and three themes."""
    de, pl = RegionFactory(country="DE"), RegionFactory(country="PL")
    awareness, access, innovation = theme("awareness"), theme("access"), theme("social-innovation")
    return {
        "de_awareness": GoodPracticeFactory(published=True, region=de, themes=[awareness], rural_focus=True),
        "de_access": GoodPracticeFactory(published=True, region=de, themes=[access, awareness]),
        "pl_access": GoodPracticeFactory(published=True, region=pl, themes=[access], rural_focus=True),
        "pl_innovation": GoodPracticeFactory(
            published=True, region=pl, themes=[innovation], end_date=datetime.date(2020, 6, 30)
        ),
        "de_draft": GoodPracticeFactory(region=de, themes=[awareness]),
    }


def test_without_filters_each_value_counts_its_published_practices(practices):
    result = facet_search({})
    awareness, access = str(theme("awareness").pk), str(theme("access").pk)
    assert result.total == 4
    assert result.counts["country"] == {"DE": 2, "PL": 2}
    assert result.count("theme", awareness) == 2  # the draft does not count
    assert result.count("theme", access) == 2
    assert result.counts["rural"] == {"yes": 2, "no": 2}
    assert result.counts["status"] == {"ongoing": 3, "ended": 1}
    assert ids(result.bits) == {p.pk for key, p in practices.items() if key != "de_draft"}


def test_values_of_one_facet_combine_with_or(practices):
    awareness, innovation = str(theme("awareness").pk), str(theme("social-innovation").pk)
    result = facet_search({"theme": [awareness, innovation]})
    assert ids(result.bits) == {practices[k].pk for k in ("de_awareness", "de_access", "pl_innovation")}
    assert result.total == 3


def test_facets_combine_with_and_and_counts_ignore_their_own_facet(practices):
    access = str(theme("access").pk)
    result = facet_search({"theme": [access], "country": ["PL"]})
    assert ids(result.bits) == {practices["pl_access"].pk}
    # Country counts apply the theme filter only: DE would give de_access, PL gives pl_access.
    assert result.counts["country"] == {"DE": 1, "PL": 1}
    # Theme counts apply the country filter only: PL has one access and one innovation practice.
    assert result.count("theme", access) == 1
    assert result.count("theme", theme("social-innovation").pk) == 1
    assert result.count("theme", theme("awareness").pk) == 0
    # Other facets apply both filters.
    assert result.counts["rural"] == {"yes": 1, "no": 0}


def test_status_follows_the_end_date_and_todays_date(practices):
    ending = practices["de_access"]
    ending.end_date = datetime.date(2026, 3, 31)
    ending.save()
    before = facet_search({"status": ["ended"]}, today=datetime.date(2026, 3, 31))
    after = facet_search({"status": ["ended"]}, today=datetime.date(2026, 4, 1))
    assert ids(before.bits) == {practices["pl_innovation"].pk}
    assert ids(after.bits) == {practices["pl_innovation"].pk, ending.pk}
    assert after.counts["status"] == {"ended": 2, "ongoing": 2}


def test_text_matches_restrict_every_count(practices):
    result = facet_search({}, text_matches={practices["de_awareness"].pk, practices["pl_access"].pk})
    assert result.total == 2
    assert result.counts["country"] == {"DE": 1, "PL": 1}
    assert result.counts["rural"] == {"yes": 2, "no": 0}


def test_matching_filters_a_queryset_by_the_result(practices):
    result = facet_search({"country": ["DE"]})
    assert set(matching(GoodPractice.objects.all(), result.bits)) == {practices["de_awareness"], practices["de_access"]}


class TestKeepingInStep:
    def test_publishing_adds_a_practice_and_archiving_removes_it(self, editor, reviewer):
        practice = GoodPracticeFactory(partner=editor.memberships.get().partner)
        assert facet_search({}).total == 0
        practice.submit(editor)
        practice.publish(reviewer)
        assert facet_search({}).total == 1
        practice.archive(reviewer)
        assert facet_search({}).total == 0

    def test_changing_themes_topics_and_region_moves_the_practice(self, practices):
        practice = practices["pl_access"]
        topic = TopicFactory()
        practice.themes.set([theme("strengthening")])
        practice.topics.add(topic)
        practice.region = RegionFactory(country="LV")
        practice.save()
        result = facet_search({})
        assert result.counts["country"] == {"DE": 2, "PL": 1, "LV": 1}
        assert result.count("theme", theme("strengthening").pk) == 1
        assert result.count("theme", theme("access").pk) == 1
        assert result.count("topic", topic.pk) == 1

    def test_deleting_a_practice_removes_it(self, practices):
        practices["de_access"].delete()
        assert facet_search({}).counts["country"] == {"DE": 1, "PL": 2}

    def test_bit_strings_grow_with_the_ids(self, practices):
        big = GoodPracticeFactory(published=True, id=facet_index.GROWTH * 2 + 5)
        assert {len(bits) for bits in _lengths()} == {facet_index.GROWTH * 3}
        result = facet_search({})
        assert result.total == 5
        assert big.pk in ids(result.bits)

    def test_rebuild_gives_the_same_index_as_the_incremental_updates(self, practices):
        before = _snapshot()
        facet_index.rebuild()
        assert _snapshot() == before


def _lengths():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT bits::text FROM practices_facetbitmap")
        return [row[0] for row in cursor.fetchall()]


def _snapshot():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT facet, value, bit_count(bits), rtrim(bits::text, '0') FROM practices_facetbitmap")
        return {row for row in cursor.fetchall() if row[2] > 0}


def test_the_index_holds_only_published_practices(practices):
    assert FacetBitmap.objects.filter(facet="all").count() == 1
    drafts = GoodPractice.objects.exclude(state=State.PUBLISHED)
    result = facet_search({})
    assert not ids(result.bits) & set(drafts.values_list("pk", flat=True))
