"""Browser tests: Playwright (pytest-playwright) driving Debian's Chromium against pytest-django's live server.

- Every test in this folder is marked `browser`: `pytest -m "not browser"` leaves them out, and
  `pytest tests/e2e` runs them alone. pytest-django runs them after the other database tests.
- Without a `chromium` on PATH they are skipped, with the reason in pytest's short summary (-ra, so
  `make test` shows it). With REQUIRE_ALL_TESTS=1 (as .ci/run sets it) they fail instead, and so does
  a browser test skipped for any other reason: CI never skips them silently.
- Playwright's own browser builds are never used (`playwright install` needs the internet): the browser
  is the `chromium` on PATH (Debian's /usr/bin/chromium), headless, and it cannot reach any host but the
  live server.
- Tests use `live_server` with `@pytest.mark.django_db(transaction=True, serialized_rollback=True)`
  (added automatically to a test without a django_db marker): the server thread sees committed data only,
  and the serialized rollback restores what the data migrations created (the four themes) for the tests
  that run after them. `page.goto("/practices/")` goes to the live server; `portal` builds the data.
- Two things Playwright's sync API needs from Django (see the fixtures): DJANGO_ALLOW_ASYNC_UNSAFE while
  the tests of this folder run, and the serialized-rollback snapshot on the connections they use.
- Uploaded files (MEDIA_URL) are served to the browser from MEDIA_ROOT by the `context` fixture.
- At the end of the run, the axe-core audits are listed page by page (tests.e2e.helpers.audit_page).
"""

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings

from tests.e2e.axe import AXE_AUDITS
from tests.e2e.portal import build_portal

CHROMIUM_MISSING = "Chromium is not installed (apt-get install chromium): browser tests skipped"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Nothing but the live server: a request to any other host fails at once instead of leaving the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
E2E_DIR = Path(__file__).parent


def browser_tests_required():
    return os.environ.get("REQUIRE_ALL_TESTS") == "1"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test of this folder `browser` (before -m selects, hence tryfirst), and run them last.

    A test without a django_db marker gets the one every browser test needs: without serialized_rollback,
    the flush after a live-server test would leave the tests that follow without the migrations' themes.

    Last: Playwright's event loop, once started, runs in the main thread until the session ends, and Django
    then refuses database access to every later test outside this folder ("You cannot call this from an
    async context"). pytest-django's own ordering (database tests, then transactional ones) keeps this order
    within each group, and the browser tests are all transactional.
    """
    browser_tests = []
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
            browser_tests.append(item)
    others = [item for item in items if E2E_DIR not in item.path.parents]
    items[:] = others + browser_tests


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With REQUIRE_ALL_TESTS=1, a skipped browser test is a failure, with the reason it was skipped."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and browser_tests_required()
        and item.get_closest_marker("browser")
        and not hasattr(report, "wasxfail")
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"{reason}\n(REQUIRE_ALL_TESTS=1: browser tests must run, a skip is a failure)"


def pytest_terminal_summary(terminalreporter):
    """The axe-core audits of this run, one line per page: rules passed, violations, rules to review by hand."""
    if not AXE_AUDITS:
        return
    terminalreporter.section("axe-core audits (WCAG 2.1 A and AA)")
    for audit in AXE_AUDITS:
        violations = ", ".join(violation["id"] for violation in audit.violations) or "none"
        terminalreporter.write_line(
            f"{audit.label}: {len(audit.passes)} rules passed, {len(audit.violations)} violations ({violations}), "
            f"{len(audit.incomplete)} to review ({', '.join(audit.incomplete) or 'none'})"
        )


@pytest.fixture(scope="session", autouse=True)
def chromium_executable():
    """The path of Debian's Chromium; skips the browser tests when there is none (see the module docstring)."""
    path = shutil.which("chromium")
    if path is None:
        if browser_tests_required():
            pytest.fail(f"{CHROMIUM_MISSING}, but REQUIRE_ALL_TESTS=1 requires them", pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    return path


@pytest.fixture(scope="package", autouse=True)
def _allow_database_access_beside_playwright():
    """Let the tests of this folder use the database although Playwright's event loop runs in their thread.

    Playwright's sync API marks its asyncio loop as running in the test's thread, which makes Django refuse
    database access there ("You cannot call this from an async context"). The tests run no async code of
    their own, so the check only gets in the way. Set for this folder only, not at import: the other tests
    must keep the check, and `manage.py check --deploy` in a subprocess warns when the variable is set.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def serialized_test_databases(django_db_setup):
    """Django's snapshot of each test database, taken for serialized_rollback, by alias (read before Playwright starts).

    Django keeps it on the connection object. Database connections are thread-local, except while an asyncio
    loop runs in the thread: then asgiref gives the thread a second set of connections, kept in a context
    variable. Playwright's sync API marks its loop as running between its calls, so the tests see that second
    set, without the snapshot; the flush after each test would then leave the database without the themes.
    """
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_under_playwright(chromium_executable, serialized_test_databases, playwright):
    """Give the connections that the tests use once Playwright runs the snapshot of serialized_test_databases."""
    from django.db import connections

    for alias, contents in serialized_test_databases.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    """pytest-playwright's launch options, with Debian's Chromium instead of Playwright's own build."""
    return {
        "headless": True,  # --headed (pytest-playwright's option) still shows the browser
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs (page.goto("/practices/")) go to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A fixed window size, locale and time zone."""
    return {
        **browser_context_args,
        "locale": "en-GB",
        "timezone_id": "Europe/Brussels",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def context(context, live_server):
    """The browser context, with uploaded files (MEDIA_URL) served from MEDIA_ROOT.

    The portal serves media only with DEBUG on, which tests turn off; in production the web server does it.
    """

    def serve_media(route):
        relative = unquote(urlsplit(route.request.url).path).removeprefix("/" + settings.MEDIA_URL.lstrip("/"))
        media_root = Path(settings.MEDIA_ROOT).resolve()
        file = (media_root / relative).resolve()
        if media_root in file.parents and file.is_file():
            route.fulfill(path=file)
        else:
            route.fulfill(status=404, body="Not found")

    context.route(f"{live_server.url}/{settings.MEDIA_URL.strip('/')}/**", serve_media)
    return context


@pytest.fixture
def portal(live_server):
    """The public portal of tests.e2e.helpers.build_portal(), committed for the live server to show."""
    return build_portal()
