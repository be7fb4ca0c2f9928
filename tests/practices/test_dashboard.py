""" "My practices": the partner's practices by state with the last comment and links, and notifications."""

import datetime
import itertools

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practices.models import GoodPractice, Notification, Review, State
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    ReviewerFactory,
    StaffFactory,
    TransferInterestFactory,
    UserFactory,
)
from tests.html import dom, fragment, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "/practices/mine/"


@pytest.fixture
def partner():
    return PartnerFactory(name="Region of Peloponnese", short_name="Peloponnese")


@pytest.fixture
def editor(partner):
    return MembershipFactory(partner=partner, user__username="anna", user__first_name="Anna").user


@pytest.fixture
def reviewer():
    return ReviewerFactory(username="rita", first_name="Rita", last_name="Reviewer")


def step(practice, user, to_state, comment="", when=None):
    """A review step written directly (the workflow is tested elsewhere), at `when`."""
    review = Review.objects.create(
        practice=practice, actor=user, from_state=practice.state, to_state=to_state, comment=comment
    )
    published_at = timezone.now() if to_state == State.PUBLISHED else practice.published_at
    GoodPractice.objects.filter(pk=practice.pk).update(state=to_state, published_at=published_at)
    if when:
        Review.objects.filter(pk=review.pk).update(created_at=when)
    return review


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour))  # in the portal's time zone


