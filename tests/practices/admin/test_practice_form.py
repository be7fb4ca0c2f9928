"""The practice's admin form beside the workflow: the state is read-only, history, reverting, deleting."""

import pytest

from practices.models import Criterion, GoodPractice, Review, State
from tests.admin import admin_url, inline_management_data, practice_form_data
from tests.factories import (
    GoodPracticeFactory,
    PartnerFactory,
    ReviewerFactory,
    SuperuserFactory,
    seven_scores,
    theme,
)

pytestmark = pytest.mark.django_db


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
