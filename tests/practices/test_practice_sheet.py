"""The A4 PDF sheet of a published practice (practices/sheets.py): what it holds, read back with poppler-utils'
pdftotext, pdfinfo and pdfimages; who may have it; and that rendering reads nothing outside the portal."""

import datetime
import os
import re
import shutil
import socket
import subprocess
import urllib.request
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ImageFile

from practices import sheets
from practices.choices import Language
from practices.images import prepare_image
from practices.models import Criterion, PracticeImage, PracticeResult, State
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, ReviewerFactory
from tests.files import photo
from tests.practices.detail.helpers import assess

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

POPPLER_MISSING = "poppler-utils (pdftotext, pdfinfo, pdfimages) is not installed: apt-get install poppler-utils"
BASE = "http://testserver/"


@pytest.fixture(autouse=True)
def _poppler():
    if shutil.which("pdftotext") is None:
        if os.environ.get("REQUIRE_ALL_TESTS") == "1":
            pytest.fail(f"{POPPLER_MISSING}, but REQUIRE_ALL_TESTS=1 requires it", pytrace=False)
        pytest.skip(POPPLER_MISSING)


def poppler(pdf, tmp_path, *command):
    """The output of a poppler-utils command (`command`, with the PDF's path last) run on `pdf`."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return subprocess.run([*command, str(path)], check=True, capture_output=True, text=True).stdout


def pdf_text(pdf, tmp_path):
    """The text of the PDF as pdftotext reads it, runs of white space as one space."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text)


def alt_texts(pdf):
    """The alternative descriptions (/Alt) in the PDF's structure tree, which WeasyPrint writes compressed."""
    # Each stream read by its /Length: compressed data may itself end with a carriage return, which a pattern up
    # to "endstream" would take for the line break before it (a one-in-256 truncation).
    streams = [
        pdf[match.end() : match.end() + int(match["length"])]
        for match in re.finditer(rb"/Length (?P<length>\d+)(?! \d+ R)[^>]*>>\s*stream\r?\n", pdf)
    ]
    inflated = b"".join(zlib.decompress(stream) for stream in streams if stream.startswith(b"x"))
    return [alt.decode() for alt in re.findall(rb"/Alt \(([^)]*)\)", inflated)]


@pytest.fixture
def region():
    return RegionFactory(
        code="EL65", name="Πελοπόννησος", name_latin="Peloponnisos", name_en="Peloponnese", country="EL", level=2
    )


@pytest.fixture
def practice(region):
    practice = GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        title_original="Παντοπωλείο χωριού από κοινωνικό συνεταιρισμό",
        summary_original="Οι κάτοικοι του χωριού είναι ιδιοκτήτες του καταστήματος.",
        original_language=Language.GREEK,
        partner=PartnerFactory(name="Region of Peloponnese", region=region),
        region=region,
        budget_eur=12500,
        funding_source="LEADER programme",
        contact_name="Anna Papadopoulou",
        contact_email="anna@shop.example.org",
        contact_phone="+30 2710 123456",
        contact_consent=False,
    )
    PracticeResult.objects.create(practice=practice, indicator="Jobs created", value=12, unit="jobs", year=2024)
    assess(practice, ReviewerFactory(), dict.fromkeys(Criterion.values, (4, "Convincing.")))
    return practice


def get_pdf(client, practice, prefix=""):
    response = client.get(f"{prefix}/practices/{practice.slug}.pdf")
    assert response.status_code == 200
    return response


def test_the_sheet_is_an_a4_pdf_shown_inline(client, practice, tmp_path):
    response = get_pdf(client, practice)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="village-shop.pdf"'
    assert "Set-Cookie" not in response  # the page cache may keep it
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    info = poppler(pdf, tmp_path, "pdfinfo")
    assert re.search(r"^Page size:\s+595\.2\d* x 841\.89 pts \(A4\)$", info, re.MULTILINE), info
    assert re.search(r"^Title:\s+Village shop run by a cooperative$", info, re.MULTILINE)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)  # tagged for screen readers, images with their alt text


