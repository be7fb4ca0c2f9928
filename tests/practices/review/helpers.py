"""The review URLs, taking a decision as a reviewer, and reading the diff table."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from practices.models import Criterion, GoodPractice, Review, State
from tests.factories import (
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.html import fragment

QUEUE = "/practices/review/"


ALL_SEVEN = {f"score_{criterion}": "4" for criterion in Criterion.values}


def review_url(practice):
    return reverse("practices:practice-review", args=[practice.slug])


def decide(client, reviewer, practice, **data):
    client.force_login(reviewer)
    return client.post(review_url(practice), data)


def submitted_at(practice, when):
    """Date the practice's submission `when`: its review step and the practice's own timestamp."""
    Review.objects.filter(practice=practice, to_state=State.SUBMITTED).update(created_at=when)
    GoodPractice.objects.filter(pk=practice.pk).update(submitted_at=when)


def user_of(kind, practice=None):
    if kind == "reviewer":
        return ReviewerFactory()
    if kind == "superuser":
        return SuperuserFactory()
    if kind == "partner editor":
        return MembershipFactory().user
    if kind == "owner's editor":
        return MembershipFactory(partner=practice.partner).user
    if kind == "plain staff":
        return StaffFactory()
    if kind == "staff who may view practices":
        user = StaffFactory()
        user.user_permissions.add(Permission.objects.get(codename="view_goodpractice"))
        return user
    if kind == "reviewer who is not staff":
        user = UserFactory()
        user.user_permissions.add(Permission.objects.get(codename="review_goodpractice"))
        return user
    raise ValueError(kind)


def table_rows(html):
    """The cells of each body row of the diff table, as text."""
    body = fragment(html).find("table", **{"class": "table diff-table"}).find("tbody")
    return [row.texts("th") + row.texts("td") for row in body.find_all("tr")]
