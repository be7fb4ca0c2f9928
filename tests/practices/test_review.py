"""The reviewers' queue and review page: what is waiting, what changed, the seven criteria and the decision."""

import datetime
import itertools

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from practices.diff import compare, inline_diff, snapshot_of_practice
from practices.models import Criterion, CriterionAssessment, GoodPractice, Review, State
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    RegionFactory,
    ReviewerFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
    seven_scores,
    theme,
)
from tests.html import fragment, texts

pytestmark = pytest.mark.django_db

QUEUE = "/practices/review/"
ALL_SEVEN = {f"score_{criterion}": "4" for criterion in Criterion.values}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def partner():
    return PartnerFactory(name="Region of Peloponnese", region=RegionFactory(code="EL651", name="Arkadia"))


@pytest.fixture
def editor(partner):
    return MembershipFactory(partner=partner, user__username="anna", user__first_name="Anna").user


@pytest.fixture
def reviewer():
    return ReviewerFactory(username="rita", first_name="Rita", last_name="Reviewer")


@pytest.fixture
def submitted(partner, editor):
    practice = GoodPracticeFactory(partner=partner, title="Village shop", slug="village-shop")
    practice.submit(editor)
    return GoodPractice.objects.get(pk=practice.pk)


def review_url(practice):
    return reverse("practices:practice-review", args=[practice.slug])


def decide(client, reviewer, practice, **data):
    client.force_login(reviewer)
    return client.post(review_url(practice), data)


def submitted_at(practice, when):
    Review.objects.filter(practice=practice, to_state=State.SUBMITTED).update(created_at=when)


def test_the_urls():
    assert reverse("practices:review-queue") == QUEUE
    assert reverse("practices:practice-review", args=["x"]) == "/practices/x/review/"


# -- the queue -----------------------------------------------------------------------------------


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
    # Session, user, their permissions (own and groups'), the user menu's membership check; the practices,
    # their latest submissions, the notifications.
    assert len(one.captured_queries) == 8
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


def user_of(kind, practice=None):
    if kind == "reviewer":
        return ReviewerFactory()
    if kind == "superuser":
        return SuperuserFactory()
    if kind == "partner editor":
        return MembershipFactory().user
    if kind == "owner's editor":
        return MembershipFactory(partner=practice.partner).user
    if kind == "plain staff":
        return StaffFactory()
    if kind == "staff who may view practices":
        user = StaffFactory()
        user.user_permissions.add(Permission.objects.get(codename="view_goodpractice"))
        return user
    if kind == "reviewer who is not staff":
        user = UserFactory()
        user.user_permissions.add(Permission.objects.get(codename="review_goodpractice"))
        return user
    raise ValueError(kind)


# -- the review page -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["owner's editor", "partner editor", "plain staff", "staff who may view practices"])
def test_the_review_page_is_not_found_for_anyone_but_reviewers(client, submitted, kind):
    client.force_login(user_of(kind, submitted))
    assert client.get(review_url(submitted)).status_code == 404
    assert client.post(review_url(submitted), {"decision": "publish", **ALL_SEVEN}).status_code == 404
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_anonymous_visitors_are_sent_to_log_in_from_the_review_page(client, submitted):
    response = client.post(review_url(submitted), {"decision": "publish", **ALL_SEVEN})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_the_review_page_shows_the_practice_as_it_will_be_published(client, submitted, reviewer):
    client.force_login(reviewer)
    html = client.get(review_url(submitted)).content.decode()
    assert texts(html, "h1") == ["Review: Village shop"]
    assert texts(html, "p", "practice-title") == ["Village shop"]
    assert texts(html, "div", "practice-summary") == ["A cooperative shop sells food from local social enterprises."]
    assert "Key facts" in texts(html, "h2")
    assert "Detailed description" in texts(html, "h2")
    assert (
        "This is a new practice, submitted for the first time: there is no earlier version to compare it with."
        in texts(html, "p")
    )
    assert texts(html, "legend", "criterion-name") == [
        "1. Relevance",
        "2. In place for at least two years",
        "3. Quality-assurance procedures",
        "4. Effectiveness and efficiency",
        "5. Sustainability",
        "6. Transferability",
        "7. Ethics",
    ]
    assert texts(html, "button", within="decision-buttons") == ["Publish", "Request changes"]
    assert len(fragment(html).find_all("input", type="radio", name="score_relevance")) == 5


