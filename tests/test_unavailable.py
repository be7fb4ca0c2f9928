"""The database or the cache out of reach: a 503 page with Retry-After instead of a 500, and the cache failing open
(secon_portal/unavailable.py, secon_portal/page_cache.py). The outage is simulated by making the database layer or
the cache client raise the errors that PostgreSQL and Redis cause when they are down."""

import logging
import socket

import pytest
import redis.exceptions
from django.contrib.sessions.backends.db import SessionStore
from django.db import IntegrityError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.http import HttpResponse
from django.template.loader import get_template
from django.urls import path

from practices import impact
from secon_portal import unavailable
from secon_portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import GoodPracticeFactory, PracticeResultFactory, UserFactory
from tests.html import assert_accessible_structure, assert_csp_safe, dom, parse

pytestmark = pytest.mark.usefixtures("english")

REFUSED = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
LEAD = (
    "The portal cannot reach its database or its cache just now, so this page cannot be shown. "
    "Please try again in a minute."
)


def database_down(request):
    raise OperationalError(REFUSED)


def redis_down(request):
    raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def a_bug(request):
    raise IntegrityError('duplicate key value violates unique constraint "x"')


def changes_the_session(request):
    request.session["seen"] = True
    return HttpResponse("fine")


urlpatterns = [
    path("database-down/", database_down),
    path("redis-down/", redis_down),
    path("a-bug/", a_bug),
    path("session/", changes_the_session),
    *portal_urlpatterns,
]


