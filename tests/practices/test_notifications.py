"""Who hears of a workflow step: Notification rows and e-mails, sent only once the step is committed."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import transaction
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from practices.models import GoodPractice, Notification, State
from practices.notifications import portal_url, reviewers
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    ReviewerFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
    seven_scores,
)
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def partner():
    return PartnerFactory(name="Region of Peloponnese")


@pytest.fixture
def editors(partner):
    first = MembershipFactory(partner=partner, user__username="anna", user__first_name="Anna").user
    second = MembershipFactory(partner=partner, user__username="nikos").user
    return [first, second]


@pytest.fixture
def reviewer():
    return ReviewerFactory(username="rita", first_name="Rita", last_name="Reviewer")


@pytest.fixture
def practice(partner):
    return GoodPracticeFactory(partner=partner, title="Village shop & café", slug="village-shop")


def notified(review):
    return sorted(Notification.objects.filter(review=review).values_list("recipient__username", flat=True))


def test_submitting_tells_every_reviewer_and_nobody_else(
    practice, editors, reviewer, django_capture_on_commit_callbacks
):
    via_group = StaffFactory(username="gina")
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(Permission.objects.get(codename="review_goodpractice"))
    via_group.groups.add(group)
    boss = SuperuserFactory(username="boss")
    ReviewerFactory(username="retired", is_active=False)
    StaffFactory(username="plain-staff")
    not_staff = UserFactory(username="not-staff")
    not_staff.user_permissions.add(Permission.objects.get(codename="review_goodpractice"))
    MembershipFactory(user__username="other-editor")

    review = practice.submit(editors[0], "Ready, thank you!")

    assert notified(review) == ["boss", "gina", "rita"]
    assert sorted(user.username for user in reviewers()) == ["boss", "gina", "rita"]
    run_queued_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == [boss.email, via_group.email, reviewer.email]
    run_queued_tasks()
    message = next(message for message in mail.outbox if message.to == [reviewer.email])
    assert message.subject == "To review: Village shop & café"
    assert "Region of Peloponnese submitted the good practice “Village shop & café” for review." in message.body
    assert "Submitted by: Anna" in message.body
    assert "Ready, thank you!" in message.body
    assert "http://127.0.0.1:8000/practices/village-shop/review/" in message.body
    assert "&amp;" not in message.body  # plain text, not HTML-escaped


def test_publishing_tells_the_partners_active_editors(
    practice, editors, reviewer, partner, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_URL = "https://secon.example.eu"
    MembershipFactory(partner=partner, user__username="contact", role="contact")
    MembershipFactory(partner=partner, user__username="gone", user__is_active=False)
    MembershipFactory(user__username="other-partner")
    practice.submit(editors[0])
    run_queued_tasks()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review = practice.publish(reviewer, "Well documented.", assessments=seven_scores())

    assert notified(review) == ["anna", "nikos"]
    run_queued_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.org", "nikos@example.org"]
    run_queued_tasks()
    message = mail.outbox[0]
    assert message.subject == "Published on the SECON portal: Village shop & café"
    assert "the SECON reviewers have published your organisation's good practice “Village shop & café”" in message.body
    assert "https://secon.example.eu/practices/village-shop/" in message.body
    assert "The reviewer's comment:\n\nWell documented." in message.body


def test_requesting_changes_sends_the_comment_and_the_edit_link(
    practice, editors, reviewer, django_capture_on_commit_callbacks
):
    practice.submit(editors[0])
    run_queued_tasks()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review = practice.request_changes(reviewer, "Add the budget, please.")

    assert notified(review) == ["anna", "nikos"]
    run_queued_tasks()
    assert len(mail.outbox) == 2
    run_queued_tasks()
    message = mail.outbox[0]
    assert message.subject == "Changes requested: Village shop & café"
    assert "What needs to change:\n\nAdd the budget, please." in message.body
    assert "http://127.0.0.1:8000/practices/village-shop/edit/" in message.body
    assert "http://127.0.0.1:8000/practices/mine/" in message.body


def test_changes_to_a_published_practice_are_named_as_such(
    editors, reviewer, practice, django_capture_on_commit_callbacks
):
    practice.submit(editors[0])
    practice.publish(reviewer, assessments=seven_scores())
    copy = GoodPractice.objects.get(pk=practice.pk).start_revision(editors[0])
    run_queued_tasks()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        copy.submit(editors[0])
    run_queued_tasks()
    assert [message.subject for message in mail.outbox] == ["To review: changes to Village shop & café"]
    run_queued_tasks()
    assert "http://127.0.0.1:8000/practices/village-shop-revision/review/" in mail.outbox[0].body
    run_queued_tasks()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review = copy.publish(reviewer, assessments=seven_scores())

    # The revision is gone; the step belongs to the published practice, and its link is the published page.
    assert review.practice == practice
    assert notified(review) == ["anna", "nikos"]
    run_queued_tasks()
    assert "http://127.0.0.1:8000/practices/village-shop/" in mail.outbox[0].body


def test_whoever_takes_the_step_is_not_told(practice, editors, django_capture_on_commit_callbacks):
    both = ReviewerFactory(username="editor-and-reviewer")
    MembershipFactory(partner=practice.partner, user=both)
    with django_capture_on_commit_callbacks(execute=True):
        review = practice.submit(both)
    assert notified(review) == []
    run_queued_tasks()
    assert mail.outbox == []


def test_archiving_tells_nobody(practice, editors, reviewer, django_capture_on_commit_callbacks):
    practice.submit(editors[0])
    practice.publish(reviewer, assessments=seven_scores())
    with django_capture_on_commit_callbacks(execute=True):
        review = practice.archive(reviewer)
    assert notified(review) == []


def test_the_emails_are_queued_in_the_steps_own_transaction(
    practice, editors, reviewer, django_capture_on_commit_callbacks
):
    """An outbox: the e-mail's job is written with the step, so a crash after the commit loses nothing."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        practice.submit(editors[0])
        assert DBTaskResult.objects.filter(task_path="secon_portal.mail.send_email").count() == 1
    assert callbacks == []  # nothing waits for the commit, nothing is sent inside the request
    assert mail.outbox == []
    run_queued_tasks()
    assert [message.to for message in mail.outbox] == [[reviewer.email]]


