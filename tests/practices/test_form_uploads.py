"""Images and documents uploaded with the practice form: checked, never uploaded twice, never lost."""

import datetime
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import Image

from practices import uploads
from practices.models import GoodPractice, PracticeAttachment, PracticeImage, StagedUpload
from tests.factories import GoodPracticeFactory, MembershipFactory
from tests.files import ALT, pdf, photo, png_header, stored_files, stored_under, upload
from tests.forms import CREATE_URL, browser_form, edit_url, page_form, summary_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(editor):
    return GoodPracticeFactory(partner=editor.memberships.get().partner, title="Village shop")


def with_image(client, url, file, alt_text=ALT, **changes):
    return page_form(
        client, url, **{"images-0-upload": file, "images-0-alt_text": alt_text, "images-0-credit": "Jane"}, **changes
    )


# -- images -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "name"), [("JPEG", "photo.jpg"), ("PNG", "photo.png"), ("WEBP", "photo.webp")]
)
def test_an_image_is_stored_without_metadata_and_with_a_thumbnail(
    editor_client, draft, image_format, name, django_capture_on_commit_callbacks
):
    data = photo(image_format)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url(draft), with_image(editor_client, edit_url(draft), upload(name, data)))
    assert response.status_code == 302

    image = PracticeImage.objects.get()
    assert (image.practice, image.alt_text, image.credit, image.order) == (draft, ALT, "Jane", 0)
    stored = image.image.read()
    assert b"ExampleCam" not in stored and b"Exif" not in stored
    assert Image.open(BytesIO(stored)).format == image_format
    assert Image.open(image.thumbnail).size == (480, 360)
    assert stored_under(image.image.name, "practices/images", "photo")
    assert stored_under(image.thumbnail.name, "practices/thumbnails", "photo-thumbnail")
    assert not StagedUpload.objects.exists()


def test_a_good_image_survives_an_error_elsewhere_and_is_not_uploaded_again(
    editor_client, editor, draft, settings, django_capture_on_commit_callbacks
):
    data = photo()
    posted = with_image(editor_client, edit_url(draft), upload("photo.jpg", data), end_date="2000-01-01")
    response = editor_client.post(edit_url(draft), posted)

    assert response.status_code == 200
    staged = StagedUpload.objects.get()
    assert (staged.owner, staged.kind, staged.original_name, staged.size) == (editor, "image", "photo.jpg", len(data))
    assert staged.thumbnail
    assert not PracticeImage.objects.exists()
    page = response.content.decode()
    assert f"photo.jpg, {filesizeformat(len(data))}, already uploaded" in page
    assert f'<input type="hidden" name="images-0-staged" value="{staged.pk}">' in page
    assert 'name="images-0-upload"' not in page  # no second upload asked for

    again = browser_form(response)
    assert (again["images-0-staged"], again["images-0-alt_text"]) == (str(staged.pk), ALT)
    again["end_date"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(edit_url(draft), again).status_code == 302

    image = PracticeImage.objects.get()
    assert (image.practice, image.alt_text) == (draft, ALT)
    assert image.image.name.startswith("practices/images/") and image.thumbnail.name.startswith("practices/thumbnails/")
    assert not StagedUpload.objects.exists()
    assert [name for name in stored_files(settings) if name.startswith("staged/")] == []


def test_an_image_without_alt_text_is_kept_and_the_description_asked_for(editor_client, draft):
    response = editor_client.post(
        edit_url(draft), with_image(editor_client, edit_url(draft), upload("photo.jpg", photo()), alt_text="")
    )
    form = response.context["practice_forms"].images.forms[0]
    assert form.errors == {"alt_text": ["Describe what the image shows, for people who cannot see it."]}
    assert summary_links(response) == [
        (
            "id_images-0-alt_text",
            "Image 1 – Description for people who cannot see the image: "
            "Describe what the image shows, for people who cannot see it.",
        )
    ]
    assert StagedUpload.objects.count() == 1 and not PracticeImage.objects.exists()


def test_nobody_can_use_someone_elses_staged_upload(editor_client, draft):
    other = MembershipFactory(partner=draft.partner).user
    theirs = StagedUpload.objects.create(
        owner=other, kind="image", file=ContentFile(photo(), "theirs.jpg"), original_name="theirs.jpg", size=10
    )
    data = page_form(editor_client, edit_url(draft), **{"images-0-staged": str(theirs.pk), "images-0-alt_text": ALT})
    response = editor_client.post(edit_url(draft), data)

    assert response.status_code == 200
    assert response.context["practice_forms"].images.forms[0].errors == {
        "upload": ["This upload is no longer available: choose the file again."]
    }
    assert "theirs.jpg" not in response.content.decode()
    assert not PracticeImage.objects.exists()
    assert StagedUpload.objects.get() == theirs


def big_jpeg(size):
    data = photo()
    return data + b"\0" * (size - len(data))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "huge.jpg",
            big_jpeg(10 * 1024 * 1024 + 1),
            "“huge.jpg” is too large (10.0\xa0MB); an image can be at most 10.0\xa0MB.",
        ),
        ("cut.jpg", photo(size=(800, 600))[:600], "“cut.jpg” is damaged or incomplete: the image could not be read."),
        ("notes.jpg", b"These are my notes, not a photo.\n" * 20, "“notes.jpg” is not a JPEG, PNG or WebP image."),
        ("report.jpg", pdf(), "“report.jpg” is not a JPEG, PNG or WebP image."),
        (
            "panorama.png",
            png_header(9000, 5000),
            "“panorama.png” has too many pixels (9000 × 5000, 45.0 megapixels); "
            "an image can have at most 40 megapixels.",
        ),
    ],
)
def test_bad_images_are_refused_with_their_reason_and_nothing_is_stored(
    editor_client, draft, settings, name, data, message
):
    response = editor_client.post(edit_url(draft), with_image(editor_client, edit_url(draft), upload(name, data)))

    assert response.status_code == 200
    assert response.context["practice_forms"].images.forms[0].errors == {"upload": [message]}
    assert summary_links(response) == [("id_images-0-upload", f"Image 1 – Image file: {message}")]
    assert not StagedUpload.objects.exists() and not PracticeImage.objects.exists()
    assert stored_files(settings) == []
    assert GoodPractice.objects.get(pk=draft.pk).version == draft.version


