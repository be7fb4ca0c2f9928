"""Asking for a new password: the same answer, as fast, for any address; and a limit on how often."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

URL = "/accounts/password_reset/"


def ask(client, email, address="192.0.2.10"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_a_known_and_an_unknown_address_get_the_same_answer_with_the_same_work(client):
    UserFactory(username="anna", email="anna@example.org")
    answers = []
    for email in ("anna@example.org", "nobody@example.org"):
        response = ask(client, email)
        answers.append((response.status_code, response["Location"]))
        # The request only enqueues one job, whoever asks: no lookup result, no e-mail, in the request.
        assert DBTaskResult.objects.filter(task_path="secon_portal.accounts.send_password_reset").count() == len(
            answers
        )
        assert DBTaskResult.objects.filter(task_path="secon_portal.mail.send_email").count() == 0
        assert mail.outbox == []
    assert answers[0] == answers[1] == (302, "/accounts/password_reset/done/")

    run_queued_tasks()
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_one_connection_may_ask_three_times_an_hour(client):
    for number in range(3):
        assert ask(client, f"person{number}@example.org").status_code == 302
    refused = ask(client, "person4@example.org")
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "email": [
            "A new password was asked for too often, from this connection or for this e-mail address: "
            "at most 3 times an hour. Please try again in an hour."
        ]
    }
    assert DBTaskResult.objects.count() == 3
    assert ask(client, "person5@example.org", address="192.0.2.99").status_code == 302  # another connection


def test_one_email_address_may_be_asked_for_three_times_an_hour_from_anywhere(client):
    for number in range(3):
        assert ask(client, "anna@example.org", address=f"192.0.2.{number}").status_code == 302
    refused = ask(client, "ANNA@example.org", address="192.0.2.50")
    assert refused.status_code == 200
    assert "at most 3 times an hour" in refused.content.decode()
