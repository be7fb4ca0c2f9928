"""The review workflow: every transition for every role (DESIGN.md section 5)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from practices.models import Criterion, CriterionAssessment, GoodPractice, Review, State, TransitionNotAllowed
from regions.models import Membership
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
    seven_scores,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(editor):
    return GoodPracticeFactory(partner=editor.memberships.get().partner)


def in_state(practice, state):
    """Put `practice` in `state` directly, as if it had got there through the workflow."""
    published_at = "2025-01-01T00:00Z" if state in (State.PUBLISHED, State.ARCHIVED) else None
    GoodPractice.objects.filter(pk=practice.pk).update(state=state, published_at=published_at)
    practice.refresh_from_db()
    return practice


def reviews(practice):
    return list(practice.reviews.values_list("from_state", "to_state", "comment"))


# -- the happy path ---------------------------------------------------------------------------


def test_full_journey_writes_one_review_per_step(practice, editor, reviewer):
    practice.submit(editor, "First version")
    practice.request_changes(reviewer, "Please add figures to the evidence.")
    practice.submit(editor, "Figures added")
    practice.publish(reviewer, "Well documented", assessments=seven_scores())
    practice.archive(reviewer, "Ended in 2025")

    practice.refresh_from_db()
    assert practice.state == State.ARCHIVED
    assert reviews(practice) == [
        ("draft", "submitted", "First version"),
        ("submitted", "changes_requested", "Please add figures to the evidence."),
        ("changes_requested", "submitted", "Figures added"),
        ("submitted", "published", "Well documented"),
        ("published", "archived", "Ended in 2025"),
    ]
    assert list(practice.reviews.values_list("actor", flat=True)) == [
        editor.pk,
        reviewer.pk,
        editor.pk,
        reviewer.pk,
        reviewer.pk,
    ]


def test_publishing_sets_the_publication_date_once(practice, editor, reviewer):
    practice.submit(editor)
    practice.publish(reviewer, assessments=seven_scores())
    first = GoodPractice.objects.get(pk=practice.pk).published_at
    assert first is not None
    # An archived practice keeps the date it was first published.
    practice.archive(reviewer)
    assert GoodPractice.objects.get(pk=practice.pk).published_at == first


def test_each_submission_stamps_the_practice_and_a_revision_starts_without_one(practice, editor, reviewer):
    assert practice.submitted_at is None
    practice.submit(editor)
    first = GoodPractice.objects.get(pk=practice.pk).submitted_at
    step = Review.objects.get(practice=practice, to_state=State.SUBMITTED)
    assert abs((step.created_at - first).total_seconds()) < 1
    practice.request_changes(reviewer, "Add figures.")
    practice.submit(editor, "Figures added.")
    second = GoodPractice.objects.get(pk=practice.pk).submitted_at
    assert second > first  # the queue orders by the latest submission
    practice.publish(reviewer, assessments=seven_scores())
    assert GoodPractice.objects.get(pk=practice.pk).submitted_at == second
    revision = practice.start_revision(editor)
    assert GoodPractice.objects.get(pk=revision.pk).submitted_at is None


def test_publish_stores_the_criterion_assessments(practice, editor, reviewer):
    practice.submit(editor)
    assessments = [
        CriterionAssessment(criterion=criterion, score=4, comment=f"{criterion} fine") for criterion in Criterion.values
    ]
    review = practice.publish(reviewer, "Good", assessments=assessments)
    assert sorted(review.assessments.values_list("criterion", "score")) == sorted((c, 4) for c in Criterion.values)


@pytest.mark.parametrize("scored", [0, 1, 6])
def test_publishing_needs_a_score_for_each_of_the_seven_criteria(practice, editor, reviewer, scored):
    """The rule holds for every path: the review page, the admin and the shell all call publish()."""
    practice.submit(editor)
    with pytest.raises(ValidationError) as refusal:
        practice.publish(reviewer, "Fine", assessments=seven_scores()[:scored])
    assert refusal.value.code == "criteria_missing"
    assert refusal.value.messages[0].startswith("Score all seven criteria to publish the practice; not scored: ")
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert list(practice.reviews.values_list("to_state", flat=True)) == [State.SUBMITTED]


def test_a_practice_in_another_state_is_refused_for_its_state_before_its_assessment(practice, reviewer):
    with pytest.raises(TransitionNotAllowed, match="Only a submitted practice can be published"):
        practice.publish(reviewer)


def test_an_invalid_assessment_rolls_the_whole_step_back(practice, editor, reviewer):
    practice.submit(editor)
    with pytest.raises(ValidationError):
        practice.publish(
            reviewer, assessments=[*seven_scores()[:6], CriterionAssessment(criterion=Criterion.ETHICS, score=9)]
        )
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert practice.reviews.count() == 1  # only the submission


def test_transitions_are_recorded_in_the_revision_history(practice, editor, reviewer):
    practice.submit(editor)
    practice.publish(reviewer, assessments=seven_scores())
    latest = practice.history.first()
    assert (latest.change, latest.from_state, latest.to_state, latest.history_user) == (
        "step",
        "submitted",
        "published",
        reviewer,
    )
    assert latest.change_shown == "Submitted for review → Published"


# -- submission -------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.DRAFT, State.CHANGES_REQUESTED])
def test_editor_submits_from_draft_and_changes_requested(practice, editor, state):
    in_state(practice, state).submit(editor)
    assert GoodPractice.objects.get(pk=practice.pk).state == State.SUBMITTED


@pytest.mark.parametrize("state", [State.SUBMITTED, State.PUBLISHED, State.ARCHIVED])
def test_submitting_from_other_states_is_refused(practice, editor, state):
    in_state(practice, state)
    with pytest.raises(TransitionNotAllowed) as error:
        practice.submit(editor)
    assert error.value.messages == [
        f"Only a draft or a practice with requested changes can be submitted; this one is “{State(state).label}”."
    ]
    assert GoodPractice.objects.get(pk=practice.pk).state == state
    assert not practice.reviews.exists()


def who(role, practice):
    """A user in `role` relative to `practice`."""
    if role == "anonymous":
        return AnonymousUser()
    if role == "other partner's editor":
        return MembershipFactory().user
    if role == "own partner's contact":
        return MembershipFactory(partner=practice.partner, role=Membership.Role.CONTACT).user
    if role == "inactive editor":
        return MembershipFactory(partner=practice.partner, user=UserFactory(is_active=False)).user
    if role == "plain staff":
        return StaffFactory()
    if role == "reviewer":
        return ReviewerFactory()
    if role == "superuser":
        return SuperuserFactory()
    raise ValueError(role)


@pytest.mark.parametrize(
    "role",
    ["anonymous", "other partner's editor", "own partner's contact", "inactive editor", "plain staff", "reviewer"],
)
def test_only_the_partners_editors_may_submit(practice, role):
    with pytest.raises(PermissionDenied, match="Only editors of the submitting partner can submit"):
        practice.submit(who(role, practice))
    assert GoodPractice.objects.get(pk=practice.pk).state == State.DRAFT


def test_an_incomplete_draft_cannot_be_submitted_and_says_what_is_missing(editor):
    practice = GoodPracticeFactory(
        partner=editor.memberships.get().partner, summary="", region=None, start_date=None, themes=[]
    )
    with pytest.raises(ValidationError) as error:
        practice.submit(editor)
    assert error.value.messages == ["Complete these fields before submitting: summary, themes, region, start date."]
    assert GoodPractice.objects.get(pk=practice.pk).state == State.DRAFT


def test_a_draft_needs_nothing_but_a_title_and_its_partner(editor):
    draft = GoodPractice.objects.create(title="Half-written idea", partner=editor.memberships.get().partner)
    assert draft.state == State.DRAFT
    assert draft.slug == "half-written-idea"
    assert len(draft.missing_for_submission()) == 13


# -- the reviewer's steps ---------------------------------------------------------------------

REVIEW_STEPS = {
    "publish": (State.SUBMITTED, State.PUBLISHED),
    "request_changes": (State.SUBMITTED, State.CHANGES_REQUESTED),
    "archive": (State.PUBLISHED, State.ARCHIVED),
}


@pytest.mark.parametrize("step", REVIEW_STEPS)
@pytest.mark.parametrize("role", ["reviewer", "superuser"])
def test_reviewers_take_the_review_steps(practice, step, role):
    from_state, to_state = REVIEW_STEPS[step]
    in_state(practice, from_state)
    user = who(role, practice)
    if step == "publish":
        practice.publish(user, "A comment", assessments=seven_scores())
    else:
        getattr(practice, step)(user, "A comment")
    assert GoodPractice.objects.get(pk=practice.pk).state == to_state
    assert Review.objects.get(practice=practice).actor == user


@pytest.mark.parametrize("step", REVIEW_STEPS)
@pytest.mark.parametrize("role", ["anonymous", "other partner's editor", "own partner's contact", "plain staff"])
def test_others_cannot_take_the_review_steps(practice, step, role):
    from_state, _ = REVIEW_STEPS[step]
    in_state(practice, from_state)
    with pytest.raises(PermissionDenied, match="Only reviewers of the project staff can take this step"):
        getattr(practice, step)(who(role, practice), "A comment")
    assert GoodPractice.objects.get(pk=practice.pk).state == from_state
    assert not practice.reviews.exists()


def test_the_partners_own_editor_cannot_publish_their_practice(practice, editor):
    in_state(practice, State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        practice.publish(editor, assessments=seven_scores())


def test_an_inactive_reviewer_cannot_publish(practice):
    in_state(practice, State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        practice.publish(ReviewerFactory(is_active=False))


@pytest.mark.parametrize(
    ("step", "state", "message"),
    [
        ("publish", State.DRAFT, "Only a submitted practice can be published; this one is “Draft”."),
        ("publish", State.PUBLISHED, "Only a submitted practice can be published; this one is “Published”."),
        ("publish", State.ARCHIVED, "Only a submitted practice can be published; this one is “Archived”."),
        (
            "request_changes",
            State.DRAFT,
            "Changes can be requested only for a submitted practice; this one is “Draft”.",
        ),
        (
            "request_changes",
            State.PUBLISHED,
            "Changes can be requested only for a submitted practice; this one is “Published”.",
        ),
        ("archive", State.DRAFT, "Only a published practice can be archived; this one is “Draft”."),
        (
            "archive",
            State.SUBMITTED,
            "Only a published practice can be archived; this one is “Submitted for review”.",
        ),
        ("archive", State.ARCHIVED, "Only a published practice can be archived; this one is “Archived”."),
    ],
)
def test_illegal_review_steps_are_refused_with_a_clear_message(practice, reviewer, step, state, message):
    in_state(practice, state)
    with pytest.raises(TransitionNotAllowed) as error:
        getattr(practice, step)(reviewer, "A comment")
    assert error.value.messages == [message]
    assert GoodPractice.objects.get(pk=practice.pk).state == state
    assert not practice.reviews.exists()


def test_the_state_in_the_database_decides_not_a_stale_copy(practice, editor, reviewer):
    """Two reviewers with the same submitted practice open: the second one's step is refused."""
    practice.submit(editor)
    first_copy = GoodPractice.objects.get(pk=practice.pk)
    second_copy = GoodPractice.objects.get(pk=practice.pk)
    first_copy.publish(reviewer, assessments=seven_scores())
    with pytest.raises(TransitionNotAllowed):
        second_copy.request_changes(ReviewerFactory(), "Too late")
    assert GoodPractice.objects.get(pk=practice.pk).state == State.PUBLISHED


@pytest.mark.parametrize("comment", ["", "   \n"])
def test_requesting_changes_needs_a_comment(practice, editor, reviewer, comment):
    practice.submit(editor)
    with pytest.raises(ValidationError) as error:
        practice.request_changes(reviewer, comment)
    assert error.value.messages == ["Say what needs to change: a comment is required."]
    assert GoodPractice.objects.get(pk=practice.pk).state == State.SUBMITTED
