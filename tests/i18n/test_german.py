"""The German pages show the German texts, the names of themes, topics and event types included (stored in
English and translated on display). Every catalogue's completeness is checked in test_catalogues.py."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.reference_data import EVENT_TYPES
from practices.models import Theme
from practices.reference_data import TOPICS
from tests.factories import GoodPracticeFactory, MembershipFactory, theme
from tests.html import texts

GERMAN_THEMES = [
    "Aufmerksamkeit für die Sozialwirtschaft",
    "Zugang zu Beschaffung und Finanzierung",
    "Stärkung von Sozialunternehmen",
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