def test_existing_images_are_described_again_or_removed(editor_client, draft, django_capture_on_commit_callbacks):
    for alt in ("First", "Second"):
        image = PracticeImage(practice=draft, alt_text=alt)
        image.image.save(f"{alt}.jpg", ContentFile(photo()), save=True)
    url = edit_url(draft)
    data = page_form(editor_client, url)
    assert (data["images-TOTAL_FORMS"], data["images-INITIAL_FORMS"]) == ("3", "2")
    data.update({"images-0-alt_text": "The shop from the street", "images-0-caption": "Opening day"})
    data["images-1-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, data)
    assert list(draft.images.values_list("alt_text", "caption")) == [("The shop from the street", "Opening day")]


def test_a_new_practice_gets_its_image_and_document(editor_client, django_capture_on_commit_callbacks):
    data = page_form(
        editor_client,
        CREATE_URL,
        title="Village shop",
        **{"images-0-upload": upload("shop.png", photo("PNG", exif=False)), "images-0-alt_text": ALT},
        **{"attachments-0-upload": upload("Report 2024.pdf", pdf()), "attachments-0-title": "Evaluation 2024"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(CREATE_URL, data).status_code == 302
    practice = GoodPractice.objects.get()
    assert list(practice.images.values_list("alt_text", flat=True)) == [ALT]
    attachment = practice.attachments.get()
    assert (attachment.title, attachment.size) == ("Evaluation 2024", 2048)
    assert attachment.file.name.startswith("practices/attachments/") and attachment.file.name.endswith(
        "report-2024.pdf"
    )
    assert attachment.file.read() == pdf()


# -- documents ----------------------------------------------------------------------------------------


def test_a_document_survives_an_error_elsewhere(editor_client, draft, django_capture_on_commit_callbacks):
    url = edit_url(draft)
    data = page_form(url=url, client=editor_client, title="", **{"attachments-0-upload": upload("report.pdf", pdf())})
    response = editor_client.post(url, data)
    forms = response.context["practice_forms"].attachments.forms
    assert forms[0].errors == {"title": ["Give the document a title, e.g. “Evaluation report 2024”."]}
    assert "report.pdf, 2.0\xa0KB, already uploaded" in response.content.decode()

    again = browser_form(response)
    again.update({"title": "Village shop", "attachments-0-title": "Evaluation"})
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, again)
    assert list(draft.attachments.values_list("title", "size")) == [("Evaluation", 2048)]
    assert not StagedUpload.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"Just some text, renamed.\n" * 40, "“report.pdf” is not a PDF file."),
        ("cut.pdf", pdf(4096)[:3000], "“cut.pdf” is not a PDF file."),
        ("photo.pdf", photo(), "“photo.pdf” is not a PDF file."),
        (
            "big.pdf",
            pdf(20 * 1024 * 1024 + 1),
            "“big.pdf” is too large (20.0\xa0MB); a document can be at most 20.0\xa0MB.",
        ),
    ],
)
def test_bad_documents_are_refused_with_their_reason(editor_client, draft, settings, name, data, message):
    url = edit_url(draft)
    data = page_form(
        editor_client, url, **{"attachments-0-upload": upload(name, data), "attachments-0-title": "Report"}
    )
    response = editor_client.post(url, data)
    assert response.context["practice_forms"].attachments.forms[0].errors == {"upload": [message]}
    assert summary_links(response) == [("id_attachments-0-upload", f"Document 1 – PDF file: {message}")]
    assert not StagedUpload.objects.exists() and not PracticeAttachment.objects.exists()
    assert stored_files(settings) == []


