"""Hostile or careless files: images and documents refused by their content, names with HTML or path tricks."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.utils.html import escape
from PIL import Image

from practices.models import (
    PracticeAttachment,
    PracticeImage,
    StagedUpload,
)
from tests.bad_input.helpers import unchanged
from tests.files import ALT, pdf, photo, png_header, stored_files, stored_under, upload
from tests.forms import browser_form, edit_url, page_form, summary_links

pytestmark = pytest.mark.django_db


MB = 1024 * 1024


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
    image, attachment = PracticeImage.objects.get(practice=draft), PracticeAttachment.objects.get(practice=draft)
    assert stored_under(image.image.name, "practices/images", "passwd.jpg")
    assert stored_under(image.thumbnail.name, "practices/thumbnails", "passwd-thumbnail.jpg")
    assert stored_under(attachment.file.name, "practices/attachments", "settings.pdf")
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
    assert stored_under(stored, "practices/attachments", "evaluation-report-of-the-village-shop-")
    assert stored.endswith(".pdf") and len(stored) <= 100
