"""The journey of deploy/cluster-test.sh across the app servers of a Cluster (deploy/cluster.py), over real HTTP.

Node A and node B are nginx server blocks that each send everything to one app server only. The checks: a log-in
on A holds on B; an image uploaded through A's practice form is stored in S3 (not on a disk) and served through
B under /media/ with the portal's security headers; B's cached list page is served from the shared cache and a
practice published through A appears on it at once; failed log-ins on A and B add up to one lockout, which holds
on both. One line per check, then "cluster test: N of M checks passed"; the exit code is 1 when any failed.
"""

import http.cookiejar
import io
import json
import secrets
import shutil
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup
from cluster import BUCKET, Cluster
from PIL import Image

PASSWORD = "cluster-journey-password-7c1f"
SETUP = """
import json
from tests.factories import GoodPracticeFactory, MembershipFactory, ReviewerFactory, UserFactory
editor = MembershipFactory(user__username="cluster-editor", user__password=PASSWORD).user
draft = GoodPracticeFactory(partner=editor.memberships.get().partner, title="Cluster journey practice")
cached = GoodPracticeFactory(published=True, title="Cluster cached practice")
ReviewerFactory(username="cluster-reviewer", password=PASSWORD)
UserFactory(username="cluster-victim", password=PASSWORD)
print(json.dumps({"draft": draft.slug, "cached": cached.pk}))
"""


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Sends Secure cookies to plain-HTTP loopback too, as browsers do for localhost: the production settings mark
    the session and CSRF cookies Secure, and the cluster's nginx listens without TLS."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor: a cookie jar shared by every node (cookies do not depend on the port), no redirects followed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar(LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, url, data=None, content_type=None):
        headers = {"Accept-Language": "en"}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get(self, url):
        return self.request(url)

    def post(self, url, fields, files=()):
        """POST `fields` ([(name, value)]) and `files` ([(name, filename, bytes, type)]) with the CSRF token."""
        fields = [*fields, ("csrfmiddlewaretoken", self.csrf_token())]
        if not files:
            return self.request(url, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")
        boundary = secrets.token_hex(16)
        body = io.BytesIO()
        for name, value in fields:
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, content, media_type in files:
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {media_type}\r\n\r\n".encode()
            )
            body.write(content + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        return self.request(url, body.getvalue(), f"multipart/form-data; boundary={boundary}")

    def csrf_token(self):
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")

    def log_in(self, node, username, password):
        self.get(node + "/accounts/login/")  # the CSRF cookie
        return self.post(node + "/accounts/login/", [("username", username), ("password", password)])


def form_fields(html, form_id):
    """[(name, value)] a browser submits for the form `form_id` (without files and buttons)."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    fields = []
    for control in form.find_all(["input", "textarea", "select"]):
        if control.find_parent("template") or not control.get("name"):
            continue
        kind = control.get("type", "text")
        if control.name == "input":
            if kind in ("checkbox", "radio") and not control.has_attr("checked"):
                continue
            if kind not in ("file", "submit", "button"):
                fields.append((control["name"], control.get("value", "on" if kind == "checkbox" else "")))
        elif control.name == "textarea":
            fields.append((control["name"], (control.string or "").removeprefix("\n")))
        else:
            fields += [
                (control["name"], option.get("value", "")) for option in control.find_all("option", selected=True)
            ]
    return [(name, value) for name, value in fields if name != "csrfmiddlewaretoken"]


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


class Journey:
    def __init__(self, cluster):
        self.cluster = cluster
        self.a, self.b = cluster.node_url(0), cluster.node_url(1)
        self.results = []

    def check(self, name, passed, detail=""):
        self.results.append(passed)
        print(f"{'PASS' if passed else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
        return passed

    def shell(self, code):
        """Run `code` with manage.py shell on the cluster's database; the last line it printed."""
        output = self.cluster.manage("shell", "--no-imports", "-c", code).stdout.strip()
        return output.splitlines()[-1] if output else ""

    def run(self):
        created = json.loads(self.shell(f"PASSWORD = {PASSWORD!r}\n{SETUP}"))
        slug = created["draft"]
        editor = Browser()
        self.log_in_on_a_holds_on_b(editor)
        self.image_through_a_is_served_through_b(editor, slug)
        status, _, _ = editor.post(f"{self.a}/practices/{slug}/submit/", [])
        self.check("the editor submits the practice through node A", status == 302, f"status {status}")
        self.published_through_a_shows_at_once_on_b(slug, created["cached"])
        self.failed_log_ins_count_across_nodes()
        passed = sum(self.results)
        print(f"cluster test: {passed} of {len(self.results)} checks passed", flush=True)
        return 0 if passed == len(self.results) else 1

    def log_in_on_a_holds_on_b(self, editor):
        status, headers, _ = editor.log_in(self.a, "cluster-editor", PASSWORD)
        self.check("log-in on node A", status == 302, f"status {status}, to {headers.get('Location')}")
        status, _, body = editor.get(self.b + "/practices/mine/")
        self.check(
            "the session from node A is logged in on node B",
            status == 200 and b"cluster-editor" in body,
            f"/practices/mine/ on B: status {status}",
        )

    def image_through_a_is_served_through_b(self, editor, slug):
        edit = f"/practices/{slug}/edit/"
        status, _, page = editor.get(self.a + edit)
        fields = [
            (name, value) for name, value in form_fields(page.decode(), "practice-form") if name != "images-0-alt_text"
        ]
        fields.append(("images-0-alt_text", "A green square"))
        status, _, _ = editor.post(self.a + edit, fields, [("images-0-upload", "square.jpg", jpeg(), "image/jpeg")])
        self.check(
            "an image uploaded with the practice form through node A is saved", status == 302, f"status {status}"
        )

        _, _, page = editor.get(self.b + edit)
        sources = [img["src"] for img in BeautifulSoup(page, "html.parser").find_all("img", src=True)]
        images = [src for src in sources if src.startswith("/media/practices/thumbnails/")]
        if not self.check(
            "node B's form shows its thumbnail under /media/", len(images) == 1, ", ".join(images) or "none"
        ):
            return
        status, headers, body = Browser().get(self.b + images[0])
        self.check(
            "node B serves the thumbnail from S3 with the security headers",
            status == 200
            and body[:3] == b"\xff\xd8\xff"
            and headers["Content-Type"] == "image/jpeg"
            and headers["X-Content-Type-Options"] == "nosniff"
            and headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
            and headers["Content-Disposition"] is None
            and not [name for name in headers if name.lower().startswith(("x-amz", "seaweed"))],
            f"status {status}, {headers['Content-Type']}, CSP {headers['Content-Security-Policy']!r}",
        )
        key = urllib.parse.unquote(images[0].removeprefix("/media/"))
        stored = self.cluster.s3_client().head_object(Bucket=BUCKET, Key=key)
        local = Path(self.cluster.env["MEDIA_ROOT"])
        on_disk = [path for path in local.rglob("*") if path.is_file()] if local.exists() else []
        self.check(
            "the image is an object in the bucket and no file on a disk",
            stored["ContentType"] == "image/jpeg" and not on_disk,
            f"s3://{BUCKET}/{key}, {stored['ContentLength']} bytes; files under MEDIA_ROOT: {len(on_disk)}",
        )
        listings = [Browser().get(self.b + path) for path in ("/media/?list-type=2", "/media/practices/?list-type=2")]
        self.check(
            "the bucket cannot be listed through /media/",
            all(status in (403, 404) and b"ListBucketResult" not in body for status, _, body in listings),
            f"statuses {[status for status, _, _ in listings]}",
        )

    def published_through_a_shows_at_once_on_b(self, slug, cached_pk):
        visitor = Browser()
        for _ in range(2):
            status, _, before = visitor.get(self.b + "/practices/")
        self.check(
            "node B's practice list, anonymous, without the submitted practice",
            status == 200 and b"Cluster cached practice" in before and b"Cluster journey practice" not in before,
            f"status {status}",
        )
        # Renamed behind Django's back (no signal, so the cache is not emptied): the old name shows only if the
        # page comes from the shared cache, on B where it was kept and on A which shares it.
        self.shell(
            "from django.db import connection\n"
            "connection.cursor().execute(\"UPDATE practices_goodpractice SET title = 'Cluster renamed practice' "
            f'WHERE id = {int(cached_pk)}")',
        )
        pages = [visitor.get(node + "/practices/")[2] for node in (self.b, self.a)]
        self.check(
            "the list page comes from the shared cache (Redis) on B and on A",
            all(b"Cluster cached practice" in page and b"Cluster renamed practice" not in page for page in pages),
        )
        reviewer = Browser()
        reviewer.log_in(self.a, "cluster-reviewer", PASSWORD)
        review = f"{self.a}/practices/{slug}/review/"
        _, _, page = reviewer.get(review)
        scores = sorted({name for name, _ in form_fields_all_radios(page.decode()) if name.startswith("score_")})
        fields = [(name, "4") for name in scores] + [("decision", "publish"), ("comment", "")]
        status, _, _ = reviewer.post(review, fields)
        self.check("a reviewer publishes it through node A", status == 302 and len(scores) == 7, f"status {status}")
        started = time.monotonic()
        status, _, after = visitor.get(self.b + "/practices/")
        self.check(
            "node B's list shows the published practice at once",
            status == 200 and b"Cluster journey practice" in after and b"Cluster renamed practice" in after,
            f"status {status}, {time.monotonic() - started:.2f} s",
        )
        _, _, page = visitor.get(f"{self.b}/practices/{slug}/")
        links = [a["href"] for a in BeautifulSoup(page, "html.parser").select("a.gallery-link")]
        status, headers, body = visitor.get(self.cluster.url + links[0]) if links else (None, {}, b"")
        self.check(
            "its full-size image, linked from B's page, comes through the load balancer",
            status == 200 and body[:3] == b"\xff\xd8\xff" and headers.get("Content-Disposition") is None,
            f"{links[0] if links else 'no image link'}: status {status}",
        )
        status, headers, body = visitor.get(f"{self.b}/practices/{slug}.pdf")
        self.check(
            "node B's PDF sheet of it embeds the image, read from S3",
            status == 200 and body.startswith(b"%PDF") and b"/Subtype /Image" in body,
            f"status {status}, {len(body)} bytes",
        )

    def failed_log_ins_count_across_nodes(self):
        """Last: the lockout also locks the address (127.0.0.1), for every user name."""
        limit = int(self.shell("from django.conf import settings; print(settings.AXES_FAILURE_LIMIT)"))
        statuses = []
        for attempt in range(limit):
            node = (self.a, self.b)[attempt % 2]
            statuses.append(Browser().log_in(node, "cluster-victim", "wrong password")[0])
        self.check(
            f"{limit} failed log-ins, alternately on A and B, lock the user name",
            statuses == [200] * (limit - 1) + [429],
            f"statuses {statuses}",
        )
        after = [Browser().log_in(node, "cluster-victim", PASSWORD)[0] for node in (self.b, self.a)]
        self.check("the lockout holds on both nodes, even with the right password", after == [429, 429], f"{after}")


def form_fields_all_radios(html):
    """(name, value) of every radio button of the page, checked or not."""
    soup = BeautifulSoup(html, "html.parser")
    return [(radio["name"], radio.get("value", "")) for radio in soup.find_all("input", type="radio")]


def main():
    started = time.monotonic()
    # A CI time-out or Ctrl-C ends the cluster's processes too (Cluster.__exit__).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="secon-cluster-"))
    print(f"Starting the cluster under {workdir} ...", flush=True)
    try:
        with Cluster(workdir) as cluster:
            print(
                f"Cluster up in {time.monotonic() - started:.0f} s: load balancer {cluster.url}, "
                f"node A {cluster.node_url(0)}, node B {cluster.node_url(1)}",
                flush=True,
            )
            code = Journey(cluster).run()
    except Exception:
        print(f"cluster test: could not run; logs in {workdir}/logs", flush=True)
        raise
    print(f"Done in {time.monotonic() - started:.0f} s", flush=True)
    if code == 0:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"Logs kept in {workdir}/logs", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