def test_removing_a_document(editor_client, draft):
    PracticeAttachment.objects.create(practice=draft, title="Old leaflet", file=ContentFile(pdf(), "leaflet.pdf"))
    url = edit_url(draft)
    editor_client.post(url, page_form(editor_client, url, **{"attachments-0-DELETE": "on"}))
    assert not draft.attachments.exists()


# -- staged uploads left behind -------------------------------------------------------------------------


def test_clear_staged_uploads_deletes_those_older_than_a_day_with_their_files(
    editor, settings, django_capture_on_commit_callbacks
):
    old = StagedUpload.objects.create(
        owner=editor, kind="attachment", file=ContentFile(pdf(), "old.pdf"), original_name="old.pdf", size=2048
    )
    recent = StagedUpload.objects.create(
        owner=editor, kind="attachment", file=ContentFile(pdf(), "new.pdf"), original_name="new.pdf", size=2048
    )
    StagedUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("clear_staged_uploads", stdout=out)

    assert out.getvalue() == "Deleted 1 staged upload(s) older than 24 hours.\n"
    assert list(StagedUpload.objects.all()) == [recent]
    assert stored_files(settings) == [recent.file.name]


# -- what one user may keep staged ------------------------------------------------------------------------


def post_failing_form(client, practice, **files):
    """Post the practice's form with `files` and a wrong end date: the files are staged, the practice not saved."""
    url = edit_url(practice)
    return client.post(url, page_form(client, url, end_date="2000-01-01", title="Village shop, kept", **files))


def new_image(name):
    return {"images-0-upload": upload(name, photo()), "images-0-alt_text": ALT}


def new_document(name):
    return {"attachments-0-upload": upload(name, pdf()), "attachments-0-title": name}


def test_files_staged_by_forms_that_fail_have_a_quota_of_files(editor_client, draft, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_STAGED_FILES", 2)
    for _ in range(2):
        post_failing_form(editor_client, draft, **new_image("a.jpg"))
    assert StagedUpload.objects.count() == 2

    response = post_failing_form(editor_client, draft, **new_image("c.jpg"))
    assert response.status_code == 200
    [(anchor, message)] = [link for link in summary_links(response) if link[0] == "id_images-0-upload"]
    assert message.startswith("Image 1 – Image file: You already have 2 files (")
    assert "uploaded with forms that were not saved, the most one can keep." in message
    assert browser_form(response)["title"] == "Village shop, kept"
    assert StagedUpload.objects.count() == 2


def test_files_staged_by_forms_that_fail_have_a_quota_of_bytes(editor_client, draft, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_STAGED_BYTES", 3000)
    post_failing_form(editor_client, draft, **new_document("a.pdf"))
    response = post_failing_form(editor_client, draft, **new_document("b.pdf"))
    assert any("You already have 1 file (2.0\xa0KB) uploaded" in message for _, message in summary_links(response))
    assert list(StagedUpload.objects.values_list("original_name", flat=True)) == ["a.pdf"]


def test_uploading_again_clears_the_users_own_stale_uploads_only(
    editor_client, editor, draft, settings, django_capture_on_commit_callbacks
):
    other = MembershipFactory().user
    stale = [
        StagedUpload.objects.create(
            owner=owner, kind="attachment", file=ContentFile(pdf(), "old.pdf"), original_name="old.pdf", size=2048
        )
        for owner in (editor, other)
    ]
    StagedUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))

    with django_capture_on_commit_callbacks(execute=True):
        post_failing_form(editor_client, draft, **new_document("new.pdf"))

    kept = StagedUpload.objects.order_by("pk")
    assert [(staged.owner, staged.original_name) for staged in kept] == [(other, "old.pdf"), (editor, "new.pdf")]
    assert stored_files(settings) == sorted(staged.file.name for staged in kept)
    assert stale[1] in kept
