"""The exports of any search of the practice list: CSV and Excel (practices/exports.py)."""

import csv
import datetime
import functools
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practices import exports
from practices.choices import InstitutionType, Language, PracticeType, TargetGroup
from practices.models import State
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, TopicFactory, theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LIST_URL = reverse("practices:practice-list")
CSV_URL = reverse("practices:practice-export-csv")
XLSX_URL = reverse("practices:practice-export-xlsx")
UNPUBLISHED = [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED]


def content_of(response):
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(response):
    """The rows of a CSV export, header first, as dicts (the byte order mark checked and dropped)."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = content_of(response)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(content_of(response)))
    assert workbook.sheetnames == ["Practices"]
    header, *rows = workbook["Practices"].iter_rows(values_only=True)
    assert list(header) == list(exports.COLUMNS)
    return [dict(zip(header, row, strict=True)) for row in rows]


def csv_ids(client, query=""):
    return [int(row["id"]) for row in csv_rows(client.get(f"{CSV_URL}?{query}"))]


def xlsx_ids(client, query=""):
    return [row["id"] for row in xlsx_rows(client.get(f"{XLSX_URL}?{query}"))]


def list_ids(client, query=""):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    return [practice.pk for practice in response.context["practices"]]


@pytest.fixture
def practice():
    """A published practice with every exported field filled in, whose contact did not consent."""
    region = RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", country="DE")
    return GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        summary="Villagers own the shop together.",
        title_original="Dorfladen als Genossenschaft",
        summary_original="Die Dorfbewohner besitzen den Laden gemeinsam.",
        original_language=Language.GERMAN,
        practice_type=PracticeType.PROJECT,
        target_groups=[TargetGroup.CONSUMERS, TargetGroup.RURAL_COMMUNITIES],
        rural_focus=True,
        partner=PartnerFactory(name="Rhine-Neckar Regional Association", region=region),
        region=region,
        main_institution="Dorfladen eG",
        institution_type=InstitutionType.COOPERATIVE,
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2027, 12, 31),
        budget_eur=Decimal("12500.50"),
        funding_source="LEADER programme",
        website="https://dorfladen.example.org/",
        contact_name="Anna Beispiel",
        contact_email="anna@dorfladen.example.org",
        contact_phone="06221 123 456",
        themes=[theme("awareness"), theme("strengthening")],
        topics=[TopicFactory(slug="cooperatives", name="Cooperatives"), TopicFactory(slug="retail", name="Retail")],
        published_at=datetime.datetime(2025, 1, 15, 23, 30, tzinfo=datetime.UTC),  # 16 January in Brussels
    )


@pytest.fixture
def catalogue():
    """Six published practices and one of each unpublished state."""
    de, pl = RegionFactory(country="DE", code="DE128"), RegionFactory(country="PL", code="PL911")
    cooperatives, finance = TopicFactory(slug="cooperatives"), TopicFactory(slug="finance")
    partner = PartnerFactory(region=de)
    make = functools.partial(GoodPracticeFactory, partner=partner, summary="Text.", description="Text.")

    def published(month, **kwargs):
        return make(published=True, published_at=datetime.datetime(2025, month, 1, tzinfo=datetime.UTC), **kwargs)

    return {
        "shop": published(
            1,
            title="Village shop run by a cooperative",
            region=de,
            themes=[theme("awareness")],
            topics=[cooperatives],
            rural_focus=True,
            start_date=datetime.date(2019, 5, 1),
        ),
        "fund": published(
            2,
            title="Guarantee fund for social enterprises",
            region=de,
            themes=[theme("access")],
            topics=[finance],
            start_date=datetime.date(2015, 1, 1),
        ),
        "spoldzielnia": published(
            3,
            title="Spółdzielnia socjalna w gminie",
            summary="A cooperative of producers.",
            region=pl,
            themes=[theme("strengthening"), theme("awareness")],
            topics=[cooperatives],
            rural_focus=True,
            start_date=datetime.date(2019, 9, 1),
        ),
        "procurement": published(
            4, title="Social clauses in public procurement", region=pl, themes=[theme("access")], start_date=None
        ),
        "care": published(
            5,
            title="Care cooperative for older people",
            region=RegionFactory(country="LV", code="LV00A"),
            themes=[theme("social-innovation")],
            start_date=datetime.date(2022, 1, 1),
        ),
        "network": published(
            6, title="Network of cooperative shops", region=de, themes=[theme("awareness")], topics=[cooperatives]
        ),
        **{
            state: make(title=f"Cooperative in state {state}", state=state, region=de, themes=[theme("awareness")])
            for state in UNPUBLISHED
        },
    }


# -- what a row holds ------------------------------------------------------------------------------------------------
def test_csv_columns_and_values(client, practice):
    [row] = csv_rows(client.get(CSV_URL))
    assert row == {
        "id": str(practice.pk),
        "slug": "village-shop",
        "url": "http://testserver/practices/village-shop/",
        "title": "Village shop run by a cooperative",
        "summary": "Villagers own the shop together.",
        "themes": "Awareness of the social economy; Strengthening social enterprises",
        "topics": "Cooperatives; Retail",
        "country_code": "DE",
        "region_code": "DE128",
        "region_name": "Rhein-Neckar-Kreis",
        "partner": "Rhine-Neckar Regional Association",
        "main_institution": "Dorfladen eG",
        "institution_type": "Cooperative",
        "practice_type": "Project",
        "target_groups": "Consumers; Rural communities and farmers",
        "start_date": "2019-03-01",
        "end_date": "2027-12-31",
        "rural_focus": "true",
        "budget_eur": "12500.50",
        "funding_source": "LEADER programme",
        "website": "https://dorfladen.example.org/",
        "original_language": "de",
        "title_original": "Dorfladen als Genossenschaft",
        "summary_original": "Die Dorfbewohner besitzen den Laden gemeinsam.",
        "published_date": "2025-01-16",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
    }


def test_xlsx_columns_and_typed_values(client, practice):
    [row] = xlsx_rows(client.get(XLSX_URL))
    assert row["id"] == practice.pk
    assert row["url"] == "http://testserver/practices/village-shop/"
    assert row["themes"] == "Awareness of the social economy; Strengthening social enterprises"
    assert row["start_date"] == datetime.datetime(2019, 3, 1)  # a date cell
    assert row["published_date"] == datetime.datetime(2025, 1, 16)
    assert row["rural_focus"] is True
    assert row["budget_eur"] == 12500.5
    assert (row["contact_name"], row["contact_email"], row["contact_phone"]) == (None, None, None)


def test_values_are_in_english_whatever_the_language_of_the_address(client, practice):
    [row] = csv_rows(client.get("/de/practices/export.csv"))
    assert row["url"] == "http://testserver/practices/village-shop/"
    assert row["themes"] == "Awareness of the social economy; Strengthening social enterprises"
    assert row["practice_type"] == "Project"


def test_a_practice_without_region_dates_or_budget(client):
    GoodPracticeFactory(published=True, region=None, start_date=None, budget_eur=None, target_groups=[], themes=[])
    [row] = csv_rows(client.get(CSV_URL))
    assert [row[name] for name in ("country_code", "region_code", "region_name", "start_date", "budget_eur")] == [
        ""
    ] * 5
    assert (row["themes"], row["target_groups"], row["rural_focus"]) == ("", "", "false")


def test_greek_regions_have_the_iso_country_code(client):
    GoodPracticeFactory(published=True, region=RegionFactory(code="EL652", name="Arkadia", country="EL"))
    [row] = csv_rows(client.get(CSV_URL))
    assert (row["country_code"], row["region_code"], row["region_name"]) == ("GR", "EL652", "Arkadia")


@pytest.mark.parametrize("read", [csv_rows, xlsx_rows])
def test_contact_details_only_with_consent(client, practice, read):
    consented = GoodPracticeFactory(
        published=True,
        contact_name="Jana Novak",
        contact_email="jana@example.org",
        contact_phone="040 12 34",
        contact_consent=True,
    )
    url = CSV_URL if read is csv_rows else XLSX_URL
    rows = {str(row["id"]): row for row in read(client.get(url))}
    contact = ("contact_name", "contact_email", "contact_phone")
    assert [rows[str(consented.pk)][name] for name in contact] == ["Jana Novak", "jana@example.org", "040 12 34"]
    assert [rows[str(practice.pk)][name] for name in contact] in (["", "", ""], [None, None, None])
    assert b"anna" not in b"".join(str(value).encode() for row in rows.values() for value in row.values()).lower()


# -- which practices, in which order ---------------------------------------------------------------------------------
@pytest.mark.parametrize("ids_of", [csv_ids, xlsx_ids])
def test_unpublished_practices_are_never_exported(client, catalogue, ids_of):
    unpublished = {catalogue[state].pk for state in UNPUBLISHED}
    for query in ("", "theme=awareness", "q=cooperative", "q=state", "country=DE&sort=title"):
        ids = ids_of(client, query)
        assert not unpublished & set(ids), query
    assert set(ids_of(client)) == {catalogue[name].pk for name in catalogue if name not in UNPUBLISHED}


QUERIES = [
    "",
    "sort=title",
    "sort=start",
    "theme=awareness",
    "theme=awareness&theme=access&sort=title",
    "country=DE&rural=yes",
    "topic=cooperatives&country=PL&country=DE",
    "region=DE128&status=ongoing",
    "q=cooperative",
    "q=cooperative&sort=newest",
    "q=cooperative&sort=title",
    "q=cooperative&theme=awareness",
    "q=cooperative OR fund&sort=start",
    "q=cooperative -care",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_exports_have_the_practices_of_the_list_in_its_order(client, catalogue, query):
    expected = list_ids(client, query)
    assert expected  # every query finds something
    assert csv_ids(client, query) == expected
    assert xlsx_ids(client, query) == expected


def test_a_large_text_search_is_read_a_chunk_at_a_time(client, catalogue, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for query in ("q=cooperative", "sort=title", "q=cooperative&sort=title"):
        assert csv_ids(client, query) == list_ids(client, query)


def test_unknown_values_are_left_out_as_on_the_list(client, catalogue):
    everything = list_ids(client)
    assert csv_ids(client, "theme=no-such-theme") == everything
    assert xlsx_ids(client, "theme=no-such-theme&sort=no-such-order&region=XX999") == everything
    assert csv_ids(client, "theme=no-such-theme&theme=access") == list_ids(client, "theme=access")


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=-only", "Say what to look for: a search cannot only leave words out."),
        ("q=" + "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_a_text_query_that_cannot_run_is_a_bad_request(client, catalogue, url, query, message):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message


# -- escaping of formulas --------------------------------------------------------------------------------------------
def test_spreadsheet_safe_escapes_what_starts_a_formula():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert exports.spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"
    assert exports.spreadsheet_safe("Village shop = shop") == "Village shop = shop"
    assert exports.spreadsheet_safe("") == ""
    assert exports.spreadsheet_safe(-5) == -5  # numbers are numbers, not formulas
    assert exports.spreadsheet_safe(None) is None


DANGEROUS = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTab", "\rCR"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formulas_are_escaped_in_csv(client, text):
    GoodPracticeFactory(
        published=True, title=text, summary=text, main_institution=text, funding_source=text, title_original=text
    )
    [row] = csv_rows(client.get(CSV_URL))
    for name in ("title", "summary", "main_institution", "funding_source", "title_original"):
        assert row[name] == "'" + text, name


@pytest.mark.parametrize("text", DANGEROUS)
def test_formulas_are_escaped_in_xlsx(client, text):
    GoodPracticeFactory(
        published=True, title=text, summary=text, main_institution=text, funding_source=text, title_original=text
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content_of(client.get(XLSX_URL))))
    header, row = workbook["Practices"].iter_rows(min_row=1, max_row=2)
    cells = {name.value: cell for name, cell in zip(header, row, strict=True)}
    for name in ("title", "summary", "main_institution", "funding_source", "title_original"):
        assert (cells[name].data_type, cells[name].value) == ("s", "'" + text), name  # a text, never a formula


def test_control_characters_do_not_break_the_workbook(client):
    GoodPracticeFactory(published=True, title="Shop\x0bwith a vertical tab")
    [row] = xlsx_rows(client.get(XLSX_URL))
    assert row["title"] == "Shopwith a vertical tab"


# -- the responses ---------------------------------------------------------------------------------------------------
def test_the_exports_stream_as_attachments_named_by_date(client, practice):
    today = timezone.localdate().isoformat()
    response = client.get(CSV_URL)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == f'attachment; filename="secon-practices-{today}.csv"'
    content_of(response)
    response = client.get(XLSX_URL)
    assert isinstance(response, FileResponse)
    assert response["Content-Disposition"] == f'attachment; filename="secon-practices-{today}.xlsx"'
    assert int(response["Content-Length"]) == len(content_of(response))


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_head_gives_the_headers_and_no_body(client, practice, url):
    response = client.head(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="secon-practices-')
    assert b"".join(response.streaming_content) == b""


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_the_page_cache_never_keeps_an_export(client, settings, url):
    settings.PAGE_CACHE_SECONDS = 300
    GoodPracticeFactory(published=True, title="Village shop run by a cooperative")
    content_of(client.get(url))
    # Inside the test's transaction nothing commits, so the cache's data version stays: a kept answer would stay.
    GoodPracticeFactory(published=True, title="Olive growers share a press")
    titles = [row["title"] for row in (csv_rows if url == CSV_URL else xlsx_rows)(client.get(url))]
    assert sorted(titles) == ["Olive growers share a press", "Village shop run by a cooperative"]


def practices_with_parts(count):
    partner = PartnerFactory()
    topics = [TopicFactory(), TopicFactory()]
    for n in range(count):
        GoodPracticeFactory(
            published=True,
            partner=partner,
            title=f"Cooperative shop {n}",
            themes=[theme("awareness"), theme("access")],
            topics=topics,
        )


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
@pytest.mark.parametrize("query", ["", "theme=awareness&sort=title", "q=cooperative"])
def test_an_export_costs_the_same_queries_whatever_its_size(client, url, query):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            content_of(client.get(f"{url}?{query}"))
        return len(captured)

    practices_with_parts(2)
    few = queries()
    practices_with_parts(8)
    assert queries() == few
    assert few <= 10
