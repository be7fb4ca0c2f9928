"""A published practice in the fields of the Interreg Europe good-practice form (practices/interreg.py): the page a
partner copies from and the Word document, the same fields in the same order."""

import datetime
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.choices import InstitutionType
from practices.interreg import FIELDS
from practices.models import PracticeResult, State
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, TopicFactory, theme
from tests.html import assert_accessible_structure, assert_csp_safe, dom

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LABELS = [
    "Title of the practice",
    "Does the practice come from an Interreg Europe project?",
    "Geographical scope of the practice",
    "Location of the practice: country",
    "Location of the practice: region (NUTS)",
    "Short summary of the practice",
    "Detailed information on the practice",
    "Resources needed",
    "Timescale (start and end date)",
    "Evidence of success (results achieved)",
    "Potential for learning or transfer",
    "Difficulties encountered and lessons learned",
    "Further information (website)",
    "Main institution involved",
    "Contact",
    "Themes and topics (keywords)",
]


@pytest.fixture
def practice():
    nuts2 = RegionFactory(code="DE12", name="Karlsruhe", country="DE", level=2)
    region = RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", country="DE", level=3, parent=nuts2)
    practice = GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        summary="Villagers own the shop together.",
        description="The shop sells food from local producers.\n\nA work-integration enterprise runs it.",
        partner=PartnerFactory(name="Rhine-Neckar Regional Association", website="https://www.m-r-n.com/"),
        region=region,
        main_institution="Dorfladen eG",
        institution_type=InstitutionType.COOPERATIVE,
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2024, 12, 31),
        resources="Two staff members and a shop building.",
        budget_eur=Decimal("12500.50"),
        funding_source="LEADER programme",
        evidence="Turnover grew every year.",
        difficulties="Finding volunteers for Saturdays.",
        transfer_potential="Any village with a vacant shop can do it.",
        website="https://dorfladen.example.org/",
        contact_name="Anna Beispiel",
        contact_email="anna@dorfladen.example.org",
        contact_phone="+49 6221 123 456",
        contact_consent=True,
        themes=[theme("awareness"), theme("strengthening")],
        topics=[TopicFactory(slug="cooperatives", name="Cooperatives")],
    )
    PracticeResult.objects.create(
        practice=practice, indicator="Jobs created", value=12, unit="jobs", year=2024, order=0
    )
    PracticeResult.objects.create(practice=practice, indicator="Households served", value=310, unit="", order=1)
    return practice


EXPECTED = {
    "Title of the practice": "Village shop run by a cooperative",
    "Does the practice come from an Interreg Europe project?": "Yes: SECON (Interreg Europe)",
    "Geographical scope of the practice": "",
    "Location of the practice: country": "Germany",
    "Location of the practice: region (NUTS)": ("Rhein-Neckar-Kreis (NUTS 3: DE128), in Karlsruhe (NUTS 2: DE12)"),
    "Short summary of the practice": "Villagers own the shop together.",
    "Detailed information on the practice": (
        "The shop sells food from local producers.\n\nA work-integration enterprise runs it."
    ),
    "Resources needed": (
        "Two staff members and a shop building.\n\nBudget: €12,500.50. Source of funding: LEADER programme."
    ),
    "Timescale (start and end date)": "March 1, 2019 – Dec. 31, 2024",
    "Evidence of success (results achieved)": (
        "Turnover grew every year.\n\n- Jobs created: 12 jobs (2024)\n- Households served: 310"
    ),
    "Potential for learning or transfer": "Any village with a vacant shop can do it.",
    "Difficulties encountered and lessons learned": "Finding volunteers for Saturdays.",
    "Further information (website)": (
        "https://dorfladen.example.org/\nSECON good-practice portal: http://testserver/practices/village-shop/"
    ),
    "Main institution involved": "Dorfladen eG (Cooperative)",
    "Contact": (
        "Anna Beispiel\nRhine-Neckar Regional Association\nE-mail: anna@dorfladen.example.org\n"
        "Telephone: +49 6221 123 456"
    ),
    "Themes and topics (keywords)": "Awareness of the social economy, Strengthening social enterprises, Cooperatives",
}


def fields_of_page(response):
    """[(label, length line, text)] of the page, in order."""
    doc = dom(response)
    fields = []
    for item in doc.find_all("li", cls="interreg-field"):
        texts = item.find_all("div", cls="interreg-text")
        lengths = item.find_all("p", cls="interreg-length")
        fields.append(
            (
                item.find("h2").text,
                lengths[0].text if lengths else "",
                "\n\n".join(p.inner_markup.replace("<br>", "\n") for p in texts[0].find_all("p")) if texts else "",
            )
        )
    return fields


def test_the_fields_are_in_the_forms_order_in_one_place():
    assert [str(field.label) for field in FIELDS] == LABELS


