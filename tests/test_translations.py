"""The German catalogue (locale/de/LC_MESSAGES): complete, compiled, and used by the pages.

The catalogue is made with `make messages`; these tests fail when the .po has untranslated or fuzzy
entries, when django.mo was not compiled again after the .po changed, and when the pages under /de/ do
not show the German texts (the names of themes, topics and event types included, which are stored in
English and translated on display).
"""

import ast
import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from events.reference_data import EVENT_TYPES
from practices.models import Theme
from practices.reference_data import TOPICS
from tests.factories import GoodPracticeFactory, MembershipFactory, theme
from tests.html import texts

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"

GERMAN_THEMES = [
    "Aufmerksamkeit für die Sozialwirtschaft",
    "Zugang zu Beschaffung und Finanzierung",
    "Stärkung sozialer Unternehmen",
    "Regionale soziale Innovation",
]
GERMAN_SECTIONS = [
    "Grundangaben",
    "Ort und Zeitraum",
    "Beschreibung",
    "Ressourcen",
    "Nachweis des Erfolgs",
    "Schwierigkeiten und Erkenntnisse",
    "Potenzial für Lernen oder Übertragung",
    "Politikinstrumente",
    "Kontakt und Einwilligung",
    "Originalsprache",
    "Bilder und Dokumente",
]


@pytest.fixture(autouse=True)
def _back_to_english():
    """A request to a /de/ page leaves German active in the thread: the tests after these get English back."""
    yield
    translation.deactivate()


# -- the catalogue files ----------------------------------------------------------------------------


def po_entries(text):
    """Each entry of a .po file as (flags, fields): fields maps msgctxt, msgid, msgstr[0]... to their text.

    Enough for the files makemessages writes: entries separated by blank lines, strings continued on
    lines that start with a quote. Obsolete entries ("#~") have no msgid here and are left out.
    """
    for block in text.split("\n\n"):
        flags, fields, keyword = [], {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[keyword] += ast.literal_eval(line)
            else:
                keyword, _, value = line.partition(" ")
                fields[keyword] = ast.literal_eval(value)
        if "msgid" in fields:
            yield flags, fields


def test_the_catalogue_has_no_untranslated_and_no_fuzzy_entries():
    entries = list(po_entries(PO.read_text(encoding="utf-8")))
    header = [fields for flags, fields in entries if fields["msgid"] == "" and "msgctxt" not in fields]
    messages = [(flags, fields) for flags, fields in entries if fields["msgid"] != "" or "msgctxt" in fields]

    assert len(header) == 1
    assert "Language: de\n" in header[0]["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header[0]["msgstr"]
    assert not [flags for flags, fields in entries if fields["msgid"] == "" and "fuzzy" in flags], "fuzzy header"
    assert len(messages) > 900  # the whole interface, not a few strings

    fuzzy = [fields["msgid"] for flags, fields in messages if "fuzzy" in flags]
    untranslated = []
    for _flags, fields in messages:
        expected = ["msgstr[0]", "msgstr[1]"] if "msgid_plural" in fields else ["msgstr"]
        if any(not fields.get(keyword) for keyword in expected):
            untranslated.append(fields["msgid"])
    assert fuzzy == [], f"{len(fuzzy)} fuzzy entries in {PO.name}: {fuzzy[:10]}"
    assert untranslated == [], f"{len(untranslated)} untranslated entries in {PO.name}: {untranslated[:10]}"


def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext); CI installs it")
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", str(fresh), str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt refuses {PO.name}:\n{result.stderr}"

    with fresh.open("rb") as file:
        expected = gettext.GNUTranslations(file)._catalog
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog
    stale = [key for key in expected.keys() | compiled.keys() if expected.get(key) != compiled.get(key)]
    assert compiled == expected, (
        f"{MO.name} does not match {PO.name}: run `manage.py compilemessages --ignore=.venv`. "
        f"{len(stale)} messages differ, e.g. {stale[:5]}"
    )


# -- the German pages -------------------------------------------------------------------------------


def test_the_focus_objectives_are_translated(db):
    with translation.override("de"):
        objectives = list(Theme.objects.order_by("order"))
        assert [objective.label for objective in objectives] == GERMAN_THEMES
        assert all(objective.label_description != objective.description for objective in objectives)


def test_the_reference_data_names_are_in_the_catalogue():
    """Topic and event-type names are marked with `gettext_noop as N_`: makemessages must find them."""
    names = [name for _slug, name in TOPICS]
    names += [text for event_type in EVENT_TYPES for text in (event_type.name, event_type.description)]
    with translation.override("de"):
        untranslated = [name for name in names if translation.gettext(name) == name]
        assert translation.gettext("Study visit") == "Studienbesuch"
        assert translation.gettext("Policy round table") == "Politischer Runder Tisch"
        assert translation.gettext("Work integration") == "Arbeitsmarktintegration"
    assert untranslated == []


@pytest.mark.django_db
def test_the_home_page_in_german(client):
    response = client.get("/de/")

    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()
    assert '<h2 id="objectives-heading">Vier Fokusziele</h2>' in response.content.decode()
    for label in GERMAN_THEMES:
        assert f">{label}</a></h3>" in response.content.decode()
    # English stays the default, at the root.
    assert '<h2 id="objectives-heading">Four focus objectives</h2>' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_practice_list_in_german(client):
    GoodPracticeFactory(published=True, themes=[theme("access")])

    html = client.get("/de/practices/").content.decode()

    assert '<label class="form-label" for="id_q">Good Practices durchsuchen</label>' in html
    assert '<button class="btn btn-primary" type="submit">Suche</button>' in html
    # The facet of the themes. "Theme" has plural forms (it is counted on other pages): its singular serves here.
    assert '<legend class="facet-legend">Fokusziel</legend>' in html
    assert "Zugang zu Beschaffung und Finanzierung" in html
    assert "1 Good Practice" in html


@pytest.mark.django_db
def test_the_about_page_in_german(client):
    html = client.get("/de/about/").content.decode()

    assert "Über SECON" in texts(html, "h1")
    assert "Fokusziele" in texts(html, "h2")
    assert "Politischer Runder Tisch in Deutschland" in html
    assert "SECON wird von der Europäischen Union über das Programm Interreg Europe kofinanziert." in html


@pytest.mark.django_db
def test_the_login_page_in_german(client):
    html = client.get("/de/accounts/login/").content.decode()

    assert "Anmelden" in texts(html, "h1")
    assert "Passwort vergessen oder noch nie festgelegt?" in html
    assert "Benutzername" in html  # Django's own catalogue, for its form


@pytest.mark.django_db
def test_the_practice_form_in_german(client):
    client.force_login(MembershipFactory().user)
    with translation.override("de"):
        url = reverse("practices:practice-create")

    response = client.get(url)

    assert url.startswith("/de/")
    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "h2", **{"class": "form-section-heading"}) == GERMAN_SECTIONS
    assert "Entwurf speichern" in html
    assert "Zur Prüfung einreichen" in html
    assert 'data-count-remaining-other="Noch __count__ Zeichen"' in html
