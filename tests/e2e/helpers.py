"""Partners and reviewers in the browser: logging in, and the uploaded media the pages show."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from playwright.sync_api import Page, expect

# The password tests.factories.UserFactory gives every user.
PASSWORD = "correct horse battery staple"


def log_in(page: Page, username, password=PASSWORD):
    """Log in through the form of /accounts/login/, as a person does (no force_login); the page lands where
    the portal sends that user (partners: "My practices", reviewers: the review queue)."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Signed in as "))).to_be_visible()


def serve_media(context, server_url):
    """Serve uploaded files (MEDIA_URL) from MEDIA_ROOT to `context`, as the `context` fixture of conftest.py
    does for its own context; for the further contexts of a test (pytest-playwright's `new_context`)."""
    media_url = settings.MEDIA_URL.strip("/")

    def fulfil(route):
        relative = unquote(urlsplit(route.request.url).path).removeprefix(f"/{media_url}/")
        media_root = Path(settings.MEDIA_ROOT).resolve()
        file = (media_root / relative).resolve()
        if media_root in file.parents and file.is_file():
            route.fulfill(path=file)
        else:
            route.fulfill(status=404, body="Not found")

    context.route(f"{server_url}/{media_url}/**", fulfil)
    return context
