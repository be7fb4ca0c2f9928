"""Every state-changing view of the partner workflow is POST-only and needs the CSRF token."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.permissions.matrix import CHANGES, OWNER, POST_ONLY, REVIEWER, ROLE_NAMES, csrf_client, snapshot, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changing", "role"),
    [pytest.param(c, r, id=f"{c.action.replace(' POST', ' GET', 1)} / {ROLE_NAMES[r]}") for c, r in POST_ONLY],
)
def test_post_only_views_answer_get_with_405(client, world, changing, role):
    client.force_login(world.users[role])
    before = snapshot()
    assert client.get(changing.path(world)).status_code == 405
    assert snapshot() == before and not changing.done(world)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_review_page_answers_other_methods_with_405(client, world, method):
    client.force_login(world.users[REVIEWER])
    before = snapshot()
    assert getattr(client, method)(url("practice-review", world.submitted.slug)).status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changing", "role"), [pytest.param(c, r, id=f"{c.action} / {ROLE_NAMES[r]}") for c, r in CHANGES]
)
def test_every_change_needs_the_csrf_token(world, changing, role):
    client = csrf_client(world, role)
    path, before = changing.path(world), snapshot()

    refused = client.post(path, changing.data(world))

    assert refused.status_code == 403
    assert snapshot() == before and not changing.done(world)
    # The same request with the token goes through: the refusal was the missing token's doing.
    token = client.cookies["csrftoken"].value
    accepted = client.post(path, {**changing.data(world), "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert changing.done(world)


def test_changing_the_password_and_logging_out_need_the_csrf_token(world):
    owner = world.users[OWNER]
    client = csrf_client(world, OWNER)
    new = {
        "old_password": "correct horse battery staple",
        "new_password1": "x9 brand new",
        "new_password2": "x9 brand new",
    }

    assert client.post(reverse("password_change"), new).status_code == 403
    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("logout")).status_code == 405
    owner.refresh_from_db()
    assert owner.check_password("correct horse battery staple")
    assert client.session.get(SESSION_KEY) == str(owner.pk)

    token = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    assert client.post(reverse("password_change"), {**new, **token})["Location"] == "/accounts/password_change/done/"
    owner.refresh_from_db()
    assert owner.check_password("x9 brand new")
    assert client.post(reverse("logout"), token)["Location"] == "/"
    assert client.session.get(SESSION_KEY) is None
