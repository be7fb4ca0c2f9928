"""The facet index stays in step with the practices, and its counts follow OR-within / AND-across.

Filtering goes through each facet's restrict() (the FilterSet's path); counting through facet_counts().
Both read the same index, so the tests check that they agree.
"""

import datetime

import pytest

from practices import facet_index
from practices.facet_counts import facet_counts
from practices.facets import FACETS
from practices.models import FacetBitmap, GoodPractice, State
from tests.factories import GoodPracticeFactory, RegionFactory, TopicFactory, seven_scores, theme

pytestmark = pytest.mark.django_db


def matching(selection):
    """The published practices that the facet filters of `selection` keep."""
    practices = GoodPractice.objects.published()
    for name, values in selection.items():
        practices = FACETS[name].restrict(practices, values)
    return set(practices)


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
    result = facet_counts({})
    assert result.total == 4
    assert result.counts["country"] == {"DE": 2, "PL": 2}
    assert result.count("theme", "awareness") == 2  # the draft does not count
    assert result.count("theme", "access") == 2
    assert result.counts["rural"] == {"yes": 2, "no": 2}
    assert result.counts["status"] == {"ongoing": 3, "ended": 1}
    assert matching({}) == {p for key, p in practices.items() if key != "de_draft"}


def test_values_of_one_facet_combine_with_or(practices):
    selection = {"theme": ["awareness", "social-innovation"]}
    assert matching(selection) == {practices[k] for k in ("de_awareness", "de_access", "pl_innovation")}
    assert facet_counts(selection).total == 3


def test_a_value_no_practice_has_ever_had_selects_none(practices):
    # No practice is in Norway: the index has no row for it, and the filter must still apply (it once was ignored,
    # and the list said "4 practices" above an empty page).
    selection = {"country": ["NO"], "theme": ["access"]}
    assert matching(selection) == set()
    result = facet_counts(selection)
    assert result.total == 0
    assert result.count("theme", "access") == 0  # the country filter applies to the other facets' counts
    assert result.counts["country"] == {"DE": 1, "PL": 1}  # and not to its own facet's
    assert facet_counts({"country": ["NO", "PL"]}).total == 2  # OR with a value that has practices


def test_facets_combine_with_and_and_counts_ignore_their_own_facet(practices):
    selection = {"theme": ["access"], "country": ["PL"]}
    result = facet_counts(selection)
    assert matching(selection) == {practices["pl_access"]}
    assert result.total == 1
    # Country counts apply the theme filter only: DE would give de_access, PL gives pl_access.
    assert result.counts["country"] == {"DE": 1, "PL": 1}
    # Theme counts apply the country filter only: PL has one access and one innovation practice.
    assert result.count("theme", "access") == 1
    assert result.count("theme", "social-innovation") == 1
    assert result.count("theme", "awareness") == 0
    # Other facets apply both filters.
    assert result.counts["rural"] == {"yes": 1, "no": 0}


def test_status_follows_the_end_date_and_todays_date(practices):
    ending = practices["de_access"]
    ending.end_date = datetime.date(2026, 3, 31)
    ending.save()
    before = facet_counts({"status": ["ended"]}, today=datetime.date(2026, 3, 31))
    after = facet_counts({"status": ["ended"]}, today=datetime.date(2026, 4, 1))
    assert before.counts["status"] == {"ended": 1, "ongoing": 3}
    assert after.counts["status"] == {"ended": 2, "ongoing": 2}
    # The same rule as the queryset's, which the status filter uses.
    published = GoodPractice.objects.published()
    assert set(published.ended(datetime.date(2026, 3, 31))) == {practices["pl_innovation"]}
    assert set(published.ended(datetime.date(2026, 4, 1))) == {practices["pl_innovation"], ending}
    assert published.ongoing(datetime.date(2026, 4, 1)).count() == 2


@pytest.mark.parametrize("days", [-400, -1, 0, 1, 400])
def test_the_status_counts_and_filters_agree_on_the_day_a_practice_ends(practices, days):
    """Ongoing until the end of its last day, by the counts and by the filter alike."""
    from django.utils import timezone

    ending = practices["de_access"]
    ending.end_date = timezone.localdate() + datetime.timedelta(days=days)
    ending.save()
    counts = facet_counts({}).counts["status"]
    assert counts["ended"] == len(matching({"status": ["ended"]}))
    assert counts["ongoing"] == len(matching({"status": ["ongoing"]}))
    assert (ending in matching({"status": ["ongoing"]})) == (days >= 0)


def test_text_matches_restrict_every_count(practices):
    result = facet_counts({}, text_matches={practices["de_awareness"].pk, practices["pl_access"].pk})
    assert result.total == 2
    assert result.counts["country"] == {"DE": 1, "PL": 1}
    assert result.counts["rural"] == {"yes": 2, "no": 0}


def test_a_facet_filter_keeps_the_practices_of_its_values(practices):
    assert matching({"country": ["DE"]}) == {practices["de_awareness"], practices["de_access"]}


class TestKeepingInStep:
    def test_publishing_adds_a_practice_and_archiving_removes_it(self, editor, reviewer):
        practice = GoodPracticeFactory(partner=editor.memberships.get().partner)
        assert facet_counts({}).total == 0
        practice.submit(editor)
        practice.publish(reviewer, assessments=seven_scores())
        assert facet_counts({}).total == 1
        practice.archive(reviewer)
        assert facet_counts({}).total == 0

    def test_changing_themes_topics_and_region_moves_the_practice(self, practices):
        practice = practices["pl_access"]
        topic = TopicFactory()
        practice.themes.set([theme("strengthening")])
        practice.topics.add(topic)
        practice.region = RegionFactory(country="LV")
        practice.save()
        result = facet_counts({})
        assert result.counts["country"] == {"DE": 2, "PL": 1, "LV": 1}
        assert result.count("theme", "strengthening") == 1
        assert result.count("theme", "access") == 1
        assert result.count("topic", topic.slug) == 1

    def test_deleting_a_practice_removes_it(self, practices):
        practices["de_access"].delete()
        assert facet_counts({}).counts["country"] == {"DE": 1, "PL": 2}

    def test_bit_strings_grow_with_the_ids(self, practices):
        big = GoodPracticeFactory(published=True, id=facet_index.GROWTH * 2 + 5)
        assert {len(bits) for bits in _lengths()} == {facet_index.GROWTH * 3}
        assert facet_counts({}).total == 5
        assert big in matching({"country": [big.region.country]})

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
    drafts = set(GoodPractice.objects.exclude(state=State.PUBLISHED))
    assert not matching({"theme": ["awareness"]}) & drafts
    assert facet_counts({}).count("theme", "awareness") == 2
