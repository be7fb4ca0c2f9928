"""The results table, the image gallery and the documents on a practice's page."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from practices.models import (
    PracticeAttachment,
    PracticeImage,
    PracticeResult,
)
from tests.factories import (
    ReviewerFactory,
)
from tests.files import pdf_upload
from tests.html import fragment, texts
from tests.practices.detail.helpers import many_things, page_of, section_of, table_rows

pytestmark = pytest.mark.django_db


def test_results_table(client, practice):
    PracticeResult.objects.create(practice=practice, indicator="Jobs created", value=12, unit="jobs", year=2024)
    PracticeResult.objects.create(
        practice=practice, indicator="People reached", value=Decimal("1250.50"), unit="people", year=2023, order=1
    )
    PracticeResult.objects.create(practice=practice, indicator="Share of local food", value=Decimal("0.25"), order=2)
    page = page_of(client, practice)
    evidence = section_of(page, "evidence-heading")
    assert "<caption>Measured results</caption>" in evidence.markup
    assert texts(evidence, "th", within="results-table")[:4] == ["Indicator", "Value", "Unit", "Year"]
    assert '<th scope="col">Indicator</th>' in evidence.markup
    assert '<th scope="row">Jobs created</th>' in evidence.markup
    assert table_rows(page, "evidence-heading") == [
        ["Jobs created", "12", "jobs", "2024"],
        ["People reached", "1,250.5", "people", "2023"],
        ["Share of local food", "0.25", "", ""],
    ]
    with translation.override("de"):
        german = client.get(practice.get_absolute_url()).content.decode()
    assert table_rows(german, "evidence-heading")[1][1] == "1.250,5"


def test_gallery_thumbnails_link_to_the_full_images(client, practice):
    PracticeImage.objects.create(
        practice=practice,
        image="practices/images/2025/01/shop.jpg",
        thumbnail="practices/thumbnails/2025/01/shop.jpg",
        alt_text="The shop's counter with local cheese",
        caption="The counter",
        credit="Jana Foto",
    )
    PracticeImage.objects.create(
        practice=practice, image="practices/images/2025/01/team.jpg", alt_text="The team in front", order=1
    )
    page = page_of(client, practice)
    gallery = section_of(page, "images-heading")
    assert (
        '<a class="gallery-link" href="/media/practices/images/2025/01/shop.jpg">'
        '<img class="gallery-thumbnail" src="/media/practices/thumbnails/2025/01/shop.jpg"'
        ' alt="The shop&#x27;s counter with local cheese">'
    ) in gallery.markup
    # Without a thumbnail, the image itself.
    assert (
        '<img class="gallery-thumbnail" src="/media/practices/images/2025/01/team.jpg" alt="The team in front"'
        ' loading="lazy">'
    ) in gallery.markup
    assert texts(gallery, "figcaption") == ["The counter Photo: Jana Foto"]
    assert texts(gallery, "a") == ["(full-size image)", "(full-size image)"]


def test_every_image_on_the_page_has_alt_text(client, practice):
    many_things(practice, ReviewerFactory(), images=3, results=0, topics=0, transfers=0, events=0, instruments=0)
    page = page_of(client, practice)
    images = fragment(page).find_all("img")
    assert len(images) >= 4  # the brand mark, the EU emblem (footer), the gallery
    assert all("alt" in image.attrs for image in images)


def test_attachments_with_type_and_size(client, practice):
    PracticeAttachment.objects.create(
        practice=practice, file=pdf_upload("final-report.pdf", 2048), title="Final report"
    )
    PracticeAttachment.objects.create(
        practice=practice, file=pdf_upload("flyer.pdf", 1536 * 1024), title="Flyer for villages", order=1
    )
    page = page_of(client, practice)
    documents = section_of(page, "documents-heading")
    assert texts(documents, "li") == [
        "Final report (PDF, 2.0\u00a0KB)",
        "Flyer for villages (PDF, 1.5\u00a0MB)",
    ]
    pattern = r'/media/practices/attachments/\d{4}/\d{2}/[\w-]{16}/final-report[^"]*\.pdf'
    link = [a for a in documents.find_all("a") if re.fullmatch(pattern, a.attrs.get("href", ""))][0]
    href = link.attrs["href"]
    assert link.attrs == {"href": href, "data-print-url": f"http://testserver{href}"}  # printed after the link
