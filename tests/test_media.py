"""Uploaded files as the development server serves them: never a page of the portal, whatever they contain.

In production the proxy serves them with the same headers (deploy/nginx/locations.conf, checked in
tests/test_deployment.py).
"""

import pytest
from django.urls import path

from practices.models import PracticeAttachment, PracticeImage
from secon_portal import urls as portal_urls
from secon_portal.views.media import MEDIA_CSP, media
from tests.factories import GoodPracticeFactory, MembershipFactory
from tests.files import PDF_POLYGLOT, photo, upload
from tests.forms import edit_url, page_form

# The portal's routes with the development server's one for uploads (secon_portal/urls.py adds it when DEBUG
# is on).
urlpatterns = [path("media/<path:path>", media), *portal_urls.urlpatterns]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def served(client, name):
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_a_pdf_that_is_also_a_web_page_is_accepted_but_only_ever_downloaded(client, django_capture_on_commit_callbacks):
    editor = MembershipFactory().user
    draft = GoodPracticeFactory(partner=editor.memberships.get().partner)
    client.force_login(editor)
    posted = page_form(
        client,
        edit_url(draft),
        **{"attachments-0-upload": upload("report.pdf", PDF_POLYGLOT), "attachments-0-title": "R"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url(draft), posted).status_code == 302

    response, body = served(client, PracticeAttachment.objects.get().file.name)
    assert body == PDF_POLYGLOT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_CSP == "default-src 'none'; sandbox"


def test_images_are_shown_inline_but_sandboxed_too(client):
    image = PracticeImage(practice=GoodPracticeFactory(), alt_text="A shop")
    image.image.save("shop.jpg", upload("shop.jpg", photo()), save=False)

    response, body = served(client, image.image.name)
    assert body[:3] == b"\xff\xd8\xff"
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="shop.jpg"'
    assert (response["X-Content-Type-Options"], response["Content-Security-Policy"]) == ("nosniff", MEDIA_CSP)


@pytest.mark.parametrize(
    ("name", "status"),
    [("practices/none.pdf", 404), ("../secon_portal/settings.py", 400), ("..%2Fsecon_portal%2Fsettings.py", 400)],
)
def test_files_outside_media_root_or_missing_are_not_served(client, name, status):
    assert client.get(f"/media/{name}").status_code == status