def test_the_sheet_holds_the_practice(client, practice, tmp_path):
    text = pdf_text(get_pdf(client, practice).content, tmp_path)
    for expected in [
        "SECON good-practice portal",
        "Village shop run by a cooperative",
        "Παντοπωλείο χωριού από κοινωνικό συνεταιρισμό",  # the original title, in Greek
        "Οι κάτοικοι του χωριού είναι ιδιοκτήτες του καταστήματος.",
        "Peloponnese (Πελοπόννησος), Greece",
        "Region of Peloponnese",
        "Village cooperative (Cooperative)",  # the main institution and its type
        "Timescale March 1, 2019 – ongoing",
        "Detailed description Local producers and a work-integration enterprise run the shop together.",
        "Budget €12,500 Source of funding LEADER programme",
        "Measured results",  # the results as a table
        "Jobs created 12 jobs",
        "Potential for learning or transfer Any rural municipality with a vacant shop can do it.",
        "Relevance",  # the published assessment: the seven criteria with their scores
        "Ethics",
        "4 - good",
        # The running footer on each page: the portal, the page's address, the page's number.
        "SECON good-practice portal http://testserver/practices/village-shop/ 1/2",
        "SECON good-practice portal http://testserver/practices/village-shop/ 2/2",
    ]:
        assert expected in text, expected
    assert text.count("4 - good") == 7


def test_a_bulgarian_original_title_in_cyrillic(client, region, tmp_path):
    practice = GoodPracticeFactory(
        published=True,
        title="Food bank logistics",
        title_original="Логистика на хранителна банка от социално предприятие",
        original_language=Language.BULGARIAN,
        region=RegionFactory(code="BG422", name="Хасково", name_latin="Haskovo", country="BG", level=3),
    )
    text = pdf_text(get_pdf(client, practice).content, tmp_path)
    assert "Логистика на хранителна банка от социално предприятие" in text
    assert "Haskovo (Хасково), Bulgaria" in text
    # A Bulgarian reader reads the sheet in Bulgarian, the original title first.
    text = pdf_text(get_pdf(client, practice, "/bg").content, tmp_path)
    assert text.index("Логистика на хранителна банка") < text.index("Food bank logistics")
    assert "Основни факти" in text  # "Key facts"


def test_the_contact_person_only_with_their_consent(client, practice, tmp_path):
    text = pdf_text(get_pdf(client, practice).content, tmp_path)
    assert "Anna Papadopoulou" not in text and "anna@shop.example.org" not in text and "2710" not in text
    assert "Ask the partner organisation that submitted this practice: Region of Peloponnese" in text

    practice.contact_consent = True
    practice.save()
    text = pdf_text(get_pdf(client, practice).content, tmp_path)
    assert "Anna Papadopoulou Region of Peloponnese E-mail: anna@shop.example.org Telephone: +30 2710 123456" in text


