"""The permission matrix of the partner workflow (issue 4): every view and action, tried by every role.

One table, ROWS: for each view or action, the answer each of the five roles gets, in the order of ROLES
(the owner partner's editor, another partner's editor, a reviewer, a plain staff user, an anonymous
visitor). Each case is run against a fresh `world`. A refused POST changes nothing (practices, their
states and versions, review steps, assessments, transfer interests, notifications, revision history);
an accepted one does what it says. Then: every state-changing view is POST-only and needs the CSRF token.

Anything a user may not see is a 404, never a 403 (DESIGN.md section 5): another partner's draft, the
review and history pages for anyone but staff who may use them, someone else's notification.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from practices.models import (
    Criterion,
    CriterionAssessment,
    GoodPractice,
    Notification,
    Review,
    State,
    TransferInterest,
)
from secon_portal.management.commands.load_reference_data import REVIEWERS, Command
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    ReviewerFactory,
    StaffFactory,
    TransferInterestFactory,
    seven_scores,
)

pytestmark = pytest.mark.django_db

OWNER, OTHER, REVIEWER, STAFF, ANONYMOUS = ROLES = ("owner", "other", "reviewer", "staff", "anonymous")
ROLE_NAMES = {
    OWNER: "owner partner's editor",
    OTHER: "other partner's editor",
    REVIEWER: "reviewer",
    STAFF: "plain staff",
    ANONYMOUS: "anonymous visitor",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# -- the world every case starts from -----------------------------------------------------------------


@dataclass
class World:
    users: dict  # role -> user (None for the anonymous visitor)
    draft: GoodPractice  # /practices/a-draft/: the owner partner's, complete enough to be submitted
    submitted: GoodPractice  # /practices/under-review/: waiting for review
    published: GoodPractice  # /practices/village-shop/: published through the workflow, no transfer interest yet
    interest: TransferInterest  # the other partner's interest in /practices/wanted-practice/ (published)
    notification: Notification  # the owner's editor's, unread: "Published: Village shop"
    first_version: object  # the oldest historical record of the published practice

    @property
    def other_partner(self):
        return self.interest.partner


@pytest.fixture
def world():
    Command().load_groups()  # the staff groups as every installation has them
    owner_partner = PartnerFactory(name="Region of Peloponnese")
    other_partner = PartnerFactory(name="Haskovo Municipality")
    owner = MembershipFactory(partner=owner_partner, user__username="owner-editor").user
    other = MembershipFactory(partner=other_partner, user__username="other-editor").user
    publisher = ReviewerFactory(username="publisher")  # took the steps before the test; none of the roles

    draft = GoodPracticeFactory(partner=owner_partner, title="A draft")
    submitted = GoodPracticeFactory(partner=owner_partner, title="Under review")
    submitted.submit(owner)
    published = GoodPracticeFactory(partner=owner_partner, title="Village shop")
    published.submit(owner)
    published.publish(publisher, assessments=seven_scores())  # tells the owner's editor: their one notification
    wanted = GoodPracticeFactory(partner=owner_partner, title="Wanted practice", published=True)
    interest = TransferInterestFactory(practice=wanted, partner=other_partner, note="We are interested.")

    # Made last, so that no workflow step above told them anything.
    reviewer = StaffFactory(username="reviewer")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    staff = StaffFactory(username="plain-staff")
    published = GoodPractice.objects.get(pk=published.pk)
    return World(
        users={OWNER: owner, OTHER: other, REVIEWER: reviewer, STAFF: staff, ANONYMOUS: None},
        draft=GoodPractice.objects.get(pk=draft.pk),
        submitted=GoodPractice.objects.get(pk=submitted.pk),
        published=published,
        interest=interest,
        notification=Notification.objects.get(recipient=owner),
        first_version=published.history.order_by("history_date", "history_id").first(),
    )


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


def snapshot():
    """Everything the views of the matrix could change."""
    return {
        "practices": list(
            GoodPractice.objects.order_by("pk").values_list("pk", "slug", "state", "version", "title", "revision_of")
        ),
        "reviews": list(Review.objects.order_by("pk").values_list("pk", "practice", "from_state", "to_state")),
        "assessments": CriterionAssessment.objects.count(),
        "transfers": list(
            TransferInterest.objects.order_by("pk").values_list("pk", "practice", "partner", "stage", "note")
        ),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "recipient", "read_at")),
        "history": GoodPractice.history.count(),
    }


# -- the answers ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None = None  # for a redirect; "login" for the login page with ?next=
    changes: bool = False  # whether the request does what it asks (a POST that is not refused)


OK = Answer(200)
FORBIDDEN = Answer(403)
NOT_FOUND = Answer(404)
LOGIN = Answer(302, "login")


def done(location):
    """A redirect to `location` after the action was taken."""
    return Answer(302, location, changes=True)


def to(location):
    """A redirect to `location` that changes nothing."""
    return Answer(302, location)


def url(name, *args):
    return reverse(f"practices:{name}", args=args)


def form(title, version=None):
    """The practice form as a draft can be saved: a title, the language (a choice with a default), no results,
    images or documents."""
    data = {"title": title, "original_language": "en", "action": "save"}
    for prefix in ("results", "images", "attachments"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    if version is not None:
        data["version"] = str(version)
    return data


ALL_SEVEN = {f"score_{criterion}": "4" for criterion in Criterion.values}


@dataclass(frozen=True)
class Row:
    action: str  # "practice-edit POST"
    method: str
    path: Callable  # world -> path
    answers: tuple  # in the order of ROLES
    data: Callable = lambda world: {}
    done: Callable | None = None  # world -> whether the action has been taken (for state-changing views)


def state_of(practice):
    return GoodPractice.objects.get(pk=practice.pk).state


ROWS = [
    # Writing practices
    Row(
        "practice-create GET",
        "get",
        lambda w: url("practice-create"),
        (OK, OK, FORBIDDEN, FORBIDDEN, LOGIN),
    ),
    Row(
        "practice-create POST",
        "post",
        lambda w: url("practice-create"),
        (done("/practices/new-practice/edit/"), done("/practices/new-practice/edit/"), FORBIDDEN, FORBIDDEN, LOGIN),
        data=lambda w: form("New practice"),
        done=lambda w: GoodPractice.objects.filter(title="New practice").exists(),
    ),
    Row(
        "practice-edit GET on the owner's draft",
        "get",
        lambda w: url("practice-edit", w.draft.slug),
        (OK, NOT_FOUND, FORBIDDEN, NOT_FOUND, LOGIN),
    ),
    Row(
        "practice-edit POST on the owner's draft",
        "post",
        lambda w: url("practice-edit", w.draft.slug),
        (done("/practices/a-draft/edit/"), NOT_FOUND, FORBIDDEN, NOT_FOUND, LOGIN),
        data=lambda w: form("Changed title", version=w.draft.version),
        done=lambda w: GoodPractice.objects.get(pk=w.draft.pk).title == "Changed title",
    ),
    Row(
        "practice-edit GET on a published practice",  # the page that offers to propose changes
        "get",
        lambda w: url("practice-edit", w.published.slug),
        (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    ),
    Row(
        "practice-submit POST",
        "post",
        lambda w: url("practice-submit", w.draft.slug),
        (done("/practices/a-draft/"), NOT_FOUND, FORBIDDEN, NOT_FOUND, LOGIN),
        done=lambda w: state_of(w.draft) == State.SUBMITTED,
    ),
    Row(
        "practice-revise POST on a published practice",
        "post",
        lambda w: url("practice-revise", w.published.slug),
        (done("/practices/village-shop-revision/edit/"), FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
        done=lambda w: GoodPractice.objects.filter(revision_of=w.published).exists(),
    ),
    # The dashboard and notifications
    Row(
        "my-practices GET",
        "get",
        lambda w: url("my-practices"),
        (OK, OK, FORBIDDEN, FORBIDDEN, LOGIN),
    ),
    Row(
        "notification-read POST on the owner's editor's notification",
        "post",
        lambda w: url("notification-read", w.notification.pk),
        (done("/practices/mine/"), NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        done=lambda w: Notification.objects.get(pk=w.notification.pk).read_at is not None,
    ),
    Row(
        # Marks only the user's own notifications: the others have none, so nothing changes for them.
        "notifications-read-all POST",
        "post",
        lambda w: url("notifications-read-all"),
        (done("/practices/mine/"), to("/practices/mine/"), to("/practices/mine/"), to("/practices/mine/"), LOGIN),
        done=lambda w: Notification.objects.get(pk=w.notification.pk).read_at is not None,
    ),
    # Review
    Row(
        "review-queue GET",
        "get",
        lambda w: url("review-queue"),
        (FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, LOGIN),
    ),
    Row(
        "practice-review GET on a submitted practice",
        "get",
        lambda w: url("practice-review", w.submitted.slug),
        (NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, LOGIN),
    ),
    Row(
        "practice-review POST publish (all seven scores)",
        "post",
        lambda w: url("practice-review", w.submitted.slug),
        (NOT_FOUND, NOT_FOUND, done("/practices/under-review/"), NOT_FOUND, LOGIN),
        data=lambda w: {"decision": "publish", "comment": "", **ALL_SEVEN},
        done=lambda w: state_of(w.submitted) == State.PUBLISHED,
    ),
    Row(
        "practice-review POST request changes",
        "post",
        lambda w: url("practice-review", w.submitted.slug),
        (NOT_FOUND, NOT_FOUND, done("/practices/review/"), NOT_FOUND, LOGIN),
        data=lambda w: {"decision": "request_changes", "comment": "Add the figures."},
        done=lambda w: state_of(w.submitted) == State.CHANGES_REQUESTED,
    ),
    # Revision history
    Row(
        "practice-history GET",
        "get",
        lambda w: url("practice-history", w.published.slug),
        (NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, LOGIN),
    ),
    Row(
        "practice-restore POST",
        "post",
        lambda w: url("practice-restore", w.published.slug, w.first_version.history_id),
        (NOT_FOUND, NOT_FOUND, done("/practices/village-shop/history/"), NOT_FOUND, LOGIN),
        done=lambda w: GoodPractice.objects.get(pk=w.published.pk).version == w.published.version + 1,
    ),
    # Transfers
    Row(
        "transfer-declare POST on the owner's published practice",
        "post",
        lambda w: url("transfer-declare", w.published.slug),
        (FORBIDDEN, done("/practices/village-shop/#transfer-interest"), FORBIDDEN, FORBIDDEN, LOGIN),
        data=lambda w: {"note": "We would adapt it to our villages."},
        done=lambda w: TransferInterest.objects.filter(practice=w.published, partner=w.other_partner).exists(),
    ),
    Row(
        "transfer-update POST on the other partner's interest",
        "post",
        lambda w: url("transfer-update", w.interest.pk),
        (NOT_FOUND, done("/practices/wanted-practice/#transfer-interest"), NOT_FOUND, NOT_FOUND, LOGIN),
        data=lambda w: {"stage": "studying", "note": "We are studying it."},
        done=lambda w: TransferInterest.objects.get(pk=w.interest.pk).stage == "studying",
    ),
    # The practice page
    Row(
        "practice-detail GET on a draft",
        "get",
        lambda w: url("practice-detail", w.draft.slug),
        (OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
    ),
    Row(
        "practice-detail GET on a submitted practice",
        "get",
        lambda w: url("practice-detail", w.submitted.slug),
        (OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
    ),
    Row(
        "practice-detail GET on a published practice",
        "get",
        lambda w: url("practice-detail", w.published.slug),
        (OK, OK, OK, OK, OK),
    ),
    # Accounts
    Row("login GET", "get", lambda w: reverse("login"), (OK, OK, OK, OK, OK)),
    Row(
        "after-login GET",  # where the login page sends each user
        "get",
        lambda w: reverse("after-login"),
        (to("/practices/mine/"), to("/practices/mine/"), to("/practices/review/"), to("/admin/"), LOGIN),
    ),
    Row("password change GET", "get", lambda w: reverse("password_change"), (OK, OK, OK, OK, LOGIN)),
    Row("password reset GET", "get", lambda w: reverse("password_reset"), (OK, OK, OK, OK, OK)),
]


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


# -- POST only, and the CSRF token ----------------------------------------------------------------------


def row(action):
    return next(row for row in ROWS if row.action == action)


# Every state-changing action, with a role that may take it.
CHANGES = [
    (row("practice-create POST"), OWNER),
    (row("practice-edit POST on the owner's draft"), OWNER),
    (row("practice-submit POST"), OWNER),
    (row("practice-revise POST on a published practice"), OWNER),
    (row("notification-read POST on the owner's editor's notification"), OWNER),
    (row("notifications-read-all POST"), OWNER),
    (row("practice-review POST publish (all seven scores)"), REVIEWER),
    (row("practice-review POST request changes"), REVIEWER),
    (row("practice-restore POST"), REVIEWER),
    (row("transfer-declare POST on the owner's published practice"), OTHER),
    (row("transfer-update POST on the other partner's interest"), OTHER),
]
# The form pages (create, edit, review) show their form on GET; these views have no page of their own.
POST_ONLY = [
    (changing, role)
    for changing, role in CHANGES
    if not changing.action.startswith(("practice-create", "practice-edit", "practice-review"))
]


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


def csrf_client(world, role):
    """A browser-like client that checks CSRF tokens, logged in as `role`, with a CSRF cookie from a page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[role])
    assert client.get(reverse("login")).status_code == 200  # the page sets the CSRF cookie
    return client


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
