"""The production set-up of the README: DEBUG off, collected static files, gunicorn behind a TLS proxy.

Uses REDIS_URL when the environment sets it (CI does), the local-memory cache otherwise.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.files import PDF_POLYGLOT, photo
from tests.production import PRODUCTION

NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}{os.pathsep}/usr/sbin")
NGINX_MISSING = "nginx is not installed (apt-get install nginx-light): the proxy configuration is not tried"
NGINX_CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx"


def wait_for_port(port, process, log):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
    pytest.fail(f"nothing listens on port {port} after 30 s")


@contextlib.contextmanager
def serving(command, port, log, **options):
    """Run `command`, a server that listens on `port` and writes what it says to the file `log`, until the
    block ends; gives its address."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **options)
    try:
        wait_for_port(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


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


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch_without_redirect(url, headers=None):
    """The status and headers of a response that is a redirect."""
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.build_opener(NoRedirect).open(urllib.request.Request(url, headers=headers or {}), timeout=10)
    return error.value.code, error.value.headers


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
    gunicorn = [python, "-m", "gunicorn", "secon_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    with serving(gunicorn, port, tmp_path / "gunicorn.log", env=env, cwd=settings.BASE_DIR) as address:
        yield address


def test_gunicorn_serves_the_portal_with_production_settings(production_server):
    status, headers, body = fetch(production_server + "/")
    assert status == 200
    assert "<h1" in body
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"


def test_head_requests_leave_nothing_in_the_servers_log(production_server, tmp_path):
    for path in ("/", "/practices/", "/regions/", "/events/", "/no-such-page/"):
        request = urllib.request.Request(
            production_server + path, method="HEAD", headers={"X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.read() == b""
        except urllib.error.HTTPError as error:
            assert error.code == 404
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Booting worker" in log  # the log is the one gunicorn writes to
    lines = log.splitlines()
    # gunicorn's own warnings ("[WARNING] ... body bytes") would say a HEAD answer carried a body.
    assert [line for line in lines if "[WARNING]" in line or "body bytes" in line] == []
    # The portal's log says only what it always says of an unknown page, with the request's id.
    portal_lines = [line for line in lines if "django.request" in line]
    assert len(portal_lines) == 1
    assert re.search(r" WARNING \[[0-9a-f]{32}\] django\.request: Not Found: /no-such-page/$", portal_lines[0])


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
    status, headers = fetch_without_redirect(production_server + "/")
    assert (status, headers["Location"]) == (301, production_server.replace("http://", "https://") + "/")


# -- nginx in front, with deploy/nginx/ -----------------------------------------------------------------


def nginx_config(tmp_path, server):
    """An nginx.conf for a process of our own (files under tmp_path) with `server`, a server {} block."""
    (tmp_path / "nginx").mkdir(exist_ok=True)
    temp = {name: tmp_path / "nginx" / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"""
master_process off;  # one process, so that it needs no user to switch to
daemon off;
pid {tmp_path}/nginx.pid;
error_log stderr;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    {" ".join(f"{name}_temp_path {path};" for name, path in temp.items())}
    {server}
}}
"""
    )
    return config


def adapted(name, replacements):
    """The text of deploy/nginx/`name` with the lines marked ADAPT replaced as in `replacements`."""
    text = (NGINX_CONFIG / name).read_text()
    for old, new in replacements.items():
        assert old in text, f"{name} no longer has {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture
def nginx():
    if NGINX is None:
        if os.environ.get("REQUIRE_ALL_TESTS") == "1":
            pytest.fail(f"{NGINX_MISSING}, but REQUIRE_ALL_TESTS=1 requires it", pytrace=False)
        pytest.skip(NGINX_MISSING)
    return NGINX


@pytest.fixture
def proxy(nginx, production_server, tmp_path):
    """nginx with deploy/nginx/locations.conf in front of the production server; MEDIA_ROOT is tmp_path/media."""
    locations = tmp_path / "locations.conf"
    locations.write_text(adapted("locations.conf", {"root /srv/secon-portal/var;": f"root {tmp_path};"}))
    upstream = production_server.removeprefix("http://")
    port = free_port()
    server = (
        f"upstream secon_portal {{ server {upstream}; }} server {{ listen 127.0.0.1:{port}; include {locations}; }}"
    )
    command = [nginx, "-p", str(tmp_path), "-c", str(nginx_config(tmp_path, server)), "-e", "stderr"]
    with serving(command, port, tmp_path / "nginx.log") as address:
        yield address


@pytest.mark.parametrize("conf", ["locations.conf", "locations-s3.conf"])
def test_nginx_answers_with_the_portal_s_own_page_in_every_language_when_no_app_server_answers(nginx, tmp_path, conf):
    """A save in flight when an app server dies, or any request while none runs, gets this page, not nginx's."""
    locations = tmp_path / "locations.conf"
    locations.write_text(adapted(conf, {"alias /srv/secon-portal/deploy/": f"alias {settings.BASE_DIR}/deploy/"}))
    port, nobody = free_port(), free_port()  # nothing listens on the second: the app server is down
    server = f"""upstream secon_portal {{ server 127.0.0.1:{nobody}; }}
    upstream secon_media {{ server 127.0.0.1:{nobody}; }}
    server {{ listen 127.0.0.1:{port}; include {locations}; }}"""
    command = [nginx, "-p", str(tmp_path), "-c", str(nginx_config(tmp_path, server)), "-e", "stderr"]
    with serving(command, port, tmp_path / "nginx.log") as address:
        status, headers, body = fetch(address + "/practices/")
        posted = urllib.request.Request(address + "/practices/new/", data=b"title=Beehives", method="POST")
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(posted, timeout=10)
        status_of_post, body_of_post = error.value.code, error.value.read().decode()
        status_of_the_page_itself, _headers, _body = fetch(address + "/_unavailable.html")
    assert (status, status_of_post) == (502, 502)
    assert headers["Content-Type"] == "text/html"
    assert body == body_of_post == (NGINX_CONFIG / "errors" / "unavailable.html").read_text()
    assert "go back with your browser's Back button" in body
    languages = re.findall(r'<section lang="([a-z]+)">', body)
    assert sorted(languages) == sorted(code for code, _name in settings.LANGUAGES)
    assert status_of_the_page_itself == 404  # internal: only nginx's own errors show it


def stored(tmp_path, name, content):
    path = tmp_path / "media" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_the_proxy_serves_a_pdf_that_is_also_a_web_page_only_as_a_download(proxy, tmp_path):
    stored(tmp_path, "practices/attachments/2026/11/Xy3kP0aQ_w8LmN2b/report.pdf", PDF_POLYGLOT)
    status, headers, body = fetch(proxy + "/media/practices/attachments/2026/11/Xy3kP0aQ_w8LmN2b/report.pdf")
    assert (status, body.encode()) == (200, PDF_POLYGLOT)
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == "attachment"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_proxy_serves_images_inline_but_sandboxed(proxy, tmp_path):
    stored(tmp_path, "practices/images/2026/11/Xy3kP0aQ_w8LmN2b/shop.JPG", photo())
    request = urllib.request.Request(proxy + "/media/practices/images/2026/11/Xy3kP0aQ_w8LmN2b/shop.JPG")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.read()[:3] == b"\xff\xd8\xff"
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.headers["Content-Disposition"] is None
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_proxy_passes_pages_to_gunicorn_and_sets_the_scheme_itself(proxy):
    """The client's own X-Forwarded-Proto (https) is replaced by the proxy's (http here): the portal redirects."""
    status, headers = fetch_without_redirect(proxy + "/", {"X-Forwarded-Proto": "https"})
    assert (status, headers["Location"]) == (301, "https://127.0.0.1/")


def test_the_proxy_gives_each_request_its_own_id_whatever_the_client_sent(proxy):
    """nginx's $request_id (32 hex digits) reaches the portal as X-Request-ID, which answers it."""
    _, first = fetch_without_redirect(proxy + "/", {"X-Request-ID": "chosen-by-the-client"})
    _, second = fetch_without_redirect(proxy + "/")
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", request_id) for request_id in ids), ids
    assert ids[0] != ids[1]


def self_signed_certificate(tmp_path):
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=portal.example.org"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return {
        "/etc/letsencrypt/live/portal.example.org/fullchain.pem": str(certificate),
        "/etc/letsencrypt/live/portal.example.org/privkey.pem": str(key),
    }


def test_the_cluster_configuration_is_valid_nginx(nginx, tmp_path):
    """secon-portal-cluster.conf with locations-s3.conf; deploy/cluster-test.sh runs them against real servers."""
    (tmp_path / "locations-s3.conf").write_text(adapted("locations-s3.conf", {}))
    server = adapted(
        "secon-portal-cluster.conf",
        {
            **self_signed_certificate(tmp_path),
            "/srv/secon-portal/deploy/nginx/locations-s3.conf": str(tmp_path / "locations-s3.conf"),
        },
    )
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(nginx_config(tmp_path, server)), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_the_production_server_block_is_valid_nginx(nginx, tmp_path):
    (tmp_path / "locations.conf").write_text(adapted("locations.conf", {}))
    server = adapted(
        "secon-portal.conf",
        {
            **self_signed_certificate(tmp_path),
            "/srv/secon-portal/deploy/nginx/locations.conf": str(tmp_path / "locations.conf"),
        },
    )
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(nginx_config(tmp_path, server)), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr
