"""The number of queries of a practice's page does not grow with what the practice holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    GoodPracticeFactory,
    ReviewerFactory,
    theme,
)
from tests.html import texts
from tests.practices.detail.helpers import many_things, page_of, table_rows

pytestmark = pytest.mark.django_db


# The practice; its themes, topics, images, attachments, results, policy instruments, transfer interests,
# events, publishing review and its assessments; the related practices.
QUERIES = 12


def test_the_query_count_does_not_grow_with_what_the_practice_holds(client, django_assert_num_queries, partner):
    reviewer = ReviewerFactory()
    few = GoodPracticeFactory(published=True, partner=partner)
    many_things(few, reviewer, images=1, results=1, topics=1, transfers=1, events=1, instruments=1)
    many = GoodPracticeFactory(
        published=True,
        partner=partner,
        themes=[theme("awareness"), theme("access"), theme("strengthening"), theme("social-innovation")],
    )
    many_things(many, reviewer, images=6, results=8, topics=5, transfers=3, events=3, instruments=3)
    for _ in range(6):
        GoodPracticeFactory(published=True, partner=partner)
    with CaptureQueriesContext(connection) as one:
        page_of(client, few)
    with django_assert_num_queries(len(one.captured_queries)):
        page = page_of(client, many)
    assert len(one.captured_queries) == QUERIES
    assert len(texts(page, "li", "gallery-item")) == 6
    assert len(table_rows(page, "evidence-heading")) == 8
    assert len(table_rows(page, "assessment-heading")) == 7
    assert len(texts(page, "li", "transfer")) == 3
    assert len(texts(page, "h3", within="related-practices")) == 4


def test_the_query_count_is_the_same_for_a_reviewer(client, django_assert_num_queries, partner):
    reviewer = ReviewerFactory()
    few = GoodPracticeFactory(partner=partner)
    many_things(few, reviewer, images=1, results=1, topics=1, transfers=1, events=1, instruments=1)
    many = GoodPracticeFactory(partner=partner)
    many_things(many, reviewer, images=6, results=8, topics=5, transfers=3, events=3, instruments=3)
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as one:
        page_of(client, few)
    with django_assert_num_queries(len(one.captured_queries)):
        page_of(client, many)
