"""The permission matrix: the five roles, the world every case starts from, and ROWS, the answer each role
gets from each view or action (see test_permission_matrix.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client
from django.urls import reverse

from practices.models import (
    Criterion,
    CriterionAssessment,
    GoodPractice,
    Notification,
    Review,
    State,
    TransferInterest,
)

OWNER, OTHER, REVIEWER, STAFF, ANONYMOUS = ROLES = ("owner", "other", "reviewer", "staff", "anonymous")


ROLE_NAMES = {
    OWNER: "owner partner's editor",
    OTHER: "other partner's editor",
    REVIEWER: "reviewer",
    STAFF: "plain staff",
    ANONYMOUS: "anonymous visitor",
}


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


def csrf_client(world, role):
    """A browser-like client that checks CSRF tokens, logged in as `role`, with a CSRF cookie from a page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[role])
    assert client.get(reverse("login")).status_code == 200  # the page sets the CSRF cookie
    return client
