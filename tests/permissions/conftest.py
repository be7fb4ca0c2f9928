"""The world every case of the permission matrix starts from; pages in English."""

import pytest
from django.contrib.auth.models import Group

from practices.models import (
    GoodPractice,
    Notification,
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
from tests.permissions.matrix import ANONYMOUS, OTHER, OWNER, REVIEWER, STAFF, World


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here in English (the `english` fixture of tests/conftest.py)."""


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
