"""Failed log-ins are throttled by django-axes, per user name and per address, on the portal and in the admin.

Settings (secon_portal/settings.py): 5 failures lock for 15 minutes; the two counters are separate; a
success clears the failures of its user name only; unknown user names count like known ones.
"""

import ast
import datetime
import os
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.html import assert_accessible_structure, assert_csp_safe, dom
from tests.tasks import run_queued_tasks

PASSWORD = "correct horse battery staple"  # the factories' password
LIMIT = 5
LOCKED_MESSAGE = "Too many failed attempts. Try again in 15 minutes or reset your password."
HOME_IP = "81.2.69.160"
OTHER_IP = "81.2.69.192"


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def maria(db):
    return UserFactory(username="maria")


def log_in(username, password, ip=HOME_IP, url=None, client=None, **headers):
    client = client or Client()
    data = {"username": username, "password": password}
    response = client.post(url or reverse("login"), data, REMOTE_ADDR=ip, **headers)
    response.logged_in = SESSION_KEY in client.session
    return response


def fail(times, username="maria", ip=HOME_IP, **kwargs):
    return [log_in(username, "wrong password", ip, **kwargs) for _ in range(times)]


def locked_out(response):
    return response.status_code == 429 and not response.logged_in


def page_text(response):
    """The body of a page, with the parts that differ between any two responses (CSRF tokens) blanked out."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


def test_the_settings():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AXES_RESET_ON_SUCCESS is False  # secon_portal.accounts.forget_own_failures instead
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_five_wrong_passwords_lock_the_account(maria):
    responses = fail(LIMIT)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    doc = dom(responses[-1], status=429)
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    main = doc.find("main")
    assert main.texts("h1") == ["Log-in blocked for now"]
    assert main.find("p", role="alert").text == LOCKED_MESSAGE
    assert [(a.attrs["href"], a.text) for a in main.find_all("a")] == [
        ("/accounts/password_reset/", "Reset your password")
    ]


def test_the_lockout_message_is_translated(maria):
    response = fail(LIMIT, url="/de/accounts/login/")[-1]
    assert response.status_code == 429
    assert response["Content-Language"] == "de"


def test_a_locked_account_refuses_the_right_password_from_any_address(maria):
    fail(LIMIT, ip=HOME_IP)
    assert locked_out(log_in("maria", PASSWORD, ip=HOME_IP))
    assert locked_out(log_in("maria", PASSWORD, ip=OTHER_IP))


def test_a_locked_address_refuses_every_account(maria):
    for n in range(LIMIT):
        log_in(f"guess{n}", "wrong password", ip=HOME_IP)
    assert locked_out(log_in("maria", PASSWORD, ip=HOME_IP))
    # Maria's own counter is clean: from another address she gets in.
    assert log_in("maria", PASSWORD, ip=OTHER_IP).logged_in


def test_the_two_counters_are_separate(maria):
    # Four failures for maria from one address, four for others from another: nothing is locked yet.
    fail(LIMIT - 1, "maria", ip=HOME_IP)
    for n in range(LIMIT - 1):
        log_in(f"guess{n}", "wrong password", ip=OTHER_IP)
    assert log_in("maria", PASSWORD, ip=OTHER_IP).logged_in


def test_an_unknown_user_name_and_a_wrong_password_get_the_same_answers(maria):
    """No account enumeration: the same page, the same status, the same lockout."""
    for attempt in range(1, LIMIT + 1):
        known = log_in("maria", "wrong password", ip=HOME_IP)
        unknown = log_in("mario", "wrong password", ip=OTHER_IP)
        assert known.status_code == unknown.status_code == (429 if attempt == LIMIT else 200)
        assert page_text(known).replace("maria", "NAME") == page_text(unknown).replace("mario", "NAME")
    assert locked_out(log_in("mario", "anything", ip="81.2.69.200"))


def test_a_successful_log_in_clears_the_failures_of_its_user_name(maria):
    fail(LIMIT - 1)
    assert log_in("maria", PASSWORD).logged_in
    assert AccessAttempt.objects.count() == 0
    assert [r.status_code for r in fail(LIMIT - 1)] == [200] * (LIMIT - 1)


def test_logging_into_ones_own_account_does_not_clear_an_address_spraying_others(maria, db):
    """Password spraying: one guess on each of many accounts, with a log-in into one's own between."""
    UserFactory(username="eve")
    for victim in ("anna", "bob", "carla", "dimitris"):
        fail(1, username=victim)
    assert log_in("eve", PASSWORD).logged_in
    fail(1, username="fotini")  # the address's fifth failure
    assert locked_out(log_in("maria", PASSWORD))  # the address is locked, for every account
    assert log_in("maria", PASSWORD, ip=OTHER_IP).logged_in  # maria's own name is not


