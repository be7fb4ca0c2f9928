"""Every public page and every partner page, in every language, shows no message of the project untranslated.

The pages are those of the demo content (`seed_demo`: practices in every state, events, regions, policy
instruments), seen by a visitor, a partner's editor and a reviewer. A message is untranslated on a page when
its English text stands there whole, as a text or in an attribute a reader meets (placeholder, title,
aria-label, alt, value), while the language's catalogue translates it. Texts marked with another language
(lang="…": the language switcher, a practice's English title beside the original, an event's title) are
content, not the interface.
"""

import re
from io import StringIO

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from events.models import Event
from practices.models import GoodPractice, State
from regions.models import PolicyInstrument
from tests.i18n.catalogues import LANGUAGES, po_path

# Marked, so that pytest-django runs the module with the other database tests, before the browser tests: from
# then on Playwright's event loop runs in the main thread, and Django refuses database access beside it.
pytestmark = pytest.mark.django_db

ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-count-remaining-other")
SKIPPED_ELEMENTS = ("script", "style", "code", "pre")


def checked_messages(language):
    """The English texts the catalogue of `language` translates otherwise, that a page would show whole."""
    messages, translations_ = set(), set()
    for name in ("django", "djangojs"):
        for entry in polib.pofile(str(po_path(language, name))):
            translations_.update(" ".join(text.split()) for text in [entry.msgstr, *entry.msgstr_plural.values()])
            translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
            for source in filter(None, (entry.msgid, entry.msgid_plural)):
                if source in translations or re.search(r"%|\{|<|\n", source) or not re.search(r"[A-Za-z]{3}", source):
                    continue
                messages.add(" ".join(source.split()))
    # A text that is also the translation of a message is the language's own word (Romanian "Cooperative").
    return messages - translations_


def shown_texts(html, language):
    """The texts a reader meets on the page, each whole: text nodes and reader-facing attributes."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(SKIPPED_ELEMENTS):
        element.decompose()
    for element in soup.find_all(lang=True):
        if element.name != "html" and element["lang"] != language:
            element.decompose()
    texts = {" ".join(text.split()) for text in soup.find_all(string=True)}
    for element in soup.find_all(True):
        texts.update(" ".join(str(element[name]).split()) for name in ATTRIBUTES if element.has_attr(name))
    for button in soup.find_all("input", type=["submit", "button", "reset"], value=True):
        texts.add(" ".join(button["value"].split()))  # other inputs' values are data (a sort order's "title")
    return {text for text in texts if text}


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, once for the module (rolled back after it), and the pages to read."""
    test_settings = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), test_settings, transaction.atomic():
        call_command("seed_demo", "--force", stdout=StringIO())
        yield pages()
        transaction.set_rollback(True)


def pages():
    """{user name or None: [page names]}, each page a function of nothing that returns its path."""
    published = GoodPractice.objects.published().filter(partner__short_name__isnull=False).order_by("pk").first()
    draft = GoodPractice.objects.filter(state=State.DRAFT).order_by("pk").first()
    changes = GoodPractice.objects.filter(state=State.CHANGES_REQUESTED).order_by("pk").first()
    submitted = GoodPractice.objects.filter(state=State.SUBMITTED).order_by("pk").first()
    editor_of = {practice.pk: f"editor-{practice.partner.slug}" for practice in (draft, changes)}
    event = Event.objects.exclude(start=None).order_by("pk").first()
    instrument = PolicyInstrument.objects.order_by("pk").first()
    visitor = [
        ("home", []),
        ("practices:practice-list", []),
        ("practices:practice-detail", [published.slug]),
        ("regions:region-list", []),
        ("regions:region-detail", [published.region.code]),
        ("regions:instrument-detail", [instrument.slug]),
        ("events:event-list", []),
        ("events:event-detail", [event.slug]),
        ("about", []),
        ("login", []),
        ("password_reset", []),
    ]
    editor = [
        ("practices:my-practices", []),
        ("practices:practice-create", []),
        ("practices:practice-edit", [draft.slug]),
        ("practices:practice-delete", [draft.slug]),
        ("practices:practice-history", [draft.slug]),
        ("account-settings", []),
        ("password_change", []),
    ]
    reviewer = [("practices:review-queue", []), ("practices:practice-review", [submitted.slug])]
    return {
        None: visitor,
        editor_of[draft.pk]: editor,
        editor_of[changes.pk]: [("practices:practice-edit", [changes.slug])],
        "reviewer": reviewer,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_shows_a_message_of_the_project_untranslated(portal, language):
    messages = checked_messages(language)
    found = []
    for username, names in portal.items():
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for name, args in names:
            with translation.override(language):
                path = reverse(name, args=args)
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            untranslated = sorted(messages & shown_texts(response.content.decode(), language))
            found += [f"{path}: {message!r}" for message in untranslated]
            if name == "practices:practice-create":  # the form with its error messages
                response = client.post(path, {"title": ""})
                untranslated = sorted(messages & shown_texts(response.content.decode(), language))
                found += [f"{path} (errors): {message!r}" for message in untranslated]
    translation.deactivate()
    assert found == [], "\n".join(found)
