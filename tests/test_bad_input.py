"""Hostile or careless input, end to end through the views: files, HTML and script, over-long text, dates, forged forms.

Each refusal names the field (or the file) and says why, nothing broken is stored, and nobody else's objects are
touched. Text is stored as typed and shown escaped on every page that shows it; the e-mails are plain text.
The basic refusals of the upload checks are in tests/practices/test_form_uploads.py; these are the harder cases.
"""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import Image

from practices.choices import InstitutionType, PracticeType, TargetGroup
from practices.models import (
    Criterion,
    GoodPractice,
    PracticeAttachment,
    PracticeImage,
    PracticeResult,
    Review,
    StagedUpload,
    State,
)
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PracticeResultFactory,
    RegionFactory,
    ReviewerFactory,
    theme,
)
from tests.files import ALT, pdf, photo, png_header, stored_files, upload
from tests.forms import CREATE_URL, browser_form, edit_url, errors_of, page_form, summary_links

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def partner(editor):
    return editor.memberships.get().partner


@pytest.fixture
def draft(partner):
    return GoodPracticeFactory(partner=partner, title="Village shop")


def unchanged(practice):
    """Whether `practice` is as it was: same version, title and state, no images, documents or results added."""
    now = GoodPractice.objects.get(pk=practice.pk)
    return (now.version, now.title, now.state) == (practice.version, practice.title, practice.state) and not (
        now.images.exists() or now.attachments.exists() or now.results.exists()
    )


# -- files --------------------------------------------------------------------------------------------------


def noisy_jpeg():
    """A JPEG whose scan data is most of the file (random pixels), so that a cut one has a good header."""
    return photo_bytes(Image.frombytes("RGB", (320, 240), os.urandom(320 * 240 * 3)), "JPEG")


def photo_bytes(image, image_format):
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


