"""The review steps on a practice's admin page: who is offered them, and the page of each step."""

import pytest

from practices.models import CriterionAssessment, GoodPractice, Review, State
from tests.admin import admin_url
from tests.factories import (
    GoodPracticeFactory,
    ReviewerFactory,
)
from tests.practices.admin.helpers import CHANGELIST, messages_of, reviews_of, run_action, scores, step_url

pytestmark = pytest.mark.django_db


def test_staff_without_review_permission_are_not_offered_the_steps(client, editor_staff):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    client.force_login(editor_staff)
    changelist = client.get(CHANGELIST)
    actions = [name for name, _label in changelist.context["action_form"].fields["action"].choices]
    assert actions == ["", "delete_selected"]
    change_page = client.get(admin_url(GoodPractice, "change", practice.pk))
    assert change_page.context["workflow_steps"] == []
    assert step_url(practice, "publish") not in change_page.content.decode()


def test_staff_without_review_permission_cannot_publish(client, editor_staff):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    client.force_login(editor_staff)
    response = run_action(client, "publish_selected", [practice])
    assert response.status_code == 302
    assert messages_of(response) == [("warning", "No action selected.")]
    assert client.get(step_url(practice, "publish")).status_code == 403
    assert client.post(step_url(practice, "publish"), {"comment": ""}).status_code == 403
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert practice.published_at is None
    assert Review.objects.count() == 0


def test_staff_without_review_permission_cannot_request_changes(client, editor_staff):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    client.force_login(editor_staff)
    response = client.post(
        CHANGELIST,
        {"action": "request_changes_selected", "_selected_action": [practice.pk], "post": "yes", "comment": "No"},
    )
    assert response.status_code == 302
    assert client.post(step_url(practice, "request-changes"), {"comment": "No"}).status_code == 403
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED


def test_the_review_permission_without_staff_status_gives_no_access(client):
    reviewer = ReviewerFactory(is_staff=False)
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    client.force_login(reviewer)
    response = client.post(step_url(practice, "publish"), {"comment": ""})
    assert response.status_code == 302  # to the admin login page
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED


# Buttons and pages for one practice
@pytest.mark.parametrize(
    ("state", "steps"),
    [
        (State.DRAFT, []),
        (State.SUBMITTED, ["publish", "request-changes"]),
        (State.CHANGES_REQUESTED, []),
        (State.PUBLISHED, ["archive"]),
        (State.ARCHIVED, []),
    ],
)
def test_change_page_offers_the_steps_the_state_allows(reviewer_client, state, steps):
    practice = GoodPracticeFactory(state=state, published_at="2025-01-15T12:00:00Z" if state != "draft" else None)
    response = reviewer_client.get(admin_url(GoodPractice, "change", practice.pk))
    assert response.status_code == 200
    assert [(step.slug, url) for step, url in response.context["workflow_steps"]] == [
        (slug, step_url(practice, slug)) for slug in steps
    ]
    html = response.content.decode()
    for slug in steps:
        assert f'href="{step_url(practice, slug)}"' in html


def test_publish_page_with_criterion_assessments(reviewer_client, reviewer):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    page = reviewer_client.get(step_url(practice, "publish"))
    assert page.status_code == 200
    assert page.templates[0].name == "admin/practices/goodpractice/workflow_step.html"
    assert [criterion.label for criterion, _score, _note in page.context["form"].criteria()] == [
        "Relevance",
        "In place for at least two years",
        "Quality-assurance procedures",
        "Effectiveness and efficiency",
        "Sustainability",
        "Transferability",
        "Ethics",
    ]
    assert "It has been running for at least two years, long enough to show results." in page.content.decode()
    response = reviewer_client.post(
        step_url(practice, "publish"),
        {
            "comment": "A clear example for rural regions.",
            **scores(score="4"),
            "score_relevance": "5",
            "comment_relevance": "Answers the lack of shops in villages.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == admin_url(GoodPractice, "change", practice.pk)
    assert messages_of(response) == [("success", "Published 1 practice.")]
    practice.refresh_from_db()
    assert practice.state == State.PUBLISHED
    (review,) = practice.reviews.all()
    assert (review.from_state, review.to_state, review.actor, review.comment) == (
        "submitted",
        "published",
        reviewer,
        "A clear example for rural regions.",
    )
    assert review.assessments.get(criterion="relevance").comment == "Answers the lack of shops in villages."
    assert sorted(review.assessments.values_list("score", flat=True)) == [4, 4, 4, 4, 4, 4, 5]


def test_the_publish_page_refuses_an_incomplete_assessment(reviewer_client):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    response = reviewer_client.post(step_url(practice, "publish"), {"score_relevance": "5", "score_ethics": "4"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["__all__"] == ["Score all seven criteria to publish the practice."]
    assert sorted(name for name in errors if name != "__all__") == [
        "score_duration",
        "score_effectiveness",
        "score_quality_assurance",
        "score_sustainability",
        "score_transferability",
    ]
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert CriterionAssessment.objects.count() == 0


def test_a_criterion_comment_needs_a_score(reviewer_client):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    data = {**scores(), "score_ethics": "", "comment_ethics": "Fine"}
    response = reviewer_client.post(step_url(practice, "publish"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["score_ethics"] == ["Give a score to go with the comment."]
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert CriterionAssessment.objects.count() == 0


def test_request_changes_page(reviewer_client, reviewer):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    empty = reviewer_client.post(step_url(practice, "request-changes"), {"comment": ""})
    assert empty.status_code == 200
    assert empty.context["form"].errors == {"comment": ["This field is required."]}
    response = reviewer_client.post(step_url(practice, "request-changes"), {"comment": "Name the funding source."})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.state == State.CHANGES_REQUESTED
    assert reviews_of(practice) == [("submitted", "changes_requested", reviewer.username, "Name the funding source.")]


def test_archive_page(reviewer_client, reviewer):
    practice = GoodPracticeFactory(published=True)
    response = reviewer_client.post(step_url(practice, "archive"), {"comment": "The project ended in 2024."})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.state == State.ARCHIVED
    assert reviews_of(practice) == [("published", "archived", reviewer.username, "The project ended in 2024.")]


def test_a_step_the_state_does_not_allow_is_refused(reviewer_client):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    response = reviewer_client.post(step_url(practice, "archive"), {"comment": ""})
    assert response.status_code == 302
    assert response["Location"] == admin_url(GoodPractice, "change", practice.pk)
    assert messages_of(response) == [
        ("error", "Only a published practice can be archived; this one is “Submitted for review”.")
    ]
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert Review.objects.count() == 0


def test_an_unknown_step_is_not_found(reviewer_client):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    assert reviewer_client.get(step_url(practice, "delete-everything")).status_code == 404
