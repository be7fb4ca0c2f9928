"""Images uploaded in the admin are checked, re-encoded without metadata and get a thumbnail."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from practices.models import GoodPractice, PracticeImage
from tests.admin import admin_url, practice_form_data
from tests.factories import GoodPracticeFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def jpeg_with_exif(width=1200, height=800):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0131] = "Photo software"  # Software
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("shop opening.jpg", buffer.getvalue(), content_type="image/jpeg")


def post_image(client, practice, upload):
    url = admin_url(GoodPractice, "change", practice.pk)
    page = client.get(url)
    data = practice_form_data(
        page,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": upload,
            "images-0-alt_text": "Volunteers open the village shop.",
            "images-0-order": "0",
        },
    )
    return client.post(url, data)


def test_an_uploaded_image_is_re_encoded_with_a_thumbnail(client):
    client.force_login(SuperuserFactory())
    practice = GoodPracticeFactory()
    response = post_image(client, practice, jpeg_with_exif())
    assert response.status_code == 302, response.context["errors"]
    image = PracticeImage.objects.get(practice=practice)
    assert image.alt_text == "Volunteers open the village shop."
    assert image.image.name.endswith("shop-opening.jpg")
    with Image.open(image.image) as stored:
        assert (stored.size, dict(stored.getexif())) == ((1200, 800), {})
    with Image.open(image.thumbnail) as thumbnail:
        assert thumbnail.size == (480, 320)


def images_errors(response):
    (images,) = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "images"]
    return images.formset.errors


def test_a_file_that_is_not_an_image_is_refused(client):
    client.force_login(SuperuserFactory())
    practice = GoodPracticeFactory()
    fake = SimpleUploadedFile("photo.jpg", b"not really a photo", content_type="image/jpeg")
    response = post_image(client, practice, fake)
    assert response.status_code == 200
    assert images_errors(response) == [
        {"image": ["Upload a valid image. The file you uploaded was either not an image or a corrupted image."]}
    ]
    assert PracticeImage.objects.count() == 0


def test_an_image_format_the_portal_does_not_keep_is_refused(client):
    """Django accepts a GIF; the portal's own check (practices/images.py) does not."""
    client.force_login(SuperuserFactory())
    practice = GoodPracticeFactory()
    buffer = BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, "GIF")
    response = post_image(client, practice, SimpleUploadedFile("logo.gif", buffer.getvalue()))
    assert response.status_code == 200
    assert images_errors(response) == [{"image": ["“logo.gif” is not a JPEG, PNG or WebP image."]}]
    assert PracticeImage.objects.count() == 0