def test_the_page_holds_the_fields_in_order(client, practice):
    response = client.get("/practices/village-shop/interreg/")
    fields = fields_of_page(response)
    assert [label for label, _, _ in fields] == LABELS
    assert {label: text for label, _, text in fields} == {
        label: text.replace("&", "&amp;") for label, text in EXPECTED.items()
    }
    lengths = {label: length for label, length, _ in fields}
    assert lengths["Title of the practice"] == "33 characters of at most 100"
    assert lengths["Short summary of the practice"] == "32 characters"
    doc = dom(response)
    # A field the portal does not record says so.
    assert doc.find("section", **{"aria-labelledby": "field-scope"}).find("p").text == (
        "The portal does not record it: choose local, regional, national or international in the form."
    )
    # The values are English, marked as such; the Word document is a link away.
    assert {div.attrs["lang"] for div in doc.find_all("div", cls="interreg-text")} == {"en"}
    assert doc.find("a", href="/practices/village-shop/interreg.docx").text == "Download as a Word document (.docx)"
    assert doc.find("meta", name="robots").attrs["content"] == "noindex"  # the practice's page is the one to find
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_a_title_too_long_for_the_form_is_flagged(client, practice):
    practice.title = "A" * 120
    practice.save()
    response = client.get("/practices/village-shop/interreg/")
    length = {label: length for label, length, _ in fields_of_page(response)}
    assert length["Title of the practice"] == "120 characters of at most 100 Too long for the form: shorten it."


def test_empty_fields_say_so(client):
    GoodPracticeFactory(published=True, slug="bare", difficulties="", website="", region=None, start_date=None)
    doc = dom(client.get("/practices/bare/interreg/"))
    for key in ("difficulties", "country", "region", "timescale"):
        section = doc.find("section", **{"aria-labelledby": f"field-{key}"})
        assert section.find("p").text == "The practice does not say: nothing to copy."


def test_a_german_reader_reads_the_values_in_english_the_language_of_the_form(client, practice):
    response = client.get("/de/practices/village-shop/interreg/")
    assert dom(response).find("html").attrs["lang"] == "de"
    values = [text for _, _, text in fields_of_page(response)]
    assert values == [text.replace("&", "&amp;") for text in EXPECTED.values()]


def test_the_contact_person_only_with_their_consent(client, practice):
    practice.contact_consent = False
    practice.save()
    fields = {label: text for label, _, text in fields_of_page(client.get("/practices/village-shop/interreg/"))}
    assert fields["Contact"] == "Rhine-Neckar Regional Association\nhttps://www.m-r-n.com/"
    response = client.get("/practices/village-shop/interreg.docx")
    assert "Anna" not in "\n".join(p.text for p in docx.Document(BytesIO(response.content)).paragraphs)


def test_the_word_document_holds_the_same_fields_in_the_same_order(client, practice):
    response = client.get("/practices/village-shop/interreg.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="village-shop-interreg.docx"'
    document = docx.Document(BytesIO(response.content))
    assert document.core_properties.title == "Village shop run by a cooperative"
    assert document.core_properties.language == "en"
    fields, label = {}, None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            label = paragraph.text
            fields[label] = []
        elif label is not None:
            fields[label].append(paragraph.text)
    assert list(fields) == LABELS
    assert {label: "\n\n".join(texts) for label, texts in fields.items()} == {
        **EXPECTED,
        "Geographical scope of the practice": (
            "The portal does not record it: choose local, regional, national or international in the form."
        ),
    }
    title = document.paragraphs[0]
    assert (title.style.name, title.text) == ("Title", "Village shop run by a cooperative")
    assert "http://testserver/practices/village-shop/" in document.paragraphs[1].text


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED])
@pytest.mark.parametrize("suffix", ["interreg/", "interreg.docx"])
def test_only_published_practices(client, superuser_client, state, suffix):
    practice = GoodPracticeFactory(state=state, published_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    assert client.get(f"/practices/{practice.slug}/{suffix}").status_code == 404
    assert superuser_client.get(f"/practices/{practice.slug}/{suffix}").status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(client, practice, django_assert_num_queries):
    with CaptureQueriesContext(connection) as few:
        client.get("/practices/village-shop/interreg/")
    for n in range(10):
        PracticeResult.objects.create(practice=practice, indicator=f"Indicator {n}", value=n, order=n + 2)
    practice.topics.add(*[TopicFactory() for _ in range(5)])
    # The practice with its region, the region's parent and the partner; themes; topics; results.
    assert len(few.captured_queries) == 4
    with django_assert_num_queries(4):
        client.get("/practices/village-shop/interreg/")


def test_the_page_and_the_document_are_linked_from_the_practice_page(client, practice):
    page = dom(client.get("/practices/village-shop/"))
    downloads = page.section("downloads-heading")
    assert [(a.attrs["href"], a.text) for a in downloads.find_all("a")] == [
        ("/practices/village-shop.pdf", "Download as PDF"),
        ("/practices/village-shop/interreg/", "Interreg Europe form"),
        ("/practices/village-shop/interreg.docx", "Interreg Europe form as a Word document"),
    ]


def test_an_unpublished_practice_page_offers_no_downloads(editor_client, editor):
    practice = GoodPracticeFactory(partner=editor.memberships.get().partner)
    page = editor_client.get(practice.get_absolute_url()).content.decode()
    assert "downloads-heading" not in page
