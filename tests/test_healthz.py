"""/healthz: what a load balancer reads of an app server (secon_portal/health.py)."""

import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from secon_portal import health, mail

pytestmark = pytest.mark.django_db


def test_a_healthy_server_reports_its_database_cache_and_empty_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue": {"pending": 0, "due": 0, "failed": 0, "lag_seconds": 0},
    }
    assert "no-store" in response["Cache-Control"]  # never kept, by the page cache or any other
    assert not response.cookies


def test_the_queue_counts_waiting_due_and_failed_jobs_and_the_oldest_wait(client):
    for _ in range(2):
        mail.send_email.enqueue({"subject": "s", "body": "b", "from_email": None, "to": ["a@example.org"]})
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    later = mail.send_email.using(run_after=timezone.now() + datetime.timedelta(hours=1))
    later.enqueue({"subject": "s", "body": "b", "from_email": None, "to": ["b@example.org"]})  # a retry, not due
    failed = mail.send_email.enqueue({"subject": "s", "body": "b", "from_email": None, "to": ["c@example.org"]})
    DBTaskResult.objects.filter(pk=failed.id).update(status=TaskResultStatus.FAILED)
    queue = client.get("/healthz").json()["queue"]
    assert (queue["pending"], queue["due"], queue["failed"]) == (3, 2, 1)
    assert 600 <= queue["lag_seconds"] < 660


def test_a_server_without_its_database_answers_503(client, monkeypatch):
    monkeypatch.setattr(health, "database_error", lambda: "OperationalError")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "OperationalError", "cache": "ok"}


def test_a_server_whose_cache_fails_stays_in_service_as_degraded(client, monkeypatch):
    # Its pages are made afresh without the cache: a load balancer must not take every app server out.
    class BrokenCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("no Redis")

    monkeypatch.setattr(health, "cache", BrokenCache())
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert (report["status"], report["database"], report["cache"]) == ("degraded", "ok", "ConnectionError")


def test_only_get_and_head(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