def test_publish_with_all_seven_criteria(client, submitted, reviewer):
    data = {
        "decision": "publish",
        "comment": "Well documented.",
        **ALL_SEVEN,
        "score_ethics": "5",
        "comment_ethics": "Fair wages for everyone.",
    }
    response = decide(client, reviewer, submitted, **data)

    assert response.status_code == 302
    assert response["Location"] == "/practices/village-shop/"
    practice = GoodPractice.objects.get(pk=submitted.pk)
    assert practice.state == State.PUBLISHED
    review = practice.reviews.get(to_state=State.PUBLISHED)
    assert (review.actor, review.comment) == (reviewer, "Well documented.")
    assert list(review.assessments.order_by("criterion").values_list("criterion", "score", "comment")) == [
        ("duration", 4, ""),
        ("effectiveness", 4, ""),
        ("ethics", 5, "Fair wages for everyone."),
        ("quality_assurance", 4, ""),
        ("relevance", 4, ""),
        ("sustainability", 4, ""),
        ("transferability", 4, ""),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "The practice is published." in page


def test_publishing_is_refused_without_all_seven_scores(client, submitted, reviewer):
    data = {"decision": "publish", "comment": "Nice.", **ALL_SEVEN, "comment_ethics": "Unclear."}
    del data["score_ethics"], data["score_duration"]

    response = decide(client, reviewer, submitted, **data)

    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "li", within="alert-danger") == [
        "Score all seven criteria to publish the practice.",
        "In place for at least two years: Score this criterion to publish the practice.",
        "Ethics: Give a score to go with the comment.",
    ]
    assert 'href="#id_score_ethics_0"' in html
    # What the reviewer typed stays.
    assert "\nNice.</textarea>" in html and "\nUnclear.</textarea>" in html
    assert "checked" in fragment(html).find("input", name="score_relevance", value="4").attrs
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert not Review.objects.filter(to_state=State.PUBLISHED).exists()
    assert CriterionAssessment.objects.count() == 0


def test_an_out_of_range_score_is_refused(client, submitted, reviewer):
    response = decide(client, reviewer, submitted, decision="publish", **{**ALL_SEVEN, "score_relevance": "9"})
    assert response.status_code == 200
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert "Relevance: Select a valid choice. 9 is not one of the available choices." in texts(
        response.content.decode(), "li", within="alert-danger"
    )


def test_request_changes_with_a_comment(client, submitted, reviewer):
    response = decide(client, reviewer, submitted, decision="request_changes", comment="Add the budget, please.")
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    practice = GoodPractice.objects.get(pk=submitted.pk)
    assert practice.state == State.CHANGES_REQUESTED
    review = practice.reviews.get(to_state=State.CHANGES_REQUESTED)
    assert (review.actor, review.comment) == (reviewer, "Add the budget, please.")
    assert review.assessments.count() == 0


def test_request_changes_without_a_comment_shows_the_workflows_message(client, submitted, reviewer):
    response = decide(client, reviewer, submitted, decision="request_changes", comment="   ", **ALL_SEVEN)
    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "li", within="alert-danger") == [
        "Comment to the partner: Say what needs to change: a comment is required."
    ]
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_an_illegal_decision_shows_the_workflows_message(client, partner, reviewer):
    draft = GoodPracticeFactory(partner=partner, title="Not yet")
    response = decide(client, reviewer, draft, decision="publish", **ALL_SEVEN)
    assert response.status_code == 200
    assert texts(response.content.decode(), "li", within="alert-danger") == [
        "Only a submitted practice can be published; this one is “Draft”."
    ]
    assert GoodPractice.objects.get(pk=draft.pk).state == State.DRAFT


def test_a_decision_taken_meanwhile_by_another_reviewer_is_not_taken_twice(client, submitted, reviewer):
    submitted.publish(ReviewerFactory(), assessments=seven_scores())
    response = decide(client, reviewer, submitted, decision="request_changes", comment="Too late?")
    assert texts(response.content.decode(), "li", within="alert-danger") == [
        "Changes can be requested only for a submitted practice; this one is “Published”."
    ]
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.PUBLISHED


def test_a_practice_that_is_not_waiting_shows_no_decision_form(client, partner, reviewer):
    draft = GoodPracticeFactory(partner=partner)
    client.force_login(reviewer)
    html = client.get(review_url(draft)).content.decode()
    assert "This practice is not waiting for review: Draft. There is no decision to take." in texts(html, "div")
    assert "decision-heading" not in html


def test_a_get_never_decides(client, submitted, reviewer):
    client.force_login(reviewer)
    assert client.get(review_url(submitted), {"decision": "publish", **ALL_SEVEN}).status_code == 200
    assert client.put(review_url(submitted)).status_code == 405
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_a_missing_decision_is_refused(client, submitted, reviewer):
    response = decide(client, reviewer, submitted, **ALL_SEVEN)
    assert texts(response.content.decode(), "li", within="alert-danger") == ["Choose “Publish” or “Request changes”."]


# -- what changed --------------------------------------------------------------------------------


@pytest.fixture
def revision(partner, editor, reviewer):
    live = GoodPracticeFactory(
        partner=partner, title="Village shop", slug="village-shop", summary="A shop run by the village."
    )
    live.submit(editor)
    live.publish(reviewer, assessments=seven_scores())
    copy = GoodPractice.objects.get(pk=live.pk).start_revision(editor)
    copy.title = "Village shop and café"
    copy.summary = "A shop and café run by the village <together>."
    copy.rural_focus = True
    copy.save()
    copy.themes.add(theme("access"))
    copy.submit(editor)
    return GoodPractice.objects.get(pk=copy.pk)


