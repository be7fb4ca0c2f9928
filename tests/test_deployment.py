"""The production set-up of the README: DEBUG off, collected static files, gunicorn behind a TLS proxy.

Uses REDIS_URL when the environment sets it (CI does), the local-memory cache otherwise.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests.production import PRODUCTION


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    """GET through the 'proxy': the request says it arrived over HTTPS."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", "Accept-Language": "en"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def production_server(db, tmp_path):
    db_settings = connection.settings_dict
    host = (db_settings["HOST"] or "localhost").replace("/", "%2F")
    env = {
        **os.environ,
        **PRODUCTION,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_HTTPS_PROXY": "true",
        "DATABASE_URL": f"postgres://{db_settings['USER']}@{host}:{db_settings['PORT'] or 5432}/{db_settings['NAME']}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    python = sys.executable
    collect = subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input"], env=env, cwd=settings.BASE_DIR, capture_output=True
    )
    assert collect.returncode == 0, collect.stderr.decode()
    port = free_port()
    gunicorn = subprocess.Popen(
        [python, "-m", "gunicorn", "secon_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert gunicorn.poll() is None, gunicorn.stderr.read().decode()
            time.sleep(0.2)
    yield base
    gunicorn.terminate()
    gunicorn.wait(timeout=10)


def test_gunicorn_serves_the_portal_with_production_settings(production_server):
    status, headers, body = fetch(production_server + "/")
    assert status == 200
    assert "<h1" in body
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"


def test_static_files_are_served_compressed_and_cached_for_a_year(production_server):
    _, _, body = fetch(production_server + "/")
    stylesheet = next(part.split('"')[0] for part in body.split('href="') if part.startswith("/static/css/portal."))
    assert stylesheet != "/static/css/portal.css", "the manifest storage should give a hashed file name"
    status, headers, _ = fetch(production_server + stylesheet)
    assert status == 200
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"


def test_unknown_pages_get_the_portals_404_page_without_debug_details(production_server):
    status, _, body = fetch(production_server + "/no-such-page/")
    assert status == 404
    assert "Page not found" in body
    assert "Traceback" not in body and "URLconf" not in body


def test_plain_http_is_redirected_to_https(production_server):
    request = urllib.request.Request(production_server + "/")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as error:
        opener.open(request, timeout=10)
    assert error.value.code == 301
    assert error.value.headers["Location"] == production_server.replace("http://", "https://") + "/"
