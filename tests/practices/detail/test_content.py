"""The practice's own content on its page: title, summary, original language, key facts, sections, budget."""

import datetime
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation

from practices.choices import Language
from tests.html import fragment, text, texts
from tests.practices.detail.helpers import (
    key_facts,
    page_of,
    section_of,
)

pytestmark = pytest.mark.django_db


def test_title_summary_and_original_language(client, practice):
    page = page_of(client, practice)
    assert texts(page, "h1") == ["Village shop run by a cooperative"]
    assert '<p class="original-title" lang="de">Dorfladen als Genossenschaft</p>' in page
    assert text(page, "div", "practice-summary") == "Villagers own the shop together."
    assert text(page, "figure", "original-summary") == (
        "Summary in the original language (German) Die Dorfbewohner besitzen den Laden gemeinsam."
    )
    assert (
        '<blockquote class="mb-0" lang="de"><p>Die Dorfbewohner besitzen den Laden gemeinsam.</p></blockquote>' in page
    )
    updated = formats.date_format(timezone.localtime(practice.updated_at), "DATE_FORMAT")
    assert text(page, "p", "practice-dates") == f"Published Jan. 15, 2025 · Last updated {updated}"
    assert '<time datetime="2025-01-15T13:00:00+01:00">Jan. 15, 2025</time>' in page
    assert "<title>Village shop run by a cooperative | Good practices | SECON</title>" in page
    assert '<meta name="description" content="Villagers own the shop together.">' in page
    assert "Sample content" not in page


def test_sample_content_is_labelled(client, practice):
    practice.is_sample = True
    practice.save()
    page = page_of(client, practice)
    assert text(page, "span", "sample-badge") == "Sample content"


def test_an_original_language_without_a_tag_gets_no_lang_attribute(client, practice):
    practice.original_language = Language.OTHER
    practice.save()
    page = page_of(client, practice)
    assert '<p class="original-title">Dorfladen als Genossenschaft</p>' in page
    assert key_facts(page)["Original language"] == "Other"


def test_key_facts(client, practice):
    page = page_of(client, practice)
    assert key_facts(page) == {
        "Type of practice": "Project",
        "Location": "Rhein-Neckar-Kreis, Germany",
        "Submitting partner": "Rhine-Neckar Regional Association",
        "Main institution": "Dorfladen eG (Cooperative)",
        "Timescale": "March 1, 2019 – ongoing",
        "Rural focus": "Yes",
        "Target groups": "Consumers Rural communities and farmers",
        "Themes": "Awareness of the social economy Strengthening social enterprises",
        "Topic": "Cooperatives",
        "Website": "https://dorfladen.example.org/",
        "Original language": "German",
    }
    assert '<time datetime="2019-03-01">March 1, 2019</time> – ongoing' in page


def test_an_ended_practice_shows_its_end(client, practice):
    practice.end_date = datetime.date(2023, 12, 31)
    practice.rural_focus = False
    practice.save()
    facts = key_facts(page_of(client, practice))
    assert facts["Timescale"] == "March 1, 2019 – Dec. 31, 2023"
    assert facts["Rural focus"] == "No"


def test_themes_topics_region_and_country_link_into_the_filtered_list(client, practice):
    page = page_of(client, practice)
    facts = section_of(page, "facts-heading").markup
    for link in [
        '<a href="/practices/?region=DE128">Rhein-Neckar-Kreis</a>',
        '<a href="/practices/?country=DE">Germany</a>',
        '<a href="/practices/?theme=awareness">Awareness of the social economy</a>',
        '<a href="/practices/?theme=strengthening">Strengthening social enterprises</a>',
        '<a href="/practices/?topic=cooperatives">Cooperatives</a>',
        '<a class="url-shown text-break" href="https://dorfladen.example.org/" rel="noopener noreferrer">',
    ]:
        assert link in facts


def test_the_sections_of_the_template(client, practice):
    page = page_of(client, practice)
    assert fragment(page).find("main").texts("h2") == [
        "Key facts",
        "Contact",
        "Downloads",  # the PDF sheet and the Interreg Europe form (tests/practices/test_practice_sheet.py)
        "Detailed description",
        "Resources needed",
        "Evidence of success",
        "Difficulties encountered and lessons learned",
        "Potential for learning or transfer",
        "Assessment",
    ]
    # Paragraphs as the text has them, in the description's section (BeautifulSoup keeps one line break between).
    paragraphs = "<p>The shop sells food from local producers.</p>\n\n<p>A work-integration enterprise runs it.</p>"
    assert paragraphs in page
    assert paragraphs.replace("\n\n", "\n") in section_of(page, "description-heading").markup
    resources = section_of(page, "resources-heading")
    assert "<p>Two staff members and a shop building.</p>" in resources.markup
    assert texts(resources, "dt") == ["Budget", "Source of funding"]
    assert texts(resources, "dd") == ["€12,500.50", "LEADER programme"]
    assert "<p>Turnover grew every year.</p>" in section_of(page, "evidence-heading").markup
    assert "<p>Finding volunteers for Saturdays.</p>" in section_of(page, "difficulties-heading").markup
    assert "<p>Any village with a vacant shop can do it.</p>" in section_of(page, "transfer-potential-heading").markup


@pytest.mark.parametrize(
    ("language", "budget", "expected"),
    [
        ("en", Decimal("12500.50"), "€12,500.50"),
        ("en", Decimal("12500.00"), "€12,500"),
        ("de", Decimal("12500.50"), "12.500,50\u00a0€"),
        ("de", Decimal("980"), "980\u00a0€"),
    ],
)
def test_the_budget_is_in_euros_in_the_visitors_locale(client, practice, language, budget, expected):
    practice.budget_eur = budget
    practice.save()
    with translation.override(language):
        url = practice.get_absolute_url()
    page = client.get(url).content.decode()
    assert text(page, "dd", "budget") == expected