def test_the_first_images_with_their_alt_text(client, practice, tmp_path):
    for order, alt in enumerate(["Shoppers at the counter", "The shop from outside"]):
        image = PracticeImage(practice=practice, alt_text=alt, credit="Maria K.", order=order)
        image.image.save(f"photo-{order}.jpg", ContentFile(photo(size=(300, 200))), save=False)
        image.thumbnail.save(f"photo-{order}-thumbnail.jpg", ContentFile(photo(size=(240, 160))), save=False)
        image.save()
    pdf = get_pdf(client, practice).content
    images = poppler(pdf, tmp_path, "pdfimages", "-list").splitlines()[2:]
    assert [line.split()[3:5] for line in images] == [["240", "160"], ["240", "160"]]  # the thumbnails
    assert "Photo: Maria K." in pdf_text(pdf, tmp_path)
    # Each image has its alt text as its alternative description in the tagged PDF (the logo has "SECON").
    assert alt_texts(pdf) == ["SECON", "Shoppers at the counter", "The shop from outside"]


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED])
def test_only_published_practices_have_a_sheet(client, superuser_client, state):
    practice = GoodPracticeFactory(state=state, published_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    assert client.get(f"/practices/{practice.slug}.pdf").status_code == 404
    assert superuser_client.get(f"/practices/{practice.slug}.pdf").status_code == 404


def test_no_such_practice(client, db):
    assert client.get("/practices/no-such-practice.pdf").status_code == 404


# -- no remote fetch --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/x.png",
        "http://example.org/static/css/practice-sheet.css",  # another host, with the portal's paths
        "https://testserver/static/css/practice-sheet.css",  # another scheme
        "http://testserver:8080/static/css/practice-sheet.css",  # another port
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://testserver/static/css/practice-sheet.css",
        "http://testserver/practices/village-shop/",  # a page of the portal, not a file
        "http://testserver/static/../secon_portal/settings.py",
        "http://testserver/static/%2e%2e/secon_portal/settings.py",
        "http://testserver/static/css/../../secon_portal/settings.py",
        "http://testserver/media/../secon_portal/settings.py",
        "http://testserver/static//etc/passwd",
        "http://testserver/static/css/no-such-file.css",
        "http://testserver/media/practices/images/no-such-file.jpg",
    ],
)
def test_the_fetcher_refuses_anything_but_the_portals_files(url):
    with pytest.raises(sheets.RefusedURL):
        sheets.local_file(url, BASE)


def test_the_fetcher_serves_the_portals_static_and_media_files(settings, db):
    css = sheets.local_file("http://testserver/static/css/practice-sheet.css", BASE)
    assert css.media_type == "text/css"
    with css.open() as file:
        assert file.read().startswith(b"/* The PDF sheet of a practice")
    from django.core.files.storage import default_storage

    name = default_storage.save("practices/images/photo.jpg", ContentFile(photo()))
    image = sheets.local_file(f"http://testserver/media/{name}", BASE)
    assert image.media_type == "image/jpeg"
    with image.open() as file:
        assert file.read() == photo()


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


def test_rendering_opens_no_connection_for_a_remote_address(no_network, caplog):
    html = (
        '<html><head><link rel="stylesheet" href="https://example.org/evil.css"></head><body>'
        '<p>Sheet</p><img src="https://example.org/x.png" alt="remote"><img src="file:///etc/passwd" alt="local">'
        "</body></html>"
    )
    pdf = sheets.render_html(html, BASE)
    assert pdf.startswith(b"%PDF-")
    assert no_network == []
    refused = " ".join(record.getMessage() for record in caplog.records)
    assert "https://example.org/evil.css" in refused and "https://example.org/x.png" in refused
    assert "file:///etc/passwd" in refused


def test_the_texts_of_a_practice_are_text_not_markup(client, practice, tmp_path, no_network):
    practice.description = '<img src="https://example.org/x.png"> <link rel="stylesheet" href="https://example.org/">'
    practice.save()
    text = pdf_text(get_pdf(client, practice).content, tmp_path)
    assert '<img src="https://example.org/x.png">' in text
    assert no_network == []


def test_the_sheet_is_linked_from_the_practice_page(client, practice):
    page = client.get(practice.get_absolute_url()).content.decode()
    assert '<a href="/practices/village-shop.pdf" type="application/pdf">Download as PDF</a>' in page


def test_rendering_leaves_the_check_of_uploaded_images_as_it_was(client, practice):
    """Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process; the sheet turns it off
    again, so that a truncated upload is still refused (practices/images.py)."""
    get_pdf(client, practice)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    data = photo(size=(400, 300))
    with pytest.raises(ValidationError):
        prepare_image(SimpleUploadedFile("cut.jpg", data[: len(data) // 2]))
