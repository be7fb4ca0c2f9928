"""The review steps as actions on the admin's list of practices: publish, request changes, archive."""

import pytest
from django.contrib.admin.models import LogEntry

from practices.models import Criterion, GoodPractice, Review, State
from tests.factories import (
    GoodPracticeFactory,
)
from tests.practices.admin.helpers import CHANGELIST, confirm, messages_of, reviews_of, run_action, scores

pytestmark = pytest.mark.django_db


def test_publishing_selected_practices_asks_for_each_ones_assessment(reviewer_client, reviewer):
    first = GoodPracticeFactory(state=State.SUBMITTED)
    second = GoodPracticeFactory(state=State.SUBMITTED)
    page = run_action(reviewer_client, "publish_selected", [first, second])
    assert page.status_code == 200
    assert page.templates[0].name == "admin/practices/goodpractice/bulk_step.html"
    assert {practice: form.prefix for practice, form in page.context["rows"]} == {
        first: f"practice-{first.pk}",
        second: f"practice-{second.pk}",
    }
    assert GoodPractice.objects.filter(state=State.PUBLISHED).count() == 0

    response = confirm(reviewer_client, "publish_selected", [first, second], **scores(first), **scores(second, "5"))
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    assert messages_of(response) == [("success", "Published 2 practices.")]
    for practice, score in ((first, 4), (second, 5)):
        practice.refresh_from_db()
        assert practice.state == State.PUBLISHED
        assert practice.published_at is not None
        assert reviews_of(practice) == [("submitted", "published", reviewer.username, "")]
        assessment = practice.reviews.get().assessments
        assert sorted(assessment.values_list("criterion", "score")) == sorted((c, score) for c in Criterion.values)
    entry = LogEntry.objects.get(object_id=str(first.pk))
    assert (entry.user, entry.get_change_message()) == (reviewer, "Workflow step: Publish.")
    latest = first.history.first()
    assert (latest.state, latest.history_user, latest.change_shown) == (
        "published",
        reviewer,
        "Submitted for review → Published",
    )


def test_publishing_selected_practices_without_their_seven_scores_changes_nothing(reviewer_client):
    first = GoodPracticeFactory(state=State.SUBMITTED)
    second = GoodPracticeFactory(state=State.SUBMITTED)
    six = {name: score for name, score in scores(second).items() if not name.endswith("ethics")}
    response = confirm(reviewer_client, "publish_selected", [first, second], **scores(first), **six)
    assert response.status_code == 200
    forms = dict(response.context["rows"])
    assert forms[first].errors == {}
    assert forms[second].errors == {
        "__all__": ["Score all seven criteria to publish the practice."],
        "score_ethics": ["Score this criterion to publish the practice."],
    }
    assert GoodPractice.objects.filter(state=State.PUBLISHED).count() == 0
    assert Review.objects.filter(to_state=State.PUBLISHED).count() == 0


def test_publishing_reports_the_practices_the_workflow_refuses(reviewer_client, reviewer):
    submitted = GoodPracticeFactory(state=State.SUBMITTED)
    draft = GoodPracticeFactory(state=State.DRAFT, title="Half-written practice")
    other_draft = GoodPracticeFactory(state=State.DRAFT, title="Another draft")
    page = run_action(reviewer_client, "publish_selected", [submitted, draft, other_draft])
    assert set(page.context["left"]) == {draft, other_draft}
    response = confirm(reviewer_client, "publish_selected", [submitted, draft, other_draft], **scores(submitted))
    assert messages_of(response) == [
        ("success", "Published 1 practice."),
        (
            "error",
            "Not published: “Another draft”, “Half-written practice”. "
            "Only a submitted practice can be published; this one is “Draft”.",
        ),
    ]
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert Review.objects.filter(practice__in=[draft, other_draft]).count() == 0
    submitted.refresh_from_db()
    assert submitted.state == State.PUBLISHED


def test_a_step_none_of_the_selected_practices_can_take_is_refused_at_once(reviewer_client):
    draft = GoodPracticeFactory(state=State.DRAFT, title="Half-written practice")
    response = run_action(reviewer_client, "publish_selected", [draft])
    assert response.status_code == 302
    assert messages_of(response) == [
        (
            "error",
            "Not published: “Half-written practice”. Only a submitted practice can be published; this one is “Draft”.",
        )
    ]


def test_request_changes_asks_for_a_comment_first(reviewer_client):
    practice = GoodPracticeFactory(state=State.SUBMITTED, title="Rural food hub")
    draft = GoodPracticeFactory(state=State.DRAFT)
    response = run_action(reviewer_client, "request_changes_selected", [practice, draft])
    assert response.status_code == 200
    assert response.templates[0].name == "admin/practices/goodpractice/bulk_step.html"
    assert [row_practice for row_practice, _form in response.context["rows"]] == [practice]
    assert response.context["left"] == [draft]
    assert 'name="post" value="yes"' in response.content.decode()
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert Review.objects.count() == 0


def test_request_changes_with_a_comment(reviewer_client, reviewer):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    response = confirm(
        reviewer_client, "request_changes_selected", [practice], comment="Add the figures of 2024 to the results."
    )
    assert response.status_code == 302
    assert messages_of(response) == [("success", "Requested changes to 1 practice.")]
    practice.refresh_from_db()
    assert practice.state == State.CHANGES_REQUESTED
    assert reviews_of(practice) == [
        ("submitted", "changes_requested", reviewer.username, "Add the figures of 2024 to the results.")
    ]


def test_request_changes_without_a_comment_changes_nothing(reviewer_client):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    response = confirm(reviewer_client, "request_changes_selected", [practice], comment="  ")
    assert response.status_code == 200
    assert response.context["shared_form"].errors == {"comment": ["This field is required."]}
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert Review.objects.count() == 0


def test_reviewer_archives_a_published_practice(reviewer_client, reviewer):
    published = GoodPracticeFactory(published=True)
    submitted = GoodPracticeFactory(state=State.SUBMITTED, title="Still in review")
    page = run_action(reviewer_client, "archive_selected", [published, submitted])
    assert page.status_code == 200
    assert page.context["left"] == [submitted]
    response = confirm(reviewer_client, "archive_selected", [published, submitted], comment="It has ended.")
    assert messages_of(response) == [
        ("success", "Archived 1 practice."),
        (
            "error",
            "Not archived: “Still in review”. Only a published practice can be archived; "
            "this one is “Submitted for review”.",
        ),
    ]
    published.refresh_from_db()
    assert published.state == State.ARCHIVED
    assert reviews_of(published) == [("published", "archived", reviewer.username, "It has ended.")]