def test_nothing_is_sent_or_kept_for_a_rolled_back_step(
    practice, editors, reviewer, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        practice.submit(editors[0])
        raise RuntimeError("the step fails after the workflow method")
    assert callbacks == []
    run_queued_tasks()
    assert mail.outbox == []
    assert Notification.objects.count() == 0
    assert GoodPractice.objects.get(pk=practice.pk).state == State.DRAFT


def test_users_without_an_address_get_the_notification_only(practice, editors, django_capture_on_commit_callbacks):
    ReviewerFactory(username="no-mail", email="")
    with django_capture_on_commit_callbacks(execute=True):
        review = practice.submit(editors[0])
    assert notified(review) == ["no-mail"]
    run_queued_tasks()
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_undo_the_step(
    practice, editors, reviewer, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.practices.test_notifications.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        review = practice.submit(editors[0])
    assert notified(review) == ["rita"]
    assert GoodPractice.objects.get(pk=practice.pk).state == State.SUBMITTED


def test_e_mails_are_in_the_working_language_whatever_the_reviewers_page_language(
    practice, editors, reviewer, django_capture_on_commit_callbacks
):
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        practice.submit(editors[0])
    run_queued_tasks()
    assert mail.outbox[0].subject == "To review: Village shop & café"
    run_queued_tasks()
    assert "http://127.0.0.1:8000/practices/village-shop/review/" in mail.outbox[0].body  # no /de/ prefix


def test_portal_url(settings):
    assert portal_url("/practices/") == "http://127.0.0.1:8000/practices/"
    settings.PORTAL_URL = "https://secon.example.eu"
    assert portal_url("/practices/") == "https://secon.example.eu/practices/"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


@pytest.mark.parametrize("decision", ["publish", "request_changes"])
def test_once_a_reviewer_decides_every_reviewers_notification_of_the_submission_is_done(
    client, practice, editors, reviewer, decision
):
    """The trial found 20 stale "New" items beside the queue: submissions someone had already decided on."""
    colleague = ReviewerFactory(username="carla")
    submission = practice.submit(editors[0])
    assert Notification.objects.filter(review=submission).unread().count() == 2  # rita and carla
    if decision == "publish":
        practice.publish(reviewer, assessments=seven_scores())
    else:
        practice.request_changes(reviewer, "Add the budget.")
    assert Notification.objects.filter(review=submission).unread().count() == 0
    client.force_login(colleague)
    response = client.get("/practices/review/")
    assert response.context["any_unread"] is False


def test_a_submission_nobody_decided_on_stays_new(practice, editors, reviewer):
    other = GoodPracticeFactory(partner=practice.partner)
    waiting = other.submit(editors[0])
    practice.submit(editors[0])
    practice.request_changes(reviewer, "Add the budget.")
    assert Notification.objects.filter(review=waiting).unread().count() == 1