class BrokenCache:
    """A cache client whose every call fails as Django's RedisCache does when Redis is stopped."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            self.calls.append(name)
            raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail


@pytest.fixture(autouse=True)
def _fresh_warnings():
    unavailable._last_logged.clear()


@pytest.fixture
def failing_client(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def assert_unavailable_page(response):
    doc = dom(response, status=503)
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Request-ID"]
    assert doc.texts("h1") == ["Briefly unavailable"]
    assert doc.texts("title") == ["Briefly unavailable – SECON good-practice portal"]
    assert doc.texts("p", **{"class": "lead"}) == [LEAD]
    assert doc.find("code").text == response["X-Request-ID"]
    assert doc.find_all("nav") == []
    assert doc.find_all("form") == []
    return doc


def test_the_503_template_renders_without_request_context_or_database():
    # No `db` fixture: pytest-django makes any query in here an error.
    doc = parse(get_template("503.html").render({"request_id": "abc123def456"}))
    assert doc.texts("h1") == ["Briefly unavailable"]
    assert doc.find("code").text == "abc123def456"
    assert doc.find("a", **{"class": "btn btn-primary"}).attrs["href"] == "/"
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


@pytest.mark.urls("tests.test_unavailable")
def test_a_view_that_cannot_reach_the_database_gets_the_503_page(failing_client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="secon_portal.unavailable"):
        response = failing_client.get("/database-down/")
    assert_unavailable_page(response)
    assert [record.getMessage() for record in caplog.records if record.name == "secon_portal.unavailable"] == [
        f"A page could not be shown: OperationalError: {REFUSED}"
    ]
    assert [record for record in caplog.records if record.name == "django.request"] == []  # no error report


@pytest.mark.urls("tests.test_unavailable")
def test_a_view_that_cannot_reach_redis_gets_the_503_page(failing_client, db):
    assert_unavailable_page(failing_client.get("/redis-down/"))


@pytest.mark.urls("tests.test_unavailable")
def test_other_database_errors_stay_server_errors(failing_client, db):
    response = failing_client.get("/a-bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert dom(response, status=500).texts("h1") == ["Server error"]


@pytest.mark.urls("tests.test_unavailable")
def test_a_failure_in_a_middleware_gets_the_503_page(failing_client, db, monkeypatch):
    # The view works; the session middleware then cannot save the session.
    def save(self, must_create=False):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "save", save)
    assert_unavailable_page(failing_client.get("/session/"))


@pytest.mark.urls("tests.test_unavailable")
def test_a_logged_in_user_whose_session_cannot_be_read_gets_the_503_page(failing_client, db, monkeypatch, caplog):
    failing_client.force_login(UserFactory())

    def load(self):
        raise OperationalError(REFUSED)

    monkeypatch.setattr(SessionStore, "load", load)
    with caplog.at_level(logging.WARNING):
        assert_unavailable_page(failing_client.get("/practices/mine/"))
    # Handled once, in the view: no later middleware asks the database again for the user and fails.
    assert [record.getMessage() for record in caplog.records] == [
        f"A page could not be shown: OperationalError: {REFUSED}"
    ]


def test_every_query_failing_gives_the_503_page_in_the_language_of_the_address(failing_client, db, monkeypatch):
    def execute(self, sql, params=None):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", execute)
        response = failing_client.get("/de/practices/")
    doc = dom(response, status=503)
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.find("a", **{"class": "btn btn-primary"}).attrs["href"] == "/"


def test_warnings_are_logged_at_most_once_in_ten_seconds(caplog, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(unavailable.time, "monotonic", lambda: now[0])
    error = OperationalError("gone")
    with caplog.at_level(logging.WARNING, logger="secon_portal.unavailable"):
        unavailable.log_outage("Saving", error)
        now[0] += 4
        unavailable.log_outage("Saving", error)
        unavailable.log_outage("Saving", error)
        unavailable.log_outage("Reading", error)
        now[0] += 7
        unavailable.log_outage("Saving", error)
    assert [record.getMessage() for record in caplog.records] == [
        "Saving: OperationalError: gone",
        "Reading: OperationalError: gone",
        "Saving: OperationalError: gone (2 more since the last warning)",
    ]


# -- the cache fails open -----------------------------------------------------------------------------------------


@pytest.fixture
def cache_down(monkeypatch):
    broken = BrokenCache()
    for target in ("secon_portal.page_cache.cache", "practices.impact.cache", "secon_portal.accounts.cache"):
        monkeypatch.setattr(target, broken)
    return broken


@pytest.mark.django_db
def test_anonymous_pages_are_made_afresh_while_redis_is_down(client, settings, cache_down, caplog):
    settings.PAGE_CACHE_SECONDS = 300
    GoodPracticeFactory(title="Village shop", published=True)
    with caplog.at_level(logging.WARNING, logger="secon_portal.unavailable"):
        first = client.get("/practices/")
        second = client.get("/practices/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert "Village shop" in second.content.decode()
    assert cache_down.calls[:2] == ["get_or_set", "get_or_set"]  # the data version, asked for by each request
    assert [record.getMessage() for record in caplog.records] == [
        "The page cache is out of reach: ConnectionError: Error 111 connecting to 127.0.0.1:6379. Connection refused."
    ]


@pytest.mark.django_db
def test_with_django_s_redis_cache_and_no_redis_listening_pages_are_served(client, settings, caplog):
    # The real client and its real error: nothing listens on the port (a bound socket that never listens).
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
            }
        }
        settings.PAGE_CACHE_SECONDS = 300
        GoodPracticeFactory(title="Village shop", published=True)
        with caplog.at_level(logging.WARNING, logger="secon_portal.unavailable"):
            response = client.get("/practices/")
    assert response.status_code == 200
    assert "Village shop" in response.content.decode()
    assert [record.getMessage().split(":")[0] for record in caplog.records] == ["The page cache is out of reach"]


# serialized_rollback, as every transactional test here: the tests that follow still find the data migrations' rows.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_is_saved_while_redis_is_down(settings, cache_down, caplog):
    settings.PAGE_CACHE_SECONDS = 300
    with caplog.at_level(logging.WARNING, logger="secon_portal.unavailable"):
        practice = GoodPracticeFactory(title="Village shop")  # commits: the page cache is told after the commit
    assert practice.pk is not None
    assert "incr" in cache_down.calls
    assert [record.getMessage() for record in caplog.records] == [
        "The page cache could not be emptied: ConnectionError: "
        "Error 111 connecting to 127.0.0.1:6379. Connection refused."
    ]


@pytest.mark.django_db
def test_the_impact_figures_are_computed_in_the_request_while_redis_is_down(cache_down):
    practice = GoodPracticeFactory(published=True)
    PracticeResultFactory(practice=practice, indicator="Jobs created", unit="jobs", value=12)
    indicators = impact.published_results()
    assert [(row.indicator, row.unit, row.total) for row in indicators] == [("Jobs created", "jobs", 12)]
    assert cache_down.calls == ["get"]  # page cache off (conftest): the unversioned key


@pytest.mark.django_db
def test_a_password_reset_is_let_through_uncounted_while_redis_is_down(client, cache_down, caplog):
    UserFactory(email="ana@example.org")
    with caplog.at_level(logging.WARNING, logger="secon_portal.unavailable"):
        response = client.post("/accounts/password_reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert [record.getMessage() for record in caplog.records] == [
        "Password resets could not be counted: ConnectionError: "
        "Error 111 connecting to 127.0.0.1:6379. Connection refused."
    ]