def page(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def group(page_html, state):
    return texts(page_html, "h4", within=f"state-{state}")


def test_the_url():
    assert reverse("practices:my-practices") == URL
    assert reverse("practices:notification-read", args=[7]) == "/practices/mine/notifications/7/read/"


def test_practices_grouped_by_state_and_revisions_as_changes(client, editor, partner, reviewer):
    GoodPracticeFactory(partner=partner, title="A draft")
    submitted = GoodPracticeFactory(partner=partner, title="Sent in")
    step(submitted, editor, State.SUBMITTED)
    fix = GoodPracticeFactory(partner=partner, title="To fix")
    step(fix, editor, State.SUBMITTED)
    step(GoodPractice.objects.get(pk=fix.pk), reviewer, State.CHANGES_REQUESTED, "Add the budget.")
    live = GoodPracticeFactory(partner=partner, title="Village shop", published=True)
    revision = live.start_revision(editor)
    GoodPracticeFactory(partner=partner, title="Old one", state=State.ARCHIVED, published_at=timezone.now())
    GoodPracticeFactory(title="Another partner's practice")

    html = page(client, editor)

    assert [t for t in texts(html, "h3") if "(" in t] == [
        "Draft (2)",
        "Submitted for review (1)",
        "Changes requested (1)",
        "Published (1)",
        "Archived (1)",
    ]
    assert group(html, "draft") == ["Changes to Village shop", "A draft"]  # newest change first
    assert group(html, "submitted") == ["Sent in"]
    assert group(html, "changes_requested") == ["To fix"]
    assert group(html, "published") == ["Village shop"]
    assert group(html, "archived") == ["Old one"]
    assert "Another partner's practice" not in html
    assert texts(html, "span", "pending-revision") == ["Proposed changes: Draft"]
    assert f'href="/practices/{revision.slug}/"' in html


def test_each_practice_with_its_last_review_comment_who_and_when(client, editor, partner, reviewer):
    practice = GoodPracticeFactory(partner=partner, title="To fix")
    step(practice, editor, State.SUBMITTED, "First try.", when=at(1))
    step(GoodPractice.objects.get(pk=practice.pk), reviewer, State.CHANGES_REQUESTED, "Add the budget.", when=at(2))
    step(GoodPractice.objects.get(pk=practice.pk), editor, State.SUBMITTED, "", when=at(3))  # no comment
    quiet = GoodPracticeFactory(partner=partner, title="No comments")
    step(quiet, editor, State.SUBMITTED, when=at(4))

    html = page(client, editor)

    assert texts(html, "blockquote", within="last-comment") == ["Add the budget."]
    assert texts(html, "figcaption", within="last-comment") == [
        "Changes requested: comment by Rita Reviewer, March 2, 2026, 10 a.m."
    ]


def test_links_to_view_edit_and_submit_for_editors(client, editor, partner):
    draft = GoodPracticeFactory(partner=partner, title="A draft", slug="a-draft")
    published = GoodPracticeFactory(partner=partner, title="Live", slug="live", published=True)

    html = page(client, editor)

    item = fragment(html).find("li", id=f"practice-{draft.pk}")
    assert 'href="/practices/a-draft/"' in item.markup
    assert 'href="/practices/a-draft/edit/"' in item.markup
    assert item.find("form", method="post", action="/practices/a-draft/submit/")
    assert "csrfmiddlewaretoken" in item.markup
    live = fragment(html).find("li", id=f"practice-{published.pk}")
    assert 'href="/practices/live/"' in live.markup
    assert "/practices/live/edit/" not in live.markup and "/submit/" not in live.markup
    assert live.find("form", method="post", action="/practices/live/revise/")


def test_contacts_see_their_partners_practices_without_edit_links(client, partner):
    contact = MembershipFactory(partner=partner, role="contact").user
    GoodPracticeFactory(partner=partner, title="A draft", slug="a-draft")
    html = page(client, contact)
    assert group(html, "draft") == ["A draft"]
    assert "/practices/a-draft/edit/" not in html and "/practices/a-draft/submit/" not in html
    assert "/practices/new/" not in html


def test_members_of_several_partners_see_all_their_practices(client, editor, partner):
    second = PartnerFactory(name="KMOP", short_name="KMOP")
    MembershipFactory(user=editor, partner=second)
    GoodPracticeFactory(partner=partner, title="Ours")
    GoodPracticeFactory(partner=second, title="Theirs")
    html = page(client, editor)
    assert sorted(group(html, "draft")) == ["Ours", "Theirs"]
    assert "KMOP ·" in html


@pytest.mark.parametrize("kind", ["no membership", "plain staff", "reviewer"])
def test_users_who_are_no_partners_members_are_forbidden(client, kind):
    user = {"no membership": UserFactory, "plain staff": StaffFactory, "reviewer": ReviewerFactory}[kind]()
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={URL}"


def test_the_query_count_does_not_grow_with_the_practices(client, editor, partner, reviewer, django_assert_num_queries):
    def add(n):
        for i in range(n):
            practice = GoodPracticeFactory(partner=partner, title=f"Practice {i}")
            review = step(practice, editor, State.SUBMITTED, f"Comment {i}")
            Notification.objects.create(recipient=editor, review=review)
            TransferInterestFactory(practice=GoodPracticeFactory(partner=partner, published=True))
            TransferInterestFactory(partner=partner)

    add(1)
    other = GoodPracticeFactory(partner=partner, published=True)
    other.start_revision(editor)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    add(8)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(URL).content.decode()
    # Session, user, the user menu's membership check; memberships, the memberships the access rules read;
    # the totals of the states, the latest practices of each of the five states, the last comments of all the
    # practices shown, the revisions under way; notifications, unread count, transfers in and out.
    assert len(one.captured_queries) == 5 + 1 + 5 + 1 + 1 + 4
    assert len(texts(html, "li", "dashboard-item")) == 9 + 9 + 2


# -- notifications -------------------------------------------------------------------------------


@pytest.fixture
def notifications(editor, partner, reviewer):
    practice = GoodPracticeFactory(partner=partner, title="Village shop")
    older = Notification.objects.create(
        recipient=editor, review=step(practice, reviewer, State.CHANGES_REQUESTED, "Add the budget.")
    )
    newer = Notification.objects.create(recipient=editor, review=step(practice, reviewer, State.PUBLISHED, ""))
    Notification.objects.filter(pk=older.pk).update(created_at=at(1), read_at=at(2))
    Notification.objects.filter(pk=newer.pk).update(created_at=at(3))
    return older, newer


def test_notifications_newest_first_with_unread_marked(client, editor, notifications):
    older, newer = notifications
    html = page(client, editor)
    assert texts(html, "p", "notification-text") == ["Published: Village shop", "Changes requested: Village shop"]
    assert texts(html, "li", "unread") == [
        "New Published: Village shop Rita Reviewer, March 3, 2026, 10 a.m. Mark as read: Village shop"
    ]
    assert texts(html, "blockquote", "notification-comment") == ["Add the budget."]
    assert f'action="/practices/mine/notifications/{newer.pk}/read/"' in html
    assert f'action="/practices/mine/notifications/{older.pk}/read/"' not in html  # already read
    assert texts(html, "span", within="notifications-heading") == ["1 unread"]


def test_mark_a_notification_as_read(client, editor, notifications):
    _, newer = notifications
    client.force_login(editor)
    response = client.post(reverse("practices:notification-read", args=[newer.pk]), {"next": "/practices/mine/#n"})
    assert response.status_code == 302
    assert response["Location"] == "/practices/mine/#n"
    newer.refresh_from_db()
    assert newer.read_at is not None


def test_marking_returns_only_to_pages_of_this_site(client, editor, notifications):
    _, newer = notifications
    client.force_login(editor)
    response = client.post(reverse("practices:notification-read", args=[newer.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == URL


def test_mark_all_as_read(client, editor, notifications, reviewer):
    someone_elses = Notification.objects.create(recipient=reviewer, review=notifications[0].review)
    client.force_login(editor)
    response = client.post(reverse("practices:notifications-read-all"))
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=editor).unread().count() == 0
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None


def test_marking_as_read_is_post_only(client, editor, notifications):
    client.force_login(editor)
    assert client.get(reverse("practices:notification-read", args=[notifications[1].pk])).status_code == 405
    assert client.get(reverse("practices:notifications-read-all")).status_code == 405
    assert Notification.objects.unread().count() == 1


@pytest.mark.parametrize("kind", ["another editor", "reviewer", "staff"])
def test_only_the_recipient_can_mark_a_notification(client, notifications, partner, kind):
    user = {
        "another editor": lambda: MembershipFactory(partner=partner).user,
        "reviewer": ReviewerFactory,
        "staff": StaffFactory,
    }[kind]()
    client.force_login(user)
    assert client.post(reverse("practices:notification-read", args=[notifications[1].pk])).status_code == 404
    assert Notification.objects.unread().count() == 1


def test_anonymous_visitors_cannot_mark(client, notifications):
    response = client.post(reverse("practices:notification-read", args=[notifications[1].pk]))
    assert response.status_code == 302
    assert Notification.objects.unread().count() == 1


def test_one_h1_headings_in_order_and_no_inline_style_or_script(client, editor, partner, notifications):
    GoodPracticeFactory(partner=partner, title="<script>alert(1)</script>")
    html = page(client, editor)
    levels = fragment(html).find("main").headings()
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert " style=" not in html
    assert fragment(html).inline_scripts() == []


def test_the_user_menu_links_to_my_practices_for_members_only(client, editor):
    client.force_login(editor)
    assert 'href="/practices/mine/"' in client.get("/").content.decode()
    client.force_login(StaffFactory())
    assert 'href="/practices/mine/"' not in client.get("/").content.decode()


# -- the practice page: "Propose changes" for the partner's editors --------------------------------


@pytest.mark.parametrize(
    ("kind", "shown"),
    [("owner's editor", True), ("owner's contact", False), ("other partner's editor", False), ("reviewer", False)],
)
def test_propose_changes_on_the_own_published_practice(client, partner, kind, shown):
    practice = GoodPracticeFactory(partner=partner, slug="live", published=True)
    user = {
        "owner's editor": lambda: MembershipFactory(partner=partner).user,
        "owner's contact": lambda: MembershipFactory(partner=partner, role="contact").user,
        "other partner's editor": lambda: MembershipFactory().user,
        "reviewer": ReviewerFactory,
    }[kind]()
    client.force_login(user)
    html = client.get(practice.get_absolute_url()).content.decode()
    revise = {"method": "post", "action": "/practices/live/revise/"}
    forms = [form for form in fragment(html).find_all("form") if form.attrs == revise]
    assert bool(forms) == shown
    if shown:
        assert texts(forms[0], "button") == ["Propose changes"]
        assert "csrfmiddlewaretoken" in forms[0].markup


def test_no_propose_changes_on_a_draft_or_for_visitors(client, editor, partner):
    draft = GoodPracticeFactory(partner=partner, slug="draft")
    client.force_login(editor)
    assert "/revise/" not in client.get(draft.get_absolute_url()).content.decode()
    client.logout()
    live = GoodPracticeFactory(partner=partner, slug="live", published=True)
    assert "/revise/" not in client.get(live.get_absolute_url()).content.decode()


def test_each_state_shows_its_latest_practices_and_its_own_page_shows_them_all(client, editor, partner):
    """A partner with many published practices keeps a short dashboard; the rest are a link away, 20 a page."""
    for number in range(23):
        GoodPracticeFactory(partner=partner, published=True, title=f"Published {number:02}")
    GoodPracticeFactory(partner=partner, title="Draft")
    client.force_login(editor)
    doc = dom(client.get(URL))
    published = doc.find("section", cls="state-published")
    assert published.texts("h3") == ["Published (23)"]
    assert len(published.find_all("li", cls="dashboard-item")) == 10
    assert [(a.text, a.attrs["href"]) for a in published.find_all("a") if "All" in a.text] == [
        ("All 23 practices: Published", "?state=published")
    ]
    assert doc.find("section", cls="state-draft").find_all("a", string="All 1 practice: Draft") == []

    first = dom(client.get(URL, {"state": "published"}))
    assert [section.attrs["class"] for section in first.find_all("section", cls="state-group")] == [
        "state-group state-published"
    ]
    assert len(first.find_all("li", cls="dashboard-item")) == 20
    second = dom(client.get(URL, {"state": "published", "page": "2"}))
    titles = second.texts("h4", cls="practice-name")
    assert len(titles) == 3
    assert second.find("a", rel="prev").attrs["href"] == "?state=published&page=1"
    # An unknown state is the whole dashboard again, a page beyond the last is the last one.
    assert len(dom(client.get(URL, {"state": "lost"})).find_all("section", cls="state-group")) == 5
    assert dom(client.get(URL, {"state": "published", "page": "99"})).texts("h4", cls="practice-name") == titles
