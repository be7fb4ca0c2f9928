"""The access rules of practices/rules.py, each asked directly, and in the form the querysets use."""

import pytest
from django.contrib.auth.models import AnonymousUser

from practices import rules
from practices.models import GoodPractice, State
from regions.models import Membership
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    """Who may ask: the owner's editor and contact, another partner's editor, a reviewer, plain staff, anyone."""
    editor = MembershipFactory()
    return {
        "editor": editor.user,
        "contact": MembershipFactory(partner=editor.partner, role=Membership.Role.CONTACT).user,
        "inactive editor": MembershipFactory(partner=editor.partner, user__is_active=False).user,
        "other editor": MembershipFactory().user,
        "reviewer": ReviewerFactory(),
        "superuser": SuperuserFactory(),
        "staff": StaffFactory(),
        "user": UserFactory(),
        "anonymous": AnonymousUser(),
    }


def test_anonymous_visitors_see_published_practices_only():
    published = GoodPracticeFactory(published=True)
    GoodPracticeFactory()
    GoodPracticeFactory(state=State.SUBMITTED)
    assert list(GoodPractice.objects.visible_to(AnonymousUser())) == [published]


def test_a_published_practice_with_many_members_is_listed_once():
    published = GoodPracticeFactory(published=True)
    MembershipFactory.create_batch(3, partner=published.partner)
    assert list(GoodPractice.objects.visible_to(UserFactory())) == [published]


def practice_of(user, state):
    """A practice of `user`'s partner in `state` (published practices carry their publication date)."""
    published = state in (State.PUBLISHED, State.ARCHIVED)
    return GoodPracticeFactory(partner=user.memberships.get().partner, published=published, state=state)


@pytest.mark.parametrize("state", State.values)
def test_who_sees_a_practice_is_the_same_rule_for_one_practice_and_for_a_queryset(people, state):
    practice = practice_of(people["editor"], state)
    seen_by = {name for name, user in people.items() if rules.can_see(user, practice)}
    listed_for = {name for name, user in people.items() if GoodPractice.objects.visible_to(user).filter(pk=practice.pk)}
    assert seen_by == listed_for
    members_and_staff = {"editor", "contact", "inactive editor", "reviewer", "superuser"}
    everyone = set(people)
    assert seen_by == (everyone if state == State.PUBLISHED else members_and_staff)


@pytest.mark.parametrize(
    ("state", "edit", "revise", "delete"),
    [
        (State.DRAFT, True, False, True),
        (State.CHANGES_REQUESTED, True, False, False),
        (State.SUBMITTED, False, False, False),
        (State.PUBLISHED, False, True, False),
        (State.ARCHIVED, False, False, False),
    ],
)
def test_only_the_partners_active_editors_change_it_and_only_in_some_states(people, state, edit, revise, delete):
    practice = practice_of(people["editor"], state)
    for name, user in people.items():
        is_editor = name == "editor"
        assert rules.can_edit(user, practice) is (is_editor and edit), name
        assert rules.can_revise(user, practice) is (is_editor and revise), name
        assert rules.can_delete(user, practice) is (is_editor and delete), name
        assert rules.can_submit(user, practice) is is_editor, name


def test_reviewing_and_the_history_are_for_staff_with_the_permissions(people):
    assert {name for name, user in people.items() if rules.can_review(user)} == {"reviewer", "superuser"}
    assert {name for name, user in people.items() if rules.can_see_history(user)} == {"reviewer", "superuser"}
    assert {name for name, user in people.items() if rules.can_restore(user)} == {"reviewer", "superuser"}


def test_a_partner_declares_transfer_interests_for_the_published_practices_of_others(people):
    own = GoodPracticeFactory(partner=people["editor"].memberships.get().partner, published=True)
    others = GoodPracticeFactory(published=True)
    others_draft = GoodPracticeFactory(partner=others.partner)
    editors_partner = people["editor"].memberships.get().partner
    assert rules.transfer_partners(people["editor"], others) == [editors_partner]
    assert rules.transfer_partners(people["editor"], own) == []
    assert rules.transfer_partners(people["editor"], others_draft) == []
    for name in ("contact", "inactive editor", "reviewer", "staff", "anonymous"):
        assert rules.transfer_partners(people[name], others) == [], name


def test_a_user_is_asked_once_per_request(people, django_assert_num_queries):
    practice = GoodPracticeFactory(partner=people["editor"].memberships.get().partner)
    user = type(people["editor"]).objects.get(pk=people["editor"].pk)
    with django_assert_num_queries(1):
        assert rules.can_edit(user, practice)
        assert rules.can_see(user, practice)
        assert rules.can_delete(user, practice)
