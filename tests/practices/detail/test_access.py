"""Who may see a practice's page: published ones are public, others only for their partner and reviewers."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from practices.models import (
    State,
)
from tests.factories import (
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    UserFactory,
)
from tests.html import texts
from tests.practices.detail.helpers import page_of

pytestmark = pytest.mark.django_db


UNPUBLISHED = [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED]


def visitor(kind, practice):
    if kind == "anonymous":
        return None
    if kind == "other partner's editor":
        return MembershipFactory().user
    if kind == "plain staff":
        return StaffFactory()
    if kind == "owner's editor":
        return MembershipFactory(partner=practice.partner).user
    if kind == "owner's contact":
        return MembershipFactory(partner=practice.partner, role="contact").user
    if kind == "reviewer":
        return ReviewerFactory()
    if kind == "staff who may view practices":
        user = StaffFactory()
        user.user_permissions.add(Permission.objects.get(codename="view_goodpractice"))
        return user
    if kind == "non-staff with the view permission":
        user = UserFactory()
        user.user_permissions.add(Permission.objects.get(codename="view_goodpractice"))
        return user
    raise ValueError(kind)


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize(
    "kind", ["anonymous", "other partner's editor", "plain staff", "non-staff with the view permission"]
)
def test_unpublished_practices_are_not_found_for_others(client, practice, state, kind):
    practice.state = state
    practice.save()
    user = visitor(kind, practice)
    if user:
        client.force_login(user)
    assert client.get(practice.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("state", "notice"),
    [
        (State.DRAFT, "This practice is not published yet: Draft"),
        (State.SUBMITTED, "This practice is not published yet: Submitted for review"),
        (State.CHANGES_REQUESTED, "This practice is not published yet: Changes requested"),
        (State.ARCHIVED, "This practice is no longer published: Archived"),
    ],
)
@pytest.mark.parametrize("kind", ["owner's editor", "owner's contact", "reviewer", "staff who may view practices"])
def test_unpublished_practices_show_their_state_to_their_partner_and_reviewers(client, practice, state, notice, kind):
    practice.state = state
    practice.save()
    client.force_login(visitor(kind, practice))
    page = page_of(client, practice)
    assert texts(page, "p", within="state-notice") == [
        notice,
        "Only the members of its partner organisation and the project's reviewers can see this page.",
    ]
    assert '<meta name="robots" content="noindex">' in page
    assert page.index("state-notice") < page.index("<h1")


@pytest.mark.parametrize("kind", ["anonymous", "other partner's editor", "plain staff", "owner's editor", "reviewer"])
def test_published_practices_are_public_without_a_notice(client, practice, kind):
    user = visitor(kind, practice)
    if user:
        client.force_login(user)
    page = page_of(client, practice)
    assert "state-notice" not in page
    assert 'name="robots"' not in page


def test_an_unknown_slug_is_not_found(client):
    assert client.get(reverse("practices:practice-detail", args=["no-such-practice"])).status_code == 404
