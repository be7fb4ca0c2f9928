"""The permission matrix of the partner workflow (issue 4): every view and action, tried by every role.

One table, ROWS: for each view or action, the answer each of the five roles gets, in the order of ROLES
(the owner partner's editor, another partner's editor, a reviewer, a plain staff user, an anonymous
visitor). Each case is run against a fresh `world`. A refused POST changes nothing (practices, their
states and versions, review steps, assessments, transfer interests, notifications, revision history);
an accepted one does what it says. Then: every state-changing view is POST-only and needs the CSRF token.

Anything a user may not see is a 404, never a 403 (DESIGN.md section 5): another partner's draft, the
review and history pages for anyone but staff who may use them, someone else's notification.
"""

import pytest

from practices.models import (
    Notification,
    State,
)
from tests.permissions.matrix import REVIEWER, ROLE_NAMES, ROLES, ROWS, STAFF, snapshot

pytestmark = pytest.mark.django_db


def test_the_world(world):
    assert [p.slug for p in (world.draft, world.submitted, world.published, world.interest.practice)] == [
        "a-draft",
        "under-review",
        "village-shop",
        "wanted-practice",
    ]
    assert [p.state for p in (world.draft, world.submitted, world.published)] == [
        State.DRAFT,
        State.SUBMITTED,
        State.PUBLISHED,
    ]
    assert world.draft.missing_for_submission() == []
    assert world.notification.read_at is None and world.notification.review.practice == world.published
    assert [Notification.objects.filter(recipient=world.users[role]).count() for role in ROLES[:4]] == [1, 0, 0, 0]
    reviewer, staff = world.users[REVIEWER], world.users[STAFF]
    assert reviewer.has_perm("practices.review_goodpractice") and reviewer.has_perm("practices.change_goodpractice")
    assert staff.is_staff and not staff.get_all_permissions()


def test_every_row_answers_for_every_role():
    assert all(len(row.answers) == len(ROLES) for row in ROWS)
    assert all((row.done is not None) == (row.method == "post") for row in ROWS)
    assert len({row.action for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize(
    ("row", "role", "expected"),
    [
        pytest.param(row, role, answer, id=f"{row.action} / {ROLE_NAMES[role]}")
        for row in ROWS
        for role, answer in zip(ROLES, row.answers, strict=True)
    ],
)
def test_the_permission_matrix(client, world, row, role, expected):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    path = row.path(world)
    before = snapshot()

    response = getattr(client, row.method)(path, row.data(world))

    location = f"/accounts/login/?next={path}" if expected.location == "login" else expected.location
    assert (response.status_code, response.get("Location")) == (expected.status, location)
    if expected.changes:
        assert row.done(world)
        assert snapshot() != before
    else:
        assert snapshot() == before
        assert row.done is None or not row.done(world)