def test_the_diff_of_a_revision_against_the_published_practice(client, revision, reviewer):
    client.force_login(reviewer)
    html = client.get(review_url(revision)).content.decode()
    assert texts(html, "h1") == ["Review: changes to Village shop"]
    assert table_rows(html) == [
        ["Title", "Village shop", "Village shop and café"],
        ["Summary", "A shop[added:] and café run by the [removed:] village.[added:] village <together>."],
        ["Rural focus", "No", "Yes"],
        ["Themes", "[added:] Access to procurement and finance Awareness of the social economy"],
    ]
    summary = (
        'A shop<ins><span class="visually-hidden">[added:] </span> and café</ins> run by the '
        '<del><span class="visually-hidden">[removed:] </span>village.</del>'
        '<ins><span class="visually-hidden">[added:] </span>village &lt;together&gt;.</ins>'
    )
    first_inline_diff = fragment(html).find_all("td", colspan="2", **{"class": "inline-diff"})[0]
    assert first_inline_diff.inner_markup == summary
    assert f'<td colspan="2" class="inline-diff">{summary}</td>' in html  # escaped as the page has it
    assert "Proposed changes against the published version" in html


def table_rows(html):
    """The cells of each body row of the diff table, as text."""
    body = fragment(html).find("table", **{"class": "table diff-table"}).find("tbody")
    return [row.texts("th") + row.texts("td") for row in body.find_all("tr")]


def test_publishing_a_revision_goes_to_the_published_practice(client, revision, reviewer):
    response = decide(client, reviewer, revision, decision="publish", **ALL_SEVEN)
    assert response.status_code == 302
    assert response["Location"] == "/practices/village-shop/"
    assert not GoodPractice.objects.filter(pk=revision.pk).exists()
    live = GoodPractice.objects.get(slug="village-shop")
    assert (live.title, live.state) == ("Village shop and café", State.PUBLISHED)
    assert live.published_assessment() is not None


def test_the_diff_of_a_resubmission_against_the_version_submitted_before(client, submitted, editor, reviewer):
    submitted.request_changes(reviewer, "Say how many jobs.")
    practice = GoodPractice.objects.get(pk=submitted.pk)
    practice.evidence = "Turnover grew every year, and 4 jobs were created."
    practice.save()
    practice.submit(editor)

    client.force_login(reviewer)
    html = client.get(review_url(practice)).content.decode()

    assert "Changes since the previous submission" in html
    assert [row[0] for row in table_rows(html)] == ["Evidence of success"]
    evidence = fragment(html).find("tr", **{"class": "diff-row diff-evidence"}).markup
    assert '<del><span class="visually-hidden">[removed:] </span>year.</del>' in evidence
    assert '<ins><span class="visually-hidden">[added:] </span>year, and 4 jobs were created.</ins>' in evidence
    assert texts(html, "td", within="review-steps") == [
        "Draft → Submitted for review",
        "Anna",
        "",
        "Submitted for review → Changes requested",
        "Rita Reviewer",
        "Say how many jobs.",
        "Changes requested → Submitted for review",
        "Anna",
        "",
    ]


def test_inline_diff_escapes_every_piece():
    assert inline_diff("<b>bold</b> text", "<b>bold</b> new text") == (
        '&lt;b&gt;bold&lt;/b&gt; <ins><span class="visually-hidden">[added:] </span>new </ins>text'
    )
    assert inline_diff("a\n<i>b</i>", "a\nc", kind="list") == (
        'a\n<del><span class="visually-hidden">[removed:] </span>&lt;i&gt;b&lt;/i&gt;</del>\n'
        '<ins><span class="visually-hidden">[added:] </span>c</ins>'
    )


def test_compare_lists_changed_fields_in_form_order_with_readable_values(partner):
    practice = GoodPracticeFactory(partner=partner, budget_eur=12500, start_date=datetime.date(2019, 3, 1))
    before = snapshot_of_practice(practice)
    practice.budget_eur = 13000
    practice.start_date = datetime.date(2020, 1, 2)
    practice.practice_type = "policy"
    practice.save()
    changes = compare(before, snapshot_of_practice(GoodPractice.objects.get(pk=practice.pk)))
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Type of practice", "Project", "Policy, strategy or regulation"),
        ("Start date", "March 1, 2019", "Jan. 2, 2020"),
        ("Budget (EUR)", "12,500", "13,000"),
    ]


def test_one_h1_headings_in_order_and_no_inline_style_or_script(client, revision, reviewer):
    client.force_login(reviewer)
    html = client.get(review_url(revision)).content.decode()
    levels = fragment(html).find("main").headings()
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert " style=" not in html
    assert fragment(html).inline_scripts() == []


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


def test_the_practice_page_links_reviewers_to_the_review(client, submitted, reviewer):
    client.force_login(reviewer)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert texts(html, "a", within="practice-actions") == ["Review this practice", "Revision history"]
    assert 'href="/practices/village-shop/review/"' in html
    client.force_login(MembershipFactory(partner=submitted.partner).user)
    assert "/review/" not in client.get(submitted.get_absolute_url()).content.decode()