def minutes_pass(minutes):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes))


def test_the_lock_ends_after_the_cool_off(maria):
    fail(LIMIT)
    minutes_pass(14)
    assert locked_out(log_in("maria", PASSWORD, ip=OTHER_IP))
    minutes_pass(16)
    assert log_in("maria", PASSWORD, ip=OTHER_IP).logged_in


def test_setting_a_new_password_through_a_reset_link_unlocks_the_account(maria):
    fail(LIMIT)
    assert locked_out(log_in("maria", PASSWORD, ip=OTHER_IP))
    client = Client()
    client.post(reverse("password_reset"), {"email": "maria@example.org"})
    run_queued_tasks()
    link = re.search(r"^http://testserver(/\S+)$", mail.outbox[0].body, re.MULTILINE).group(1)
    form_page = client.get(link, follow=True)
    new_password = "a brand new passphrase 42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert log_in("maria", new_password, ip=OTHER_IP).logged_in


def test_the_admin_login_is_throttled_too(maria):
    staff = UserFactory(username="anna", is_staff=True)
    admin_login = reverse("admin:login")
    responses = fail(LIMIT, "anna", url=admin_login)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert locked_out(log_in(staff.username, PASSWORD, ip=OTHER_IP, url=admin_login))


def test_failures_on_the_portal_lock_the_admin_login(maria):
    fail(LIMIT, "maria")
    assert locked_out(log_in("maria", PASSWORD, ip=OTHER_IP, url=reverse("admin:login")))


def test_a_get_of_the_login_page_is_never_locked(maria):
    fail(LIMIT)
    assert Client().get(reverse("login"), REMOTE_ADDR=HOME_IP).status_code == 200


# Behind the HTTPS proxy: the address comes from X-Forwarded-For, as the proxy appended it.


def proxy_settings():
    """AXES_* and IPWARE_* settings as secon_portal/settings.py makes them with BEHIND_HTTPS_PROXY=true."""
    code = (
        "from django.conf import settings; "
        "print(repr((settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT, "
        "settings.IPWARE_STRICT)))"
    )
    env = {**os.environ, "BEHIND_HTTPS_PROXY": "true", "DJANGO_SETTINGS_MODULE": "secon_portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_behind_the_proxy_the_address_comes_from_x_forwarded_for():
    assert proxy_settings() == (("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"), 0, False)
    assert not hasattr(settings, "AXES_IPWARE_PROXY_COUNT") or settings.AXES_IPWARE_PROXY_COUNT is None


@pytest.fixture
def behind_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False


def through_proxy(username, password, forwarded_for):
    """A log-in through the proxy on 127.0.0.1, which appends the client's address to X-Forwarded-For."""
    return log_in(username, password, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)


def test_behind_the_proxy_each_client_address_has_its_own_counter(maria, behind_proxy):
    for n in range(LIMIT):
        through_proxy(f"guess{n}", "wrong password", HOME_IP)
    assert AccessAttempt.objects.filter(ip_address=HOME_IP).count() == LIMIT
    assert locked_out(through_proxy("maria", PASSWORD, HOME_IP))
    # Other clients behind the same proxy are not locked out.
    assert through_proxy("maria", PASSWORD, OTHER_IP).logged_in


def test_behind_the_proxy_a_forged_x_forwarded_for_does_not_escape_the_counter(maria, behind_proxy):
    # The attacker writes a different address into the header each time; the proxy appends the real one.
    for n in range(LIMIT):
        through_proxy(f"guess{n}", "wrong password", f"81.2.69.{n + 1}, {HOME_IP}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME_IP}
    assert locked_out(through_proxy("maria", PASSWORD, f"81.2.69.99, {HOME_IP}"))
