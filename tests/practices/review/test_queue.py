"""The reviewers' queue: what is waiting, oldest first, who may see it, and the reviewers' notifications."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    ReviewerFactory,
    StaffFactory,
)
from tests.html import texts
from tests.practices.review.helpers import QUEUE, submitted_at, user_of

pytestmark = pytest.mark.django_db


def test_the_urls():
    assert reverse("practices:review-queue") == QUEUE
    assert reverse("practices:practice-review", args=["x"]) == "/practices/x/review/"


def test_the_queue_lists_submissions_oldest_first_with_partner_region_when_and_who(client, partner, editor, reviewer):
    newest = GoodPracticeFactory(partner=partner, title="Newest")
    newest.submit(editor)
    oldest = GoodPracticeFactory(title="Oldest", partner=PartnerFactory(name="KMOP"))
    oldest.submit(MembershipFactory(partner=oldest.partner, user__username="kostas").user)
    live = GoodPracticeFactory(partner=partner, title="Live", published=True)
    revision = live.start_revision(editor)
    revision.submit(editor)
    GoodPracticeFactory(partner=partner, title="Still a draft")
    GoodPracticeFactory(partner=partner, title="Already out", published=True)
    submitted_at(newest, timezone.make_aware(datetime.datetime(2026, 3, 3, 9)))
    submitted_at(oldest, timezone.make_aware(datetime.datetime(2026, 3, 1, 9)))
    submitted_at(revision, timezone.make_aware(datetime.datetime(2026, 3, 2, 9)))

    client.force_login(reviewer)
    html = client.get(QUEUE).content.decode()

    rows = texts(html, "tr", within="review-queue")[1:]
    assert rows == [
        f"Oldest KMOP {oldest.region.display_name}, Greece March 1, 2026, 9 a.m. by kostas",
        "Changes to Live Proposed changes to a published practice Region of Peloponnese Arkadia, Greece "
        "March 2, 2026, 9 a.m. by Anna",
        "Newest Region of Peloponnese Arkadia, Greece March 3, 2026, 9 a.m. by Anna",
    ]
    assert texts(html, "caption", within="review-queue") == ["3 submissions waiting for review"]
    assert f'href="/practices/{revision.slug}/review/"' in html


def test_the_queue_says_when_nothing_waits(client, reviewer):
    client.force_login(reviewer)
    assert texts(client.get(QUEUE).content.decode(), "p", "empty-state")[0] == "Nothing is waiting for review."


def test_the_queue_shows_the_reviewers_notifications(client, reviewer, submitted):
    client.force_login(reviewer)
    html = client.get(QUEUE).content.decode()
    assert texts(html, "p", "notification-text") == ["Submitted for review: Village shop"]
    assert texts(html, "a", within="notification-text") == ["Village shop"]
    assert 'href="/practices/village-shop/review/">Village shop</a>' in html


def test_the_queue_query_count_does_not_grow(client, partner, editor, reviewer, django_assert_num_queries):
    GoodPracticeFactory(partner=partner).submit(editor)
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for _ in range(6):
        GoodPracticeFactory(partner=partner).submit(editor)
    live = GoodPracticeFactory(partner=partner, published=True)
    live.start_revision(editor).submit(editor)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(QUEUE).content.decode()
    # Session, user, their permissions (own and groups'), the user menu's membership check; the count of the
    # submissions (for the pages), the practices, their latest submissions, the notifications.
    assert len(one.captured_queries) == 9
    assert len(texts(html, "tr", within="review-queue")) == 1 + 8


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("reviewer", 200),
        ("superuser", 200),
        ("partner editor", 403),
        ("plain staff", 403),
        ("staff who may view practices", 403),
        ("reviewer who is not staff", 403),
    ],
)
def test_who_may_see_the_queue(client, kind, status):
    client.force_login(user_of(kind))
    assert client.get(QUEUE).status_code == status


def test_anonymous_visitors_are_sent_to_log_in_from_the_queue(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={QUEUE}"


def test_the_queue_offers_mark_all_as_read_while_something_is_unread(client, reviewer, submitted):
    client.force_login(reviewer)
    assert "/practices/mine/notifications/read/" in client.get(QUEUE).content.decode()
    response = client.post(reverse("practices:notifications-read-all"), {"next": QUEUE})
    assert response["Location"] == QUEUE
    html = client.get(QUEUE).content.decode()
    assert "/practices/mine/notifications/read/" not in html
    assert texts(html, "span", "unread-badge") == []


def test_the_user_menu_links_to_the_queue_for_reviewers_only(client, submitted):
    client.force_login(ReviewerFactory())
    assert 'href="/practices/review/"' in client.get("/").content.decode()
    for user in (StaffFactory(), MembershipFactory().user):
        client.force_login(user)
        assert 'href="/practices/review/"' not in client.get("/").content.decode()


def test_the_queue_is_read_25_submissions_a_page(client, partner, editor, reviewer):
    for number in range(27):
        GoodPracticeFactory(partner=partner, title=f"Practice {number:02}").submit(editor)
    client.force_login(reviewer)
    first = client.get(QUEUE).content.decode()
    assert len(texts(first, "tr", within="review-queue")) == 1 + 25
    assert "27 submissions waiting for review" in first
    second = client.get(QUEUE, {"page": "2"}).content.decode()
    assert len(texts(second, "tr", within="review-queue")) == 1 + 2
