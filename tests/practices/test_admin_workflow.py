"""Review of practices in the staff admin: every step goes through GoodPractice's workflow methods."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages

from practices.models import Criterion, CriterionAssessment, GoodPractice, Review, State
from tests.admin import admin_url, grant, inline_management_data, practice_form_data
from tests.factories import (
    GoodPracticeFactory,
    PartnerFactory,
    ReviewerFactory,
    StaffFactory,
    SuperuserFactory,
    seven_scores,
    theme,
)

pytestmark = pytest.mark.django_db

CHANGELIST = admin_url(GoodPractice, "changelist")


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def run_action(client, action, practices, **extra):
    data = {"action": action, "_selected_action": [p.pk for p in practices], "index": "0", **extra}
    return client.post(CHANGELIST, data)


def step_url(practice, step):
    return admin_url(GoodPractice, "workflow", practice.pk, step)


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def reviews_of(practice):
    return list(practice.reviews.values_list("from_state", "to_state", "actor__username", "comment"))


# Actions on the changelist


def scores(practice=None, score="4"):
    """The seven scores as the admin's publish form posts them (with the practice's prefix on the bulk page)."""
    prefix = f"practice-{practice.pk}-" if practice else ""
    return {f"{prefix}score_{criterion}": score for criterion in Criterion}


def confirm(client, action, practices, **data):
    """The second step of a workflow action: the intermediate page's form, sent."""
    return run_action(client, action, practices, post="yes", **data)


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


# Staff without the review permission


@pytest.fixture
def editor_staff(db):
    """Staff who may edit and delete practices but not review them."""
    return grant(
        StaffFactory(),
        "practices.view_goodpractice",
        "practices.change_goodpractice",
        "practices.delete_goodpractice",
    )


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


# The state is never edited in the form


def test_state_is_read_only_in_the_form(reviewer_client):
    practice = GoodPracticeFactory(state=State.SUBMITTED, title="Old title")
    url = admin_url(GoodPractice, "change", practice.pk)
    page = reviewer_client.get(url)
    assert "state" not in page.context["adminform"].form.fields
    response = reviewer_client.post(url, practice_form_data(page, title="New title", state=State.PUBLISHED))
    assert response.status_code == 302, response.context["errors"]
    practice.refresh_from_db()
    assert (practice.title, practice.state, practice.published_at) == ("New title", State.SUBMITTED, None)
    assert Review.objects.count() == 0


def test_adding_a_practice_records_who_created_it(client):
    superuser = SuperuserFactory()
    client.force_login(superuser)
    partner = PartnerFactory()
    url = admin_url(GoodPractice, "add")
    page = client.get(url)
    assert {f.formset.prefix for f in page.context["inline_admin_formsets"]} == {"results", "images", "attachments"}
    response = client.post(
        url,
        {
            **inline_management_data(page),
            "title": "Social procurement in Harghita",
            "slug": "social-procurement-harghita",
            "partner": partner.pk,
            "themes": [theme("access").pk],
            "target_groups": ["public_authorities"],
            "original_language": "en",
            "state": State.PUBLISHED,
            "results-TOTAL_FORMS": "1",
            "results-0-indicator": "Contracts awarded",
            "results-0-value": "4",
            "results-0-unit": "contracts",
            "results-0-year": "2024",
            "results-0-order": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    practice = GoodPractice.objects.get(slug="social-procurement-harghita")
    assert (practice.created_by, practice.state, practice.partner) == (superuser, State.DRAFT, partner)
    assert list(practice.themes.values_list("slug", flat=True)) == ["access"]
    assert list(practice.results.values_list("indicator", "unit", "year")) == [("Contracts awarded", "contracts", 2024)]
    assert practice.history.earliest().history_user == superuser


def test_reverting_to_an_old_version_keeps_the_current_state(client, reviewer):
    superuser = SuperuserFactory()
    client.force_login(superuser)
    practice = GoodPracticeFactory(state=State.SUBMITTED, title="First title")
    draft_version = practice.history.first()  # the latest record before publication
    practice.publish(reviewer, assessments=seven_scores())
    practice.title = "Second title"
    practice.save()

    url = admin_url(GoodPractice, "simple_history", practice.pk, draft_version.history_id)
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, practice_form_data(page))
    assert response.status_code == 302, response.context["errors"]
    practice.refresh_from_db()
    assert (practice.title, practice.state) == ("First title", State.PUBLISHED)
    assert practice.published_at is not None


def test_history_lists_the_workflow_steps(client, reviewer):
    client.force_login(reviewer)
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    practice.publish(reviewer, assessments=seven_scores())
    response = client.get(admin_url(GoodPractice, "history", practice.pk))
    assert response.status_code == 200
    records = list(response.context["page_obj"])
    assert (records[0].state, records[0].change_shown, records[0].history_user) == (
        "published",
        "Submitted for review → Published",
        reviewer,  # the workflow records who took the step, in a request or not
    )
    assert {record.state for record in records[1:]} == {"submitted"}
    assert len(records) == practice.history.count()


def test_reviews_and_assessments_are_read_only_on_the_practice_page(reviewer_client, reviewer):
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    practice.publish(reviewer, "Good.", assessments=seven_scores(5))
    response = reviewer_client.get(admin_url(GoodPractice, "change", practice.pk))
    reviews = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "reviews")
    assert (reviews.has_add_permission, reviews.has_change_permission, reviews.has_delete_permission) == (
        False,
        False,
        False,
    )
    (form,) = reviews.formset.forms
    assert reviews.opts.criterion_assessments(form.instance) == "; ".join(f"{c.label}: 5" for c in Criterion)


def test_a_reviewed_practice_can_be_deleted_with_its_review_steps(client):
    client.force_login(SuperuserFactory())
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    practice.publish(ReviewerFactory(), assessments=seven_scores())
    url = admin_url(GoodPractice, "delete", practice.pk)
    page = client.get(url)
    assert page.context["perms_lacking"] == set()
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not GoodPractice.objects.exists()
    assert not Review.objects.exists()