def zip_file():
    """A word-processor document (a ZIP archive), as one that was renamed to .pdf is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document>Evaluation report</document>")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>'
HTML = b"<!DOCTYPE html><html><body><script>document.location='https://evil.example/'</script></body></html>"


@pytest.fixture
def huge_png(tmp_path):
    """Over 10 MB on disk: a valid PNG header, then padding. Uploaded from a file, it is spooled to a temporary file."""
    path = tmp_path / "huge.png"
    with path.open("wb") as file:
        file.write(png_header(64, 64))
        file.truncate(10 * MB + 1)
    with path.open("rb") as file:
        yield file


BAD_IMAGES = [
    pytest.param(
        "cut.jpg",
        lambda: (data := noisy_jpeg())[: len(data) // 2],
        "“cut.jpg” is damaged or incomplete: the image could not be read.",
        id="a JPEG cut off in its image data",
    ),
    pytest.param(
        "notes.jpg",
        lambda: b"\xff\xd8\xff\xe0 These are my meeting notes, not a photo.\n" * 10,
        "“notes.jpg” is damaged or incomplete: the image could not be read.",
        id="a text file named .jpg that starts like a JPEG",
    ),
    pytest.param("logo.png", lambda: SVG, "“logo.png” is not a JPEG, PNG or WebP image.", id="an SVG named .png"),
    pytest.param(
        "page.png", lambda: HTML, "“page.png” is not a JPEG, PNG or WebP image.", id="an HTML page named .png"
    ),
    pytest.param(
        "animation.jpg",
        lambda: photo_bytes(Image.new("RGB", (10, 10)), "GIF"),
        "“animation.jpg” is not a JPEG, PNG or WebP image.",
        id="a GIF named .jpg",
    ),
    pytest.param(
        "bomb.png",
        lambda: png_header(100_000, 100_000),
        "“bomb.png” has too many pixels; an image can have at most 40 megapixels.",
        id="a PNG that claims 10 gigapixels (Pillow's own guard)",
    ),
]


def post_image(client, practice, file, **changes):
    url = edit_url(practice)
    return client.post(url, page_form(client, url, **{"images-0-upload": file, "images-0-alt_text": ALT}, **changes))


def assert_image_refused(response, message, practice, settings):
    assert response.status_code == 200
    assert response.context["practice_forms"].images.forms[0].errors == {"upload": [message]}
    assert summary_links(response) == [("id_images-0-upload", f"Image 1 – Image file: {message}")]
    assert escape(message) in response.content.decode()
    assert not StagedUpload.objects.exists() and not PracticeImage.objects.exists()
    assert stored_files(settings) == []
    assert unchanged(practice)


@pytest.mark.parametrize(("name", "data", "message"), BAD_IMAGES)
def test_bad_images_are_refused_by_their_content(editor_client, draft, settings, name, data, message):
    response = post_image(editor_client, draft, upload(name, data()), title="Village shop and café")
    assert_image_refused(response, message, draft, settings)
    assert browser_form(response)["title"] == "Village shop and café"  # what was typed is kept


def test_an_image_over_10_mb_from_a_file_on_disk_is_refused(editor_client, draft, settings, huge_png):
    response = post_image(editor_client, draft, huge_png)
    assert_image_refused(
        response, "“huge.png” is too large (10.0\xa0MB); an image can be at most 10.0\xa0MB.", draft, settings
    )


def test_a_file_name_with_html_is_shown_escaped(editor_client, draft, settings):
    name = "<img src=x onerror=alert(1)>.png"
    response = post_image(editor_client, draft, upload(name, SVG))
    assert_image_refused(response, f"“{name}” is not a JPEG, PNG or WebP image.", draft, settings)
    assert "<img src=x" not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("report.pdf", zip_file, id="a ZIP archive named .pdf"),
        pytest.param("report.pdf", lambda: b"%PDF-1.7\n" + zip_file(), id="a ZIP archive behind a PDF signature"),
    ],
)
def test_documents_that_are_not_pdf_are_refused(editor_client, draft, settings, name, data):
    url = edit_url(draft)
    posted = page_form(editor_client, url, **{"attachments-0-upload": upload(name, data()), "attachments-0-title": "R"})
    response = editor_client.post(url, posted)

    message = f"“{name}” is not a PDF file."
    assert response.status_code == 200
    assert response.context["practice_forms"].attachments.forms[0].errors == {"upload": [message]}
    assert summary_links(response) == [("id_attachments-0-upload", f"Document 1 – PDF file: {message}")]
    assert not StagedUpload.objects.exists() and not PracticeAttachment.objects.exists()
    assert stored_files(settings) == []
    assert unchanged(draft)


def multipart(fields, files, boundary="hostile-boundary"):
    """A multipart body with the file names exactly as given (the test client keeps only their last part)."""
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'Content-Disposition: form-data; name="{name}"\r\n\r\n{item}'.encode())
    for name, (file_name, content) in files.items():
        head = f'Content-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
        parts.append(f"{head}Content-Type: application/octet-stream\r\n\r\n".encode() + content)
    body = b"".join(f"--{boundary}\r\n".encode() + part + b"\r\n" for part in parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_file_names_with_path_tricks_are_stored_under_media_root(
    editor_client, draft, settings, tmp_path, django_capture_on_commit_callbacks
):
    url = edit_url(draft)
    fields = page_form(editor_client, url, **{"images-0-alt_text": ALT, "attachments-0-title": "Evaluation"})
    files = {
        "images-0-upload": ("../../etc/passwd.jpg", photo()),
        "attachments-0-upload": ("..\\..\\..\\secon_portal\\settings.pdf", pdf()),
    }
    body, content_type = multipart(fields, files)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, body, content_type=content_type)

    assert response.status_code == 302
    month = f"{timezone.now():%Y/%m}"
    image, attachment = PracticeImage.objects.get(practice=draft), PracticeAttachment.objects.get(practice=draft)
    assert (image.image.name, image.thumbnail.name, attachment.file.name) == (
        f"practices/images/{month}/passwd.jpg",
        f"practices/thumbnails/{month}/passwd-thumbnail.jpg",
        f"practices/attachments/{month}/settings.pdf",
    )
    media = Path(settings.MEDIA_ROOT).resolve()
    written = [path.resolve() for path in tmp_path.rglob("*") if path.is_file()]
    assert sorted(str(path.relative_to(media)) for path in written) == sorted(
        [image.image.name, image.thumbnail.name, attachment.file.name]
    )


def test_a_very_long_file_name_is_shortened_not_refused(editor_client, draft, django_capture_on_commit_callbacks):
    url = edit_url(draft)
    name = "Evaluation report of the village shop " * 8 + ".pdf"  # 308 characters
    posted = page_form(editor_client, url, **{"attachments-0-upload": upload(name, pdf()), "attachments-0-title": "R"})
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, posted).status_code == 302
    stored = PracticeAttachment.objects.get(practice=draft).file.name
    assert stored.startswith(f"practices/attachments/{timezone.now():%Y/%m}/evaluation-report-of-the-village-shop-")
    assert stored.endswith(".pdf") and len(stored) <= 100


# -- HTML and script in text --------------------------------------------------------------------------------


def hostile(field):
    return f'<script>alert("{field}")</script><img src=x onerror=alert(1)> & {field}'


def assert_escaped(page, *texts, where):
    assert "<script>alert(" not in page and "<img src=x" not in page, where
    for text in texts:
        assert escape(text) in page, (where, text)


def assert_plain_text(message, *texts):
    assert (message.content_subtype, getattr(message, "alternatives", [])) == ("plain", [])
    for text in texts:
        assert text in message.body
    assert "&lt;" not in message.subject + message.body and "&amp;" not in message.subject + message.body


TEXTS = {
    "title": hostile("title"),
    "summary": hostile("summary") + " Beekeeping in the village.",
    "description": hostile("description") + " The beekeepers run it.",
    "indicator": hostile("indicator"),
    "alt_text": hostile("alt text"),
    "caption": hostile("caption"),
    "note": hostile("transfer note"),
    "changes": hostile("changes requested"),
    "criterion": hostile("criterion"),
    "verdict": hostile("published"),
}


def complete_form(client, url, **changes):
    region = RegionFactory(code="EL652", name="Arkadia")
    return page_form(
        client,
        url,
        title=TEXTS["title"],
        summary=TEXTS["summary"],
        description=TEXTS["description"],
        practice_type=PracticeType.PROJECT,
        main_institution="Village cooperative",
        institution_type=InstitutionType.COOPERATIVE,
        themes=str(theme().pk),
        target_groups=TargetGroup.CONSUMERS,
        region=str(region.pk),
        start_date="2019-03-01",
        resources="Two staff.",
        evidence="Turnover doubled.",
        difficulties="Volunteers.",
        transfer_potential="Any village.",
        **{"results-0-indicator": TEXTS["indicator"], "results-0-value": "12", "results-0-year": "2024"},
        **{"images-0-upload": upload("hives.jpg", photo()), "images-0-alt_text": TEXTS["alt_text"]},
        **{"images-0-caption": TEXTS["caption"]},
        **changes,
    )


def test_html_and_script_are_stored_as_typed_and_shown_escaped_everywhere(
    client, editor, django_capture_on_commit_callbacks
):
    reviewer = ReviewerFactory(username="rita")
    other_editor = MembershipFactory(user__username="hristo").user
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE_URL, complete_form(client, CREATE_URL, action="submit"))
    practice = GoodPractice.objects.get()
    assert (response.status_code, practice.state) == (302, State.SUBMITTED)
    image, result = practice.images.get(), practice.results.get()
    assert (practice.title, practice.summary, practice.description) == (
        TEXTS["title"],
        TEXTS["summary"],
        TEXTS["description"],
    )
    assert (result.indicator, image.alt_text, image.caption) == (
        TEXTS["indicator"],
        TEXTS["alt_text"],
        TEXTS["caption"],
    )
    (submitted_mail,) = mail.outbox
    assert submitted_mail.to == [reviewer.email]
    assert submitted_mail.subject == f"To review: {TEXTS['title']}"
    assert_plain_text(submitted_mail, TEXTS["title"])

    # The reviewer's page, then changes requested: the comment on the partner's dashboard, form and e-mail.
    client.force_login(reviewer)
    review_url = reverse("practices:practice-review", args=[practice.slug])
    shown = [TEXTS[key] for key in ("title", "summary", "description", "indicator", "alt_text", "caption")]
    assert_escaped(client.get(review_url).content.decode(), *shown, where="review page")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url, {"decision": "request_changes", "comment": TEXTS["changes"]})
    assert Review.objects.get(to_state=State.CHANGES_REQUESTED).comment == TEXTS["changes"]
    assert_plain_text(mail.outbox[1], TEXTS["title"], TEXTS["changes"])
    client.force_login(editor)
    dashboard = client.get(reverse("practices:my-practices")).content.decode()
    assert_escaped(dashboard, TEXTS["title"], TEXTS["changes"], where="dashboard")
    form_page = client.get(edit_url(practice)).content.decode()
    assert_escaped(form_page, *shown, TEXTS["changes"], where="practice form")

    # Resubmitted with a changed description: the reviewer sees what changed, then publishes.
    description = TEXTS["description"] + " <b>Now</b> with forty hives."
    resubmitted = page_form(client, edit_url(practice), description=description, action="submit")
    client.post(edit_url(practice), resubmitted)
    client.force_login(reviewer)
    review_page = client.get(review_url)
    assert review_page.context["changes"].basis == "resubmission"
    assert_escaped(review_page.content.decode(), TEXTS["changes"], where="review page with a diff")
    assert "&lt;b&gt;Now&lt;/b&gt;" in review_page.content.decode()
    scores = {f"score_{c}": "4" for c in Criterion.values} | {"comment_relevance": TEXTS["criterion"]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url, {"decision": "publish", "comment": TEXTS["verdict"], **scores})
    assert GoodPractice.objects.get(pk=practice.pk).state == State.PUBLISHED
    assert_plain_text(mail.outbox[2], TEXTS["title"], TEXTS["verdict"])
    assert [message.to for message in mail.outbox] == [[reviewer.email], [editor.email], [editor.email]]

    # Another partner declares an interest with a note.
    client.force_login(other_editor)
    declared = client.post(reverse("practices:transfer-declare", args=[practice.slug]), {"note": TEXTS["note"]})
    assert declared.status_code == 302
    assert practice.transfer_interests.get().note == TEXTS["note"]

    # What everyone sees: the practice page and the list with a search snippet.
    client.logout()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert_escaped(page, *shown[:2], description, *shown[3:], TEXTS["note"], TEXTS["criterion"], where="practice page")
    listing = client.get(reverse("practices:practice-list"), {"q": "beekeeping"})
    assert [p.pk for p in listing.context["practices"]] == [practice.pk]
    assert_escaped(listing.content.decode(), TEXTS["title"], where="practice list")
    assert "<mark>Beekeeping</mark>" in listing.content.decode()

    # Staff compare the first and the last version.
    client.force_login(reviewer)
    records = list(practice.history.order_by("history_date", "history_id"))
    history_url = reverse("practices:practice-history", args=[practice.slug])
    history = client.get(history_url, {"a": records[0].history_id, "b": records[-1].history_id})
    assert "Detailed description" in [change.label for change in history.context["compared"]["changes"]]
    assert_escaped(history.content.decode(), TEXTS["title"], where="history")
    assert "&lt;b&gt;Now&lt;/b&gt;" in history.content.decode()

    client.force_login(editor)
    dashboard = client.get(reverse("practices:my-practices")).content.decode()
    assert_escaped(dashboard, TEXTS["title"], TEXTS["verdict"], where="dashboard after publishing")


def test_control_characters_in_a_summary_do_not_become_markup_in_the_search_snippet(client):
    GoodPracticeFactory(published=True, title="Lunch", summary="Kitchen \x03 closes \x02 at noon.")
    page = client.get(reverse("practices:practice-list"), {"q": "kitchen"}).content.decode()
    assert page.count("<mark>") == page.count("</mark>") == 1


# -- over-long text, invalid dates and numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "t" * 151, "Ensure this value has at most 150 characters (it has 151)."),
        ("summary", "s" * 601, "Ensure this value has at most 600 characters (it has 601)."),
        ("description", "d" * 6001, "Ensure this value has at most 6000 characters (it has 6001)."),
        ("title_original", "τ" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("end_date", "2018-12-31", "The end date cannot be before the start date."),
        ("start_date", "99999-01-01", "Enter the start date as a date, e.g. 2021-03-15."),
        ("end_date", "2023-02-30", "Enter the end date as a date, e.g. 2024-12-31."),
    ],
)
def test_a_new_practice_with_a_bad_field_is_not_saved_and_keeps_what_was_typed(editor_client, field, value, message):
    typed = {"title": "Village shop", "summary": "A shop.", "start_date": "2019-03-01", field: value}
    response = editor_client.post(CREATE_URL, page_form(editor_client, CREATE_URL, **typed))

    assert response.status_code == 200
    assert errors_of(response) == {field: [message]}
    assert not GoodPractice.objects.exists()
    shown = browser_form(response)
    assert {name: shown[name] for name in typed} == typed


def test_bad_results_and_an_over_long_description_of_an_image_are_refused(editor_client, draft):
    this_year = timezone.localdate().year
    posted = {
        "results-0-indicator": "i" * 151,
        "results-0-value": "12",
        "results-0-year": "99999",
        "results-1-indicator": "Jobs",
        "results-1-value": "1e400",
        "results-1-year": "20x4",
        "results-TOTAL_FORMS": "2",
        "images-0-upload": upload("hives.jpg", photo()),
        "images-0-alt_text": "a" * 251,
    }
    response = editor_client.post(edit_url(draft), page_form(editor_client, edit_url(draft), **posted))

    assert response.status_code == 200
    assert response.context["practice_forms"].results.errors == [
        {
            "indicator": ["Ensure this value has at most 150 characters (it has 151)."],
            "year": [f"Enter a year between 1950 and {this_year}."],
        },
        {
            "value": ["Ensure that there are no more than 14 digits in total."],
            "year": ["Enter the year as four digits, e.g. 2024."],
        },
    ]
    assert response.context["practice_forms"].images.forms[0].errors == {
        "alt_text": ["Ensure this value has at most 250 characters (it has 251)."]
    }
    assert unchanged(draft)
    assert StagedUpload.objects.count() == 1  # the good image is kept for the next try, not uploaded again


def test_an_over_long_review_comment_is_refused_and_nothing_is_decided(client, editor, draft):
    draft.submit(editor)
    client.force_login(ReviewerFactory())
    url = reverse("practices:practice-review", args=[draft.slug])
    response = client.post(url, {"decision": "request_changes", "comment": "c" * 5001, "comment_relevance": "r" * 2001})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "comment": ["Ensure this value has at most 5000 characters (it has 5001)."],
        "comment_relevance": ["Ensure this value has at most 2000 characters (it has 2001)."],
    }
    assert GoodPractice.objects.get(pk=draft.pk).state == State.SUBMITTED
    assert list(Review.objects.values_list("to_state", flat=True)) == [State.SUBMITTED]


# -- forged forms ---------------------------------------------------------------------------------------------


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
