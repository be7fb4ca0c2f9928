"""Each language at its own address, with <html lang>, the alternates in every other language, and a switcher
that names each language in its own name and keeps the page and its filters."""

import pytest
from django.conf import settings

from tests.factories import GoodPracticeFactory, theme
from tests.html import dom

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]
OWN_NAMES = ["English", "Deutsch", "Ελληνικά", "Български", "Nederlands", "Français", "Română", "Magyar"]
OWN_NAMES += ["Polski", "Português", "Latviešu", "Español"]


def prefix(code):
    return "" if code == settings.LANGUAGE_CODE else f"/{code}"


@pytest.mark.parametrize("code", CODES)
def test_each_language_serves_the_portal_with_its_lang_and_the_alternates(client, code):
    doc = dom(client.get(f"{prefix(code)}/about/"))
    assert doc.find("html").attrs["lang"] == code
    alternates = {link.attrs["hreflang"]: link.attrs["href"] for link in doc.find_all("link", rel="alternate")}
    assert alternates == {
        **{other: f"http://testserver{prefix(other)}/about/" for other in CODES},
        "x-default": "http://testserver/about/",
    }


def test_the_switcher_names_each_language_in_its_own_name_and_keeps_the_filters(client):
    GoodPracticeFactory(published=True, themes=[theme("access")])
    doc = dom(client.get("/hu/practices/?theme=access&q=shop"))
    links = doc.find("ul", cls="language-list").find_all("a")
    assert [link.text for link in links] == OWN_NAMES
    assert [(link.attrs["hreflang"], link.attrs["lang"]) for link in links] == [(code, code) for code in CODES]
    greek = links[CODES.index("el")].attrs["href"]
    assert greek == "/language/el/?next=/hu/practices/%3Fq%3Dshop%26theme%3Daccess"
    response = client.get(greek)
    assert response["Location"] == "/el/practices/?q=shop&theme=access"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "el"


@pytest.mark.parametrize(("accept", "home"), [("bg,en;q=0.5", "/bg/"), ("pt-PT,pt;q=0.9", "/pt/"), ("lv", "/lv/")])
def test_a_first_visit_follows_accept_language(client, accept, home):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=accept)["Location"] == home
