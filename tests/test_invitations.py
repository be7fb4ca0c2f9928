"""Invitations: staff send new users an e-mail with a link to set their password, from the user admin."""

import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from regions.models import Membership
from secon_portal.accounts import invitation_email
from tests.admin import grant
from tests.factories import MembershipFactory, PartnerFactory, StaffFactory, SuperuserFactory, UserFactory
from tests.tasks import run_queued_tasks

CHANGELIST = "/admin/auth/user/"
NEW_PASSWORD = "a brand new passphrase 42"


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def staff_client(client, db):
    client.force_login(SuperuserFactory(username="staff"))
    return client


def new_user(username, **kwargs):
    """A user as staff create them: no password yet."""
    user = UserFactory(username=username, **kwargs)
    user.set_unusable_password()
    user.save()
    return user


def invite(client, *users, **headers):
    return client.post(
        CHANGELIST,
        {"action": "send_invitation", "_selected_action": [user.pk for user in users], "index": "0"},
        **headers,
    )


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def set_password_link(message):
    match = re.search(r"^http://testserver(/\S*/reset/[\w-]+/[\w-]+/)$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def test_the_invitation_names_the_partners_and_roles_and_links_to_set_the_password(staff_client):
    maria = new_user("maria", first_name="Maria", last_name="Papadopoulou")
    MembershipFactory(user=maria, partner=PartnerFactory(name="Region of Peloponnese"))
    MembershipFactory(
        user=maria,
        partner=PartnerFactory(name="KMOP - Social Action & Innovation Centre"),
        role=Membership.Role.CONTACT,
    )

    response = invite(staff_client, maria)

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    assert messages_of(response) == [("success", "Sent an invitation e-mail to 1 user: maria.")]
    run_queued_tasks()
    assert len(mail.outbox) == 1
    run_queued_tasks()
    message = mail.outbox[0]
    assert message.to == ["maria@example.org"]
    assert message.subject == "Your account on the SECON good-practice portal"
    body = message.body
    assert body.startswith("Hello Maria Papadopoulou,\n")
    assert "- KMOP - Social Action & Innovation Centre: Contact (named contact, does not edit)\n" in body
    assert "- Region of Peloponnese: Editor (writes and submits good practices)\n" in body
    assert body.index("KMOP") < body.index("Region of Peloponnese")
    assert "Your user name: maria\n" in body
    assert "The link works once, for 3 days." in body
    assert "Then log in here: http://testserver/accounts/login/\n" in body


def test_the_link_in_the_invitation_sets_a_password_that_then_works(staff_client):
    maria = new_user("maria")
    MembershipFactory(user=maria)
    invite(staff_client, maria)

    client = Client()
    run_queued_tasks()
    link = set_password_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/accounts/reset/done/"

    maria.refresh_from_db()
    assert maria.check_password(NEW_PASSWORD)
    login = client.post(reverse("login"), {"username": "maria", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert client.session[SESSION_KEY] == str(maria.pk)
    # The link has done its work.
    assert client.get(link, follow=True).context["validlink"] is False


def test_users_who_cannot_be_invited_are_skipped_and_named(staff_client):
    anna = new_user("anna")
    bob = new_user("bob", email="")
    carol = new_user("carol", is_active=False)
    dora = new_user("dora", email="", is_active=False)

    response = invite(staff_client, anna, bob, carol, dora)

    assert messages_of(response) == [
        ("success", "Sent an invitation e-mail to 1 user: anna."),
        ("warning", "Skipped 3 users: bob (no e-mail address); carol (inactive); dora (inactive, no e-mail address)."),
    ]
    run_queued_tasks()
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]


def test_several_users_are_invited_at_once(staff_client):
    users = [new_user(name) for name in ("anna", "bob")]
    response = invite(staff_client, *users)
    assert messages_of(response) == [("success", "Sent invitation e-mails to 2 users: anna, bob.")]
    run_queued_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.org", "bob@example.org"]
    # Each e-mail has its own link.
    run_queued_tasks()
    assert len({set_password_link(message) for message in mail.outbox}) == 2


def test_nothing_sent_when_every_user_is_skipped(staff_client):
    response = invite(staff_client, new_user("bob", email=""))
    assert messages_of(response) == [("warning", "Skipped 1 user: bob (no e-mail address).")]
    run_queued_tasks()
    assert mail.outbox == []


def test_the_invitation_is_recorded_in_the_users_history(staff_client):
    maria = new_user("maria")
    invite(staff_client, maria)
    entry = LogEntry.objects.get(object_id=str(maria.pk))
    assert (entry.user.username, entry.action_flag, entry.change_message) == (
        "staff",
        CHANGE,
        "Sent an invitation e-mail.",
    )


def test_the_invitation_can_be_written_in_another_language(db):
    """The admin speaks English (its URLs have no language prefix), so the action invites in English;
    the e-mail function takes a language, and the link then opens the portal in that language."""
    request = RequestFactory().get("/admin/")
    message = invitation_email(new_user("maria"), request, language="de")
    assert set_password_link(message).startswith("/de/accounts/reset/")
    assert "http://testserver/de/accounts/login/" in message.body


def test_a_user_without_a_partner_is_invited_without_a_partner_list(db):
    user = new_user("maria")
    request = RequestFactory().get("/admin/", secure=True)
    message = invitation_email(user, request)
    assert "You work on the portal for" not in message.body
    assert "created an account for you on the SECON good-practice portal" in message.body
    assert re.search(r"^https://testserver/accounts/reset/", message.body, re.MULTILINE)


# Who may send invitations


def action_names(response):
    action_form = response.context["action_form"]  # None when the user may take no action at all
    return [name for name, _label in action_form.fields["action"].choices if name] if action_form else []


def test_staff_with_the_change_permission_on_users_get_the_action(client, db):
    staff = grant(StaffFactory(), "auth.view_user", "auth.change_user")
    client.force_login(staff)
    assert "send_invitation" in action_names(client.get(CHANGELIST))
    invite(client, new_user("maria"))
    run_queued_tasks()
    assert len(mail.outbox) == 1


def test_staff_without_the_change_permission_on_users_get_no_action(client, db):
    staff = grant(StaffFactory(), "auth.view_user")
    client.force_login(staff)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "send_invitation" not in action_names(response)
    # Posting the action anyway sends nothing.
    response = invite(client, new_user("maria"))
    assert response.status_code == 200
    run_queued_tasks()
    assert mail.outbox == []
    assert messages_of(response) == []


def test_partner_users_cannot_reach_the_user_admin(client, db):
    client.force_login(MembershipFactory().user)
    response = invite(client, new_user("maria"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    run_queued_tasks()
    assert mail.outbox == []
