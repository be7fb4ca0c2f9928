"""Small things of the practice form that a partner notices: numbers as typed, a preview of an upload kept."""

import pytest
from django.urls import reverse

from practices.models import GoodPractice, PracticeResult, StagedUpload
from tests.factories import GoodPracticeFactory, MembershipFactory
from tests.files import ALT, photo, upload
from tests.forms import CREATE_URL, edit_url, page_form
from tests.html import fragment

pytestmark = pytest.mark.django_db


def test_numbers_come_back_as_they_were_typed(editor_client, editor):
    practice = GoodPracticeFactory(partner=editor.memberships.get().partner, budget_eur="25000.00")
    PracticeResult.objects.create(practice=practice, indicator="Jobs created", value="12.00", unit="jobs")
    PracticeResult.objects.create(practice=practice, indicator="Turnover", value="1500.50", unit="EUR")
    doc = fragment(editor_client.get(edit_url(practice)).content.decode())
    assert doc.find("input", id="id_budget_eur").attrs["value"] == "25000"
    assert doc.find("input", id="id_results-0-value").attrs["value"] == "12"
    assert doc.find("input", id="id_results-1-value").attrs["value"] == "1500.5"


def test_an_image_kept_after_a_validation_error_shows_its_thumbnail(editor_client, editor):
    data = page_form(
        editor_client,
        CREATE_URL,
        title="",  # missing: the form comes back
        **{"images-0-upload": upload("shop.jpg", photo()), "images-0-alt_text": ALT},
    )
    html = editor_client.post(CREATE_URL, data).content.decode()
    staged = StagedUpload.objects.get()
    url = reverse("practices:staged-thumbnail", args=[staged.pk])
    assert fragment(html).find("img", cls="media-thumbnail").attrs["src"] == url
    thumbnail = editor_client.get(url)
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert "no-store" in thumbnail["Cache-Control"]
    assert not GoodPractice.objects.exists()


def test_nobody_else_sees_an_upload_that_is_not_saved_yet(client, editor_client):
    data = page_form(editor_client, CREATE_URL, title="", **{"images-0-upload": upload("a.jpg", photo())})
    editor_client.post(CREATE_URL, data)
    url = reverse("practices:staged-thumbnail", args=[StagedUpload.objects.get().pk])
    client.force_login(MembershipFactory().user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith("/accounts/login/")
