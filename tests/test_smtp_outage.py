"""A mail-server outage delays e-mail and loses none: the jobs wait in PostgreSQL and go out when it is back.

A real SMTP server (aiosmtpd) on a loopback port stands for the mail server; the portal sends to it over SMTP,
as in production. While nothing listens on the port, every attempt fails and is rescheduled; once it listens,
the next attempts deliver every message.
"""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from secon_portal.mail import RETRY_DELAYS
from tests.factories import UserFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SEND = "secon_portal.mail.send_email"


class Inbox(Message):
    """What the mail server received."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return port


def waiting_sends():
    return DBTaskResult.objects.filter(task_path=SEND, status=TaskResultStatus.READY)


def time_passes(seconds):
    """The worker's clock moves on: what was due in `seconds` is due now."""
    for job in waiting_sends():
        job.run_after -= datetime.timedelta(seconds=seconds)
        job.save(update_fields=["run_after"])


def test_e_mails_wait_through_an_outage_and_are_delivered_when_the_server_is_back(client, smtp_port):
    addresses = [f"partner{number}@example.org" for number in range(3)]
    for number, address in enumerate(addresses):
        UserFactory(username=f"partner{number}", email=address)
        client.post("/accounts/password_reset/", {"email": address}, REMOTE_ADDR=f"192.0.2.{number + 1}")

    # The mail server is down: each message is tried once, and a second attempt is scheduled.
    before = timezone.now()
    run_queued_tasks()
    retries = list(waiting_sends())
    assert len(retries) == 3
    assert {job.args_kwargs["kwargs"]["attempt"] for job in retries} == {2}
    for job in retries:
        wait = (job.run_after - before).total_seconds()
        assert RETRY_DELAYS[0] - 5 <= wait <= RETRY_DELAYS[0] + 5
    assert run_queued_tasks() == 0  # nothing is due before its time

    # Still down at the second attempt: a third is scheduled, nothing is lost.
    time_passes(RETRY_DELAYS[0])
    assert run_queued_tasks() == 3
    assert {job.args_kwargs["kwargs"]["attempt"] for job in waiting_sends()} == {3}

    # The mail server is back: the next attempt delivers every message, once.
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        time_passes(RETRY_DELAYS[1])
        assert run_queued_tasks() == 3
    finally:
        server.stop()
    assert sorted(message["To"] for message in inbox.messages) == addresses
    assert all("/accounts/reset/" in message.get_payload() for message in inbox.messages)
    assert not waiting_sends().exists()
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
