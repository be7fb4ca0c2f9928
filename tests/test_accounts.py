"""Accounts: log in and out, change a password, reset a forgotten one by e-mail.

Throttling of failed log-ins is in test_login_throttling.py, invitations in test_invitations.py.
"""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import MembershipFactory, ReviewerFactory, StaffFactory, UserFactory
from tests.html import assert_accessible_structure, assert_csp_safe, dom, fragment
from tests.tasks import run_queued_tasks

PASSWORD = "correct horse battery staple"  # the factories' password
NEW_PASSWORD = "a brand new passphrase 42"
LANDING = "/accounts/start/"  # LOGIN_REDIRECT_URL, which sends each user where they work

User = get_user_model()


pytestmark = pytest.mark.usefixtures("english")


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def without_csrf_tokens(html):
    """The page with its CSRF tokens (masked differently on every response) blanked out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', html)


def reset_link(message):
    """The path of the set-password link in an e-mail, checking that the link is absolute."""
    match = re.search(r"^http://testserver(/\S*/reset/[\w-]+/[\w-]+/)$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


# URLs: Django's names, under the public language prefixes


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("login", {}, "/accounts/login/"),
        ("logout", {}, "/accounts/logout/"),
        ("password_change", {}, "/accounts/password_change/"),
        ("password_change_done", {}, "/accounts/password_change/done/"),
        ("password_reset", {}, "/accounts/password_reset/"),
        ("password_reset_done", {}, "/accounts/password_reset/done/"),
        ("password_reset_confirm", {"uidb64": "MQ", "token": "abc-123"}, "/accounts/reset/MQ/abc-123/"),
        ("password_reset_complete", {}, "/accounts/reset/done/"),
    ],
)
def test_account_urls_have_djangos_names(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path


def test_account_pages_exist_in_german(client, db):
    response = client.get("/de/accounts/login/")
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()


# Log in


def test_login_page_explains_accounts_and_links_to_password_reset(client, db):
    doc = dom(client.get(reverse("login")))
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    main = doc.find("main")
    assert main.texts("h1") == ["Log in"]
    assert "The project staff create them: there is no registration." in main.texts("p")[0]
    assert [(a.attrs["href"], a.text) for a in main.find_all("a")] == [
        ("/accounts/password_reset/", "Forgotten your password, or never set one?")
    ]
    form = main.find("form")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/accounts/login/")
    assert [label.text for label in form.find_all("label")] == ["Username*", "Password*"]
    assert form.find("input", name="password").attrs["autocomplete"] == "current-password"
    assert main.find_all("div", role="alert") == []
    assert "You are logged in" not in main.text


def test_the_login_page_says_who_is_logged_in_already(client, db):
    client.force_login(UserFactory(username="maria"))
    main = dom(client.get(reverse("login"))).find("main")
    assert main.find("p", **{"class": "alert alert-info"}).text == (
        "You are logged in as maria. Log in below to use another account."
    )


def test_login_redirects_to_the_partner_dashboard(client, db):
    user = UserFactory(username="maria")
    response = log_in(client, "maria")
    assert response.status_code == 302
    assert response["Location"] == LANDING
    assert logged_in_user_id(client) == str(user.pk)


def test_login_returns_to_the_page_the_user_came_from(client, db):
    UserFactory(username="maria")
    response = log_in(client, "maria", next="/events/")
    assert response["Location"] == "/events/"


def test_login_never_redirects_to_another_site(client, db):
    UserFactory(username="maria")
    response = log_in(client, "maria", next="https://phishing.example/")
    assert response["Location"] == LANDING


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_user_name(client, db):
    UserFactory(username="maria")
    doc = dom(log_in(client, "maria", "not the password"))
    assert_accessible_structure(doc)
    summary = doc.find("div", role="alert")
    assert summary.attrs["aria-labelledby"] == "error-summary-title"
    assert summary.texts("h2") == ["There is a problem"]
    assert summary.texts("li") == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]
    assert doc.find("input", name="username").attrs["value"] == "maria"
    assert logged_in_user_id(client) is None


def test_an_inactive_user_cannot_log_in(client, db):
    UserFactory(username="maria", is_active=False)
    response = log_in(client, "maria")
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_login_enforces_csrf(db):
    UserFactory(username="maria")
    client = Client(enforce_csrf_checks=True)
    refused = log_in(client, "maria")
    assert refused.status_code == 403
    assert logged_in_user_id(client) is None

    page = client.get(reverse("login"))
    token = fragment(page.content.decode()).find_all("input", name="csrfmiddlewaretoken")[0].attrs["value"]
    accepted = log_in(client, "maria", csrfmiddlewaretoken=token)
    assert accepted.status_code == 302
    assert logged_in_user_id(client) is not None


def test_pages_for_users_send_visitors_to_log_in(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password_change/"


# Log out


def test_logout_accepts_only_post(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_user_id(client) is not None


def test_logout_ends_the_session_and_goes_home(client, db):
    client.force_login(UserFactory())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) is None


def test_logout_enforces_csrf(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(reverse("logout")).status_code == 403
    assert logged_in_user_id(client) is not None


# Change the password


@pytest.fixture
def maria(db):
    return UserFactory(username="maria")


def change_password(client, old, new=NEW_PASSWORD):
    return client.post(reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new})


def test_password_change_needs_the_old_password(client, maria):
    client.force_login(maria)
    doc = dom(change_password(client, old="a guess"))
    assert_accessible_structure(doc)
    error = "Your old password was entered incorrectly. Please enter it again."
    # In the summary, linked to the field; under the field, which names it in aria-describedby.
    summary = doc.find("div", role="alert")
    assert [(a.attrs["href"], a.text) for a in summary.find_all("a")] == [
        ("#id_old_password", f"Old password: {error}")
    ]
    field = doc.find("input", name="old_password")
    assert (field.attrs["aria-invalid"], field.attrs["aria-describedby"]) == ("true", "id_old_password_error")
    assert doc.find("div", id="id_old_password_error").text == error
    maria.refresh_from_db()
    assert maria.check_password(PASSWORD)


def test_password_change_with_the_old_password(client, maria):
    client.force_login(maria)
    response = change_password(client, old=PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/done/"
    maria.refresh_from_db()
    assert maria.check_password(NEW_PASSWORD)
    # The user stays logged in.
    done = dom(client.get(response["Location"]))
    assert done.find("main").texts("h1") == ["Password changed"]


def test_password_change_applies_the_password_rules(client, maria):
    client.force_login(maria)
    doc = dom(change_password(client, old=PASSWORD, new="short"))
    assert doc.find("div", id="id_new_password2_error").text == (
        "This password is too short. It must contain at least 10 characters."
    )
    maria.refresh_from_db()
    assert maria.check_password(PASSWORD)


def test_the_admins_own_password_change_keeps_the_admin_look(admin_client):
    response = admin_client.get(reverse("admin:password_change"))
    assert response.status_code == 200
    assert "admin/base.html" in [template.name for template in response.templates]


# Reset a forgotten password by e-mail


def ask_for_reset(client, email, prefix=""):
    return client.post(f"{prefix}/accounts/password_reset/", {"email": email})


def test_password_reset_sends_one_email_to_a_known_address(client, maria):
    response = ask_for_reset(client, "Maria@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    run_queued_tasks()
    assert len(mail.outbox) == 1
    run_queued_tasks()
    message = mail.outbox[0]
    assert message.to == ["maria@example.org"]
    assert message.subject == "Your password on the SECON good-practice portal"
    assert "reset the password of the account maria" in message.body
    assert "The link works once, for 3 days." in message.body
    assert "&" not in message.body  # plain text, not HTML-escaped
    reset_link(message)


def test_password_reset_does_not_tell_whether_an_address_has_an_account(client, maria):
    known = ask_for_reset(client, "maria@example.org")
    unknown = ask_for_reset(client, "nobody@example.org")
    run_queued_tasks()
    assert len(mail.outbox) == 1
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    page = client.get(known["Location"])
    assert dom(page).find("main").texts("p")[0] == (
        "If an account uses the address you entered, we have sent a link to choose a new password to it. "
        "It should arrive within a few minutes."
    )
    assert without_csrf_tokens(page.content.decode()) == without_csrf_tokens(
        client.get(unknown["Location"]).content.decode()
    )


def test_password_reset_sends_nothing_to_an_inactive_user(client, db):
    UserFactory(username="maria", is_active=False)
    ask_for_reset(client, "maria@example.org")
    run_queued_tasks()
    assert mail.outbox == []


def test_password_reset_reaches_a_user_who_never_set_a_password(client, db):
    user = UserFactory(username="maria")
    user.set_unusable_password()
    user.save()
    ask_for_reset(client, "maria@example.org")
    run_queued_tasks()
    assert len(mail.outbox) == 1


def test_the_reset_link_sets_a_new_password_that_then_works(client, maria):
    ask_for_reset(client, "maria@example.org")
    run_queued_tasks()
    link = reset_link(mail.outbox[0])

    # Django swaps the token in the address for one in the session, then shows the form.
    form_page = client.get(link, follow=True)
    assert dom(form_page).find("main").texts("p") == ["Choose the password of your account maria, and enter it twice."]
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/done/"
    assert dom(client.get(response["Location"])).find("main").texts("h1") == ["Password saved"]

    assert log_in(Client(), "maria", NEW_PASSWORD)["Location"] == LANDING
    assert log_in(Client(), "maria", PASSWORD).status_code == 200

    # The link worked once.
    used = dom(client.get(link, follow=True)).find("main")
    assert used.texts("h1") == ["This link does not work"]
    assert [a.attrs["href"] for a in used.find_all("a")] == ["/accounts/password_reset/"]


def test_the_reset_page_shows_the_password_rules_and_errors(client, maria):
    ask_for_reset(client, "maria@example.org")
    run_queued_tasks()
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    doc = dom(form_page)
    assert_accessible_structure(doc)
    assert doc.find("input", name="new_password1").attrs["aria-describedby"] == "id_new_password1_helptext"
    assert "Your password must contain at least 10 characters." in doc.find("div", id="id_new_password1_helptext").text
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "maria", "new_password2": "other"})
    summary = dom(response).find("div", role="alert")
    assert [a.attrs["href"] for a in summary.find_all("a")] == ["#id_new_password2"]
    maria.refresh_from_db()
    assert maria.check_password(PASSWORD)


def test_the_reset_email_is_in_the_language_of_the_page(client, maria):
    ask_for_reset(client, "maria@example.org", prefix="/de")
    run_queued_tasks()
    assert re.search(r"^http://testserver/de/accounts/reset/", mail.outbox[0].body, re.MULTILINE)


@pytest.mark.parametrize(
    ("who", "landing"),
    [("editor", "/practices/mine/"), ("reviewer", "/practices/review/"), ("staff", "/admin/"), ("user", "/")],
)
def test_after_logging_in_each_user_lands_where_they_work(client, db, who, landing):
    users = {
        "editor": lambda: MembershipFactory().user,
        "reviewer": ReviewerFactory,
        "staff": StaffFactory,
        "user": UserFactory,
    }
    client.force_login(users[who]())
    response = client.get(LANDING)
    assert response.status_code == 302
    assert response["Location"] == landing
