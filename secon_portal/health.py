"""What /healthz reports to load balancers and to staff: whether this app server reaches the database and the
cache, and how the job queue stands (django-tasks-db's tasks, which the worker runs: e-mail above all).

An app server that cannot reach the database answers 503, so that a load balancer stops sending it visitors. One
that cannot reach the cache answers 200 with the status "degraded": it still serves every page, made afresh (the
cache fails open: secon_portal/unavailable.py), and taking it out would take out every app server when Redis
restarts. The queue only informs: a late worker delays e-mail, but every app server can still serve pages.
"""

import secrets

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def database_error():
    """None when the database answers, or what went wrong."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return type(error).__name__
    return None


def cache_error():
    """None when the cache keeps a value and gives it back, or what went wrong."""
    key, value = "healthz:" + secrets.token_hex(8), secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        kept = cache.get(key)
        cache.delete(key)
    except Exception as error:
        return type(error).__name__
    return None if kept == value else "the cache did not keep a value"


def queue_state():
    """The jobs waiting (`pending`; `due`: those whose time has come, as the worker picks them), the jobs that
    failed for good, and how long the oldest due job has waited (`lag_seconds`, 0 when none is due)."""
    state = DBTaskResult.objects.aggregate(
        pending=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
    )
    due = DBTaskResult.objects.ready().aggregate(due=Count("pk"), oldest=Min("enqueued_at"))
    state["due"] = due["due"]
    state["lag_seconds"] = max(0, round((timezone.now() - due["oldest"]).total_seconds())) if due["oldest"] else 0
    return state


def report():
    """(healthy, the report as a dict)."""
    database, cache_problem = database_error(), cache_error()
    healthy = database is None
    result = {
        "status": "failing" if not healthy else "degraded" if cache_problem else "ok",
        "database": database or "ok",
        "cache": cache_problem or "ok",
    }
    if database is None:
        result["queue"] = queue_state()
    return healthy, result
