"""E-mail goes through the job queue: enqueued with the change that causes it, delivered by the worker.

`queue_email(message)` stores a job in PostgreSQL (django-tasks with django-tasks-db's database backend)
inside the current transaction: the message exists if and only if the change that caused it was
committed (an outbox). The worker (`manage.py db_worker`) sends it. When the mail server fails, the job
is tried again later, after longer and longer waits (RETRY_DELAYS: about a day in all); only then does
it fail for good, and staff see it among the failed tasks in the admin.
"""

import datetime
import logging
import smtplib

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds to wait before the second, third, ... attempt to send a message.
RETRY_DELAYS = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)


def queue_email(message):
    """Enqueue `message` (an EmailMessage) for the worker to send."""
    send_email.enqueue(_as_data(message))


def _as_data(message):
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
    }


@task()
def send_email(message, attempt=1):
    """Send one message; if the mail server fails, enqueue the next attempt, until RETRY_DELAYS run out."""
    try:
        EmailMessage(**message).send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt > len(RETRY_DELAYS):
            raise  # the task fails for good: staff see it in the admin's list of tasks
        retry_at = timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[attempt - 1])
        send_email.using(run_after=retry_at).enqueue(message, attempt=attempt + 1)
        logger.warning(
            "Could not send an e-mail to %s (%s); attempt %d at %s", message["to"], error, attempt + 1, retry_at
        )
        return f"not sent: {error}; trying again at {retry_at.isoformat()}"
    return "sent"
