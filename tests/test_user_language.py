"""A user's own language (Profile.language): their settings page, where they land after logging in, and the
language of the portal's e-mails to them."""

import pytest
from django.conf import settings
from django.core import mail

from secon_portal.models import Profile, language_of
from tests.factories import GoodPracticeFactory, MembershipFactory, PartnerFactory, ReviewerFactory, seven_scores
from tests.html import dom
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def with_language(user, language):
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    return user


def test_the_settings_page_lists_each_language_in_its_own_name(client):
    client.force_login(MembershipFactory().user)
    doc = dom(client.get("/accounts/settings/"))
    options = doc.find("select", name="language").find_all("option")
    assert [option.attrs["value"] for option in options] == [code for code, _name in settings.LANGUAGES]
    assert [option.text for option in options][:4] == ["English", "Deutsch", "Ελληνικά", "български"]


def test_choosing_a_language_keeps_it_and_shows_the_settings_in_it(client):
    user = MembershipFactory().user
    client.force_login(user)
    response = client.post("/accounts/settings/", {"language": "el"})
    assert (response.status_code, response["Location"]) == (302, "/el/accounts/settings/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "el"
    assert language_of(user) == "el"


def test_a_language_the_portal_does_not_have_is_refused(client):
    user = MembershipFactory().user
    client.force_login(user)
    response = client.post("/accounts/settings/", {"language": "xx"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert language_of(user) == "en"


def test_the_settings_are_the_users_own(client):
    assert client.get("/accounts/settings/")["Location"].startswith("/accounts/login/")


def test_after_logging_in_a_partner_lands_on_their_practices_in_their_language(client):
    user = with_language(MembershipFactory().user, "hu")
    client.force_login(user)
    response = client.get("/accounts/start/")
    assert response["Location"] == "/hu/practices/mine/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hu"


def test_notifications_are_written_in_each_recipients_language(django_capture_on_commit_callbacks, settings):
    settings.PORTAL_URL = "https://secon.example.eu"
    partner = PartnerFactory()
    greek = with_language(MembershipFactory(partner=partner, user__username="eleni").user, "el")
    MembershipFactory(partner=partner, user__username="anna")  # no profile: the working language
    practice = GoodPracticeFactory(partner=partner, slug="shop", title="Village shop")
    practice.submit(greek)
    run_queued_tasks()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        practice.publish(ReviewerFactory(), "Fine.", assessments=seven_scores())
    run_queued_tasks()

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "https://secon.example.eu/el/practices/shop/" in bodies["eleni@example.org"]
    assert "https://secon.example.eu/practices/shop/" in bodies["anna@example.org"]
    assert bodies["eleni@example.org"] != bodies["anna@example.org"]
