"""Forged forms: someone else's uploads, versions, partners, rows and form counts are refused or ignored."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from practices.models import (
    GoodPractice,
    PracticeImage,
    PracticeResult,
    StagedUpload,
)
from tests.bad_input.helpers import unchanged
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PracticeResultFactory,
)
from tests.files import ALT, pdf, photo, stored_files
from tests.forms import CREATE_URL, browser_form, edit_url, page_form, summary_links

pytestmark = pytest.mark.django_db


def staged(owner, kind, name):
    content = photo() if kind == StagedUpload.Kind.IMAGE else pdf()
    return StagedUpload.objects.create(
        owner=owner, kind=kind, file=ContentFile(content, name), original_name=name, size=len(content)
    )


def test_another_users_staged_upload_or_one_of_another_kind_cannot_be_used(editor_client, editor, draft, settings):
    theirs = staged(MembershipFactory().user, StagedUpload.Kind.ATTACHMENT, "their-report.pdf")
    mine = staged(editor, StagedUpload.Kind.ATTACHMENT, "my-report.pdf")
    files_before = stored_files(settings)
    url = edit_url(draft)
    posted = page_form(
        editor_client,
        url,
        **{"attachments-0-staged": str(theirs.pk), "attachments-0-title": "Mine now"},
        **{"images-0-staged": str(mine.pk), "images-0-alt_text": ALT},
    )
    response = editor_client.post(url, posted)

    message = "This upload is no longer available: choose the file again."
    assert response.status_code == 200
    assert summary_links(response) == [
        ("id_images-0-upload", f"Image 1 – Image file: {message}"),
        ("id_attachments-0-upload", f"Document 1 – PDF file: {message}"),
    ]
    assert "their-report.pdf" not in response.content.decode()
    assert unchanged(draft)
    assert list(StagedUpload.objects.order_by("pk")) == [theirs, mine]
    assert stored_files(settings) == files_before


def test_a_version_from_the_future_saves_nothing_until_saved_again_deliberately(editor_client, draft):
    url = edit_url(draft)
    response = editor_client.post(url, page_form(editor_client, url, version="999", summary="My summary."))

    assert response.status_code == 200
    assert "Someone else saved this practice while you were editing it" in response.content.decode()
    assert GoodPractice.objects.get(pk=draft.pk).summary == draft.summary
    again = browser_form(response)
    assert (again["version"], again["summary"]) == (str(draft.version), "My summary.")
    assert editor_client.post(url, again).status_code == 302
    assert GoodPractice.objects.get(pk=draft.pk).summary == "My summary."


def test_a_version_that_is_not_a_number_is_refused(editor_client, draft):
    url = edit_url(draft)
    response = editor_client.post(url, page_form(editor_client, url, version="1 OR 1=1", summary="My summary."))
    assert response.status_code == 200
    assert summary_links(response) == [
        ("practice-form", "The form was incomplete. Reload the page, then make your changes again."),
        ("id_version", "Enter a whole number."),
    ]
    assert unchanged(draft)


def test_a_partner_slipped_into_the_create_form_is_ignored(editor_client, partner):
    others = MembershipFactory().partner
    posted = page_form(editor_client, CREATE_URL, title="Shop", partner=str(others.pk))
    assert editor_client.post(CREATE_URL, posted).status_code == 302
    assert GoodPractice.objects.get().partner == partner
    assert not others.practices.exists()


def test_the_results_and_images_of_another_practice_are_never_touched(editor_client, draft):
    theirs = GoodPracticeFactory(title="Their practice")
    result = PracticeResultFactory(practice=theirs, indicator="Jobs created")
    image = PracticeImage(practice=theirs, alt_text="Their photo")
    image.image.save("theirs.jpg", ContentFile(photo()), save=True)
    url = edit_url(draft)
    posted = page_form(
        editor_client,
        url,
        **{
            "results-INITIAL_FORMS": "1",
            "results-0-id": str(result.pk),
            "results-0-indicator": "Hijacked",
            "results-0-value": "1",
        },
        **{
            "images-INITIAL_FORMS": "1",
            "images-0-id": str(image.pk),
            "images-0-alt_text": "x",
            "images-0-DELETE": "on",
        },
    )
    # Django's model formsets skip a form whose object is not among the practice's own: dropped, not saved.
    assert editor_client.post(url, posted).status_code == 302

    assert list(PracticeResult.objects.values_list("practice", "indicator")) == [(theirs.pk, "Jobs created")]
    assert list(PracticeImage.objects.values_list("practice", "alt_text")) == [(theirs.pk, "Their photo")]
    assert not draft.results.exists() and not draft.images.exists()


def test_a_form_without_its_formset_counts_is_refused(editor_client, draft):
    posted = page_form(editor_client, edit_url(draft), summary="My summary.")
    for name in ("results-TOTAL_FORMS", "results-INITIAL_FORMS"):
        del posted[name]
    response = editor_client.post(edit_url(draft), posted)
    assert response.status_code == 200
    assert summary_links(response) == [
        (
            "results-section",
            "ManagementForm data is missing or has been tampered with. Missing fields: results-TOTAL_FORMS, "
            "results-INITIAL_FORMS. You may need to file a bug report if the issue persists.",
        )
    ]
    assert unchanged(draft)


def test_a_forged_form_count_is_refused_without_building_thousands_of_forms(client):
    editor = MembershipFactory().user
    client.force_login(editor)
    response = client.post(
        reverse("practices:practice-create"),
        {
            "title": "Forged",
            "results-TOTAL_FORMS": "100000",
            "results-INITIAL_FORMS": "0",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Please submit at most 50 forms." in response.content.decode()
    assert not GoodPractice.objects.filter(title="Forged").exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_form_pages_answer_only_get_and_post(client, method):
    client.force_login(MembershipFactory().user)
    assert getattr(client, method)(reverse("practices:practice-create")).status_code == 405
