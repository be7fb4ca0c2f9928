"""The partners' practice form: who may use it, drafts and submission (the form is posted as a browser would,
from the page's own HTML: tests/forms.py)."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from practices.models import GoodPractice, Review, State
from practices.models.workflow import REQUIRED_FOR_SUBMISSION
from regions.models import Membership
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.forms import CREATE_URL, browser_form, edit_url, errors_of, messages_of, page_form, summary_links
from tests.html import fragment, texts

pytestmark = pytest.mark.django_db

REQUIRED = "Required before submitting for review."


@pytest.fixture
def partner(editor):
    return editor.memberships.get().partner


@pytest.fixture
def draft(partner, editor):
    return GoodPracticeFactory(partner=partner, title="Village shop", created_by=editor)


# -- who may use the form -----------------------------------------------------------------------------


def test_an_editor_creates_a_practice_with_only_a_title(editor_client, editor, partner):
    data = page_form(editor_client, CREATE_URL, title="  Village   shop run by a cooperative ", action="save")
    assert "partner" not in data  # one organisation: no choice to make

    response = editor_client.post(CREATE_URL, data)

    practice = GoodPractice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(practice)
    assert (practice.title, practice.slug, practice.state) == (
        "Village shop run by a cooperative",
        "village-shop-run-by-a-cooperative",
        State.DRAFT,
    )
    assert (practice.partner, practice.created_by, practice.version) == (partner, editor, 1)
    assert practice.summary == "" and list(practice.themes.all()) == []
    assert practice.region == partner.region  # preselected: where the partner is
    assert messages_of(editor_client.get(response["Location"])) == [
        "Your draft “Village shop run by a cooperative” was saved."
    ]


def test_the_create_page(editor_client):
    response = editor_client.get(CREATE_URL)
    page = response.content.decode()
    assert texts(page, "h1") == ["New good practice"]
    assert texts(page, "h2", within="form-section-legend", **{"class": "form-section-heading"}) == [
        "Basics",
        "Location and timescale",
        "Description",
        "Resources",
        "Evidence of success",
        "Difficulties and lessons learned",
        "Potential for learning or transfer",
        "Policy instruments",
        "Contact and consent",
        "Original language",
        "Images and documents",
    ]
    assert texts(page, "button", type="submit", name="action") == [
        "Save draft",
        "Submit for review",
    ]
    assert 'style="' not in page and "<style" not in page
    assert [script.attrs for script in fragment(page).find_all("script")] == [
        {"src": "/static/vendor/bootstrap/bootstrap.bundle.min.js", "defer": ""},
        {"src": "/jsi18n/", "defer": ""},
        {"src": "/static/js/practice-form.js", "defer": ""},
        {"src": "/static/js/region-combobox.js", "defer": ""},
    ]
    form = response.context["form"]
    assert (
        form.fields["summary"].help_text == "What the practice is and does, in a few sentences. Up to 600 characters."
    )
    assert form.fields["title"].help_text == "A short, descriptive title in English. Up to 150 characters."
    assert 'data-maxlength="600"' in page and 'maxlength="600"' not in page.replace('data-maxlength="600"', "")
    assert 'aria-live="polite" id="char-count-status"' in page


def test_a_user_with_two_partners_chooses_one_of_them(client, editor, partner):
    second = MembershipFactory(user=editor).partner
    MembershipFactory(user=editor, role=Membership.Role.CONTACT)  # not an editor there
    other = PartnerFactory()
    client.force_login(editor)

    response = client.get(CREATE_URL)
    choices = [(str(value), label) for value, label in response.context["form"].fields["partner"].choices]
    assert choices == [("", "Choose your organisation"), *sorted([(str(p.pk), p.name) for p in (partner, second)])]

    refused = client.post(CREATE_URL, page_form(client, CREATE_URL, title="Shop", partner=str(other.pk)))
    assert errors_of(refused) == {
        "partner": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not GoodPractice.objects.exists()

    client.post(CREATE_URL, page_form(client, CREATE_URL, title="Shop", partner=str(second.pk)))
    assert GoodPractice.objects.get().partner == second


@pytest.mark.parametrize("kind", ["contact member", "plain user", "reviewer", "inactive editor"])
def test_only_active_editors_may_create(client, kind):
    if kind == "contact member":
        user = MembershipFactory(role=Membership.Role.CONTACT).user
    elif kind == "reviewer":
        user = ReviewerFactory()
    elif kind == "inactive editor":
        user = MembershipFactory(user=UserFactory(is_active=False)).user
    else:
        user = UserFactory()
    client.force_login(user)
    assert client.get(CREATE_URL).status_code == (302 if kind == "inactive editor" else 403)
    assert client.post(CREATE_URL, {"title": "Shop"}).status_code in (302, 403)
    assert not GoodPractice.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (CREATE_URL, edit_url(GoodPracticeFactory())):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}"


def test_another_partners_draft_is_not_found_and_their_published_practice_is_forbidden(editor_client):
    assert editor_client.get(edit_url(GoodPracticeFactory())).status_code == 404
    assert editor_client.post(edit_url(GoodPracticeFactory()), {"title": "Mine now"}).status_code == 404
    assert editor_client.get(edit_url(GoodPracticeFactory(published=True))).status_code == 403


def test_a_reviewer_cannot_edit_a_partners_draft(client, draft):
    client.force_login(ReviewerFactory())
    assert client.get(edit_url(draft)).status_code == 403


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (
            State.SUBMITTED,
            "“Village shop” is waiting for review, so it cannot be changed now. "
            "If the reviewer asks for changes, you can edit it again.",
        ),
        (State.ARCHIVED, "“Village shop” is archived and can no longer be changed."),
    ],
)
def test_a_practice_that_cannot_be_edited_redirects_with_a_message(editor_client, draft, state, message):
    GoodPractice.objects.filter(pk=draft.pk).update(state=state)
    for response in (editor_client.get(edit_url(draft)), editor_client.post(edit_url(draft), {"title": "Changed"})):
        assert response.status_code == 302
        assert response["Location"] == draft.get_absolute_url()
    assert messages_of(editor_client.get(draft.get_absolute_url())) == [message, message]
    assert GoodPractice.objects.get(pk=draft.pk).title == "Village shop"


def test_every_change_needs_the_csrf_token(editor, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    urls = [CREATE_URL, edit_url(draft)] + [
        reverse(f"practices:practice-{action}", args=[draft.slug]) for action in ("submit", "revise")
    ]
    assert [client.post(url, {"title": "Changed"}).status_code for url in urls] == [403, 403, 403, 403]
    assert (GoodPractice.objects.count(), GoodPractice.objects.get().title) == (1, "Village shop")
    assert 'name="csrfmiddlewaretoken"' in client.get(edit_url(draft)).content.decode()


def test_post_only_views_answer_get_with_405(editor_client, draft):
    for name in ("practices:practice-submit", "practices:practice-revise"):
        assert editor_client.get(reverse(name, args=[draft.slug])).status_code == 405
    assert GoodPractice.objects.get(pk=draft.pk).state == State.DRAFT


# -- drafts and submission ----------------------------------------------------------------------------


def test_submitting_an_incomplete_draft_marks_every_missing_field_and_keeps_what_was_entered(editor_client):
    data = page_form(editor_client, CREATE_URL, title="Shop", summary="A shop.", action="submit")
    response = editor_client.post(CREATE_URL, data)

    practice = GoodPractice.objects.get()
    assert response["Location"] == f"{edit_url(practice)}?incomplete=1"
    assert (practice.state, practice.summary) == (State.DRAFT, "A shop.")
    assert not Review.objects.exists()

    page = editor_client.get(response["Location"])
    missing = [name for name in REQUIRED_FOR_SUBMISSION if name not in ("summary", "region")]  # region: preselected
    assert errors_of(page) == dict.fromkeys(missing, [REQUIRED])
    assert messages_of(page) == [
        "Your draft was saved, but it cannot be submitted for review yet: "
        "fill in the fields marked below, then submit it again."
    ]
    assert summary_links(page) == [
        ("id_practice_type", f"Type of practice: {REQUIRED}"),
        ("id_main_institution", f"Main institution: {REQUIRED}"),
        ("id_institution_type", f"Type of institution: {REQUIRED}"),
        ("id_themes_0", f"Themes: {REQUIRED}"),
        ("id_target_groups_0", f"Target groups: {REQUIRED}"),
        ("id_start_date", f"Start date: {REQUIRED}"),
        ("id_description", f"Detailed description: {REQUIRED}"),
        ("id_resources", f"Resources needed: {REQUIRED}"),
        ("id_evidence", f"Evidence of success: {REQUIRED}"),
        ("id_difficulties", f"Difficulties encountered and lessons learned: {REQUIRED}"),
        ("id_transfer_potential", f"Potential for learning or transfer: {REQUIRED}"),
    ]
    html = page.content.decode()
    assert texts(html, "h2", id="error-summary-heading") == [
        "Fill in these fields before submitting the practice for review"
    ]
    assert '<a href="#id_description">Detailed description: Required before submitting for review.</a>' in html
    assert 'id="id_description_error"' in html and 'aria-invalid="true"' in html
    assert browser_form(page)["summary"] == "A shop."


def test_submitting_with_a_field_error_marks_the_missing_fields_too_and_saves_nothing(editor_client, draft):
    data = page_form(editor_client, edit_url(draft), summary="", website="not a web address", action="submit")
    response = editor_client.post(edit_url(draft), data)
    assert response.status_code == 200
    assert errors_of(response) == {
        "summary": [REQUIRED],
        "website": ["Enter a full web address, e.g. https://www.example.org."],
    }
    assert texts(response.content.decode(), "h2", id="error-summary-heading") == [
        "The practice could not be saved: please check these fields"
    ]
    assert GoodPractice.objects.get(pk=draft.pk).summary == draft.summary


def test_submitting_a_complete_practice_goes_through_the_workflow(editor_client, editor, draft):
    response = editor_client.post(edit_url(draft), page_form(editor_client, edit_url(draft), action="submit"))

    assert response["Location"] == draft.get_absolute_url()
    assert GoodPractice.objects.get(pk=draft.pk).state == State.SUBMITTED
    assert list(Review.objects.values_list("practice", "actor", "from_state", "to_state")) == [
        (draft.pk, editor.pk, State.DRAFT, State.SUBMITTED)
    ]
    assert messages_of(editor_client.get(response["Location"])) == [
        "“Village shop” was submitted for review. You will hear from us when a reviewer has looked at it."
    ]


def test_the_submit_view_submits_the_saved_practice(editor_client, editor, draft):
    url = reverse("practices:practice-submit", args=[draft.slug])
    GoodPractice.objects.filter(pk=draft.pk).update(evidence="")
    assert editor_client.post(url)["Location"] == f"{edit_url(draft)}?incomplete=1"
    assert GoodPractice.objects.get(pk=draft.pk).state == State.DRAFT

    GoodPractice.objects.filter(pk=draft.pk).update(evidence="Turnover doubled.")
    assert editor_client.post(url)["Location"] == draft.get_absolute_url()
    assert GoodPractice.objects.get(pk=draft.pk).state == State.SUBMITTED
    # Submitted: no second submission, and another partner's draft is not found.
    assert editor_client.post(url)["Location"] == draft.get_absolute_url()
    assert Review.objects.count() == 1
    assert (
        editor_client.post(reverse("practices:practice-submit", args=[GoodPracticeFactory().slug])).status_code == 404
    )


def test_a_practice_with_requested_changes_shows_the_comment_and_can_be_resubmitted(editor_client, editor, draft):
    reviewer = ReviewerFactory()
    draft.submit(editor)
    draft.request_changes(reviewer, "Add figures <b>please</b>.")
    page = editor_client.get(edit_url(draft)).content.decode()
    assert "<p>Add figures &lt;b&gt;please&lt;/b&gt;.</p>" in page

    editor_client.post(edit_url(draft), page_form(editor_client, edit_url(draft), action="submit"))
    assert GoodPractice.objects.get(pk=draft.pk).state == State.SUBMITTED
