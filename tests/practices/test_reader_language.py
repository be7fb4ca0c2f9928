"""Readers of a practice's original language read its original title and summary first (GoodPractice.texts_for)."""

import pytest

from tests.factories import GoodPracticeFactory
from tests.html import dom

pytestmark = pytest.mark.django_db

TITLE_EL = "Κοινωνικό παντοπωλείο του χωριού"
SUMMARY_EL = "Ένα συνεταιριστικό παντοπωλείο κρατά ανοιχτό το μοναδικό κατάστημα του χωριού."


@pytest.fixture
def practice():
    return GoodPracticeFactory(
        published=True,
        slug="village-shop",
        title="Village shop run by a cooperative",
        summary="A cooperative keeps the village's only shop open.",
        title_original=TITLE_EL,
        summary_original=SUMMARY_EL,
        original_language="el",
    )


def heads(doc):
    h1 = doc.find("h1", cls="practice-title")
    second = doc.find("p", cls="original-title")
    lead = doc.find("div", cls="practice-summary")
    return (h1.text, h1.attrs.get("lang")), (second.text, second.attrs.get("lang")), lead.attrs.get("lang")


def test_a_greek_reader_reads_the_greek_title_and_summary_first(client, practice):
    doc = dom(client.get("/el/practices/village-shop/"))
    assert heads(doc) == ((TITLE_EL, "el"), ("Village shop run by a cooperative", "en"), "el")
    assert doc.find("figure", cls="original-summary").find("blockquote").attrs["lang"] == "en"


@pytest.mark.parametrize("language", ["en", "de", "bg"])
def test_other_readers_read_the_english_first_and_the_greek_beside_it(client, practice, language):
    prefix = "" if language == "en" else f"/{language}"
    doc = dom(client.get(f"{prefix}/practices/village-shop/"))
    assert heads(doc) == (("Village shop run by a cooperative", "en"), (TITLE_EL, "el"), "en")


def test_the_list_follows_the_same_rule(client, practice):
    greek = dom(client.get("/el/practices/")).find("article", cls="practice-card")
    link = greek.find("h3").find("a")
    assert (link.text, link.attrs["lang"]) == (TITLE_EL, "el")
    assert greek.find("p", cls="original-title").text == "Village shop run by a cooperative"
    english = dom(client.get("/practices/")).find("article", cls="practice-card")
    assert english.find("h3").find("a").text == "Village shop run by a cooperative"


def test_without_an_original_title_everyone_reads_the_english(client):
    GoodPracticeFactory(published=True, slug="plain", title="Plain practice", original_language="el")
    doc = dom(client.get("/el/practices/plain/"))
    assert doc.find("h1", cls="practice-title").text == "Plain practice"
    assert doc.find_all("p", cls="original-title") == []
