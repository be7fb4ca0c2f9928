"""Large Excel exports, written by the worker (practices/export_jobs.py) instead of in the request."""

import datetime
import io
import os
import re
import time
from io import StringIO

import openpyxl
import pytest
import redis.exceptions
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from practices import export_jobs, exports
from practices.choices import PracticeType
from practices.models import State
from tests.factories import GoodPracticeFactory
from tests.html import assert_accessible_structure, assert_csp_safe, dom
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

XLSX_URL = reverse("practices:practice-export-xlsx")
LIST_URL = reverse("practices:practice-list")
TASK_PATH = "practices.export_jobs.write_large_export"
FILE_NAME = re.compile(r"^/media/exports/[0-9a-f]{64}/secon-practices-\d{4}-\d\d-\d\d\.xlsx$")


@pytest.fixture(autouse=True)
def large_export(monkeypatch):
    """Searches of more than two practices are large."""
    monkeypatch.setattr(exports, "LARGE_EXPORT", 2)


@pytest.fixture
def practices():
    """Three published practices (titles in alphabetical order: olive, shop, wool) and a draft."""
    published = [
        GoodPracticeFactory(
            published=True,
            title="Village shop run by a cooperative",
            slug="village-shop",
            practice_type=PracticeType.PROJECT,
            published_at=datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC),
        ),
        GoodPracticeFactory(
            published=True,
            title="Olive growers share a press",
            slug="olive-press",
            published_at=datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC),
        ),
        GoodPracticeFactory(
            published=True,
            title="Wool cooperative of the mountain farms",
            slug="wool-cooperative",
            published_at=datetime.datetime(2025, 2, 1, 12, tzinfo=datetime.UTC),
        ),
    ]
    GoodPracticeFactory(title="Wool and olive bakery draft", state=State.DRAFT)
    return published


def jobs():
    return list(DBTaskResult.objects.filter(task_path=TASK_PATH))


def stored_name(url):
    assert FILE_NAME.match(url), url
    return url.removeprefix("/media/")


def workbook_rows(name):
    """The header and rows of the workbook `name` in the media storage."""
    with default_storage.open(name) as file:
        workbook = openpyxl.load_workbook(io.BytesIO(file.read()))
    assert workbook.sheetnames == ["Practices"]
    header, *rows = workbook["Practices"].iter_rows(values_only=True)
    assert list(header) == list(exports.COLUMNS)
    return [dict(zip(header, row, strict=True)) for row in rows]


def export_files():
    """The files under exports/ in the media storage, hidden ones included."""
    root = default_storage.path("exports")
    return sorted(
        os.path.relpath(os.path.join(folder, name), root) for folder, _, names in os.walk(root) for name in names
    )


# -- the first request: the page, one job ----------------------------------------------------------------------------
def test_a_large_export_is_enqueued_once_and_the_page_says_so(client, practices):
    response = client.get(f"{XLSX_URL}?sort=title&theme=no-such-theme")

    assert response.status_code == 202
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert response["Retry-After"] == "30"
    doc = dom(response, status=202)
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    assert doc.texts("h1") == ["Your spreadsheet is being prepared"]
    main = doc.find("main")
    assert main.texts("p") == [
        "Your spreadsheet of 3 practices is being prepared. It usually takes under a minute.",
        "This page does not change by itself: when you are ready, use the button below. "
        "If the file is not ready yet, you will come back to this page.",
        "Download when ready Back to the search",
    ]
    links = {link.text: link.attrs["href"] for link in main.find_all("a")}
    # The query as understood: the unknown theme is left out, as on the list.
    assert links == {"Download when ready": f"{XLSX_URL}?sort=title", "Back to the search": f"{LIST_URL}?sort=title"}
    assert doc.find("meta", name="robots").attrs["content"] == "noindex"
    [job] = jobs()
    assert job.args_kwargs["args"][:2] == ["sort=title", "en"]

    # Asked again (or by anybody else) before the worker ran: no second job.
    assert client.get(f"{XLSX_URL}?sort=title").status_code == 202
    assert client.get(f"{XLSX_URL}?theme=no-such-theme&sort=title").status_code == 202
    assert len(jobs()) == 1
    # Another search is another file.
    assert client.get(f"{XLSX_URL}?sort=start").status_code == 202
    assert len(jobs()) == 2


def test_the_page_of_a_search_without_query_links_to_the_plain_addresses(client, practices):
    doc = dom(client.get(XLSX_URL), status=202)
    links = {link.text: link.attrs["href"] for link in doc.find("main").find_all("a")}
    assert links == {"Download when ready": XLSX_URL, "Back to the search": LIST_URL}


# -- the job and the file --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("sort=title", ["olive-press", "village-shop", "wool-cooperative"]),
        ("", ["olive-press", "wool-cooperative", "village-shop"]),  # newest first
        ("q=wool OR olive OR bakery&sort=title", ["bakery", "olive-press", "wool-cooperative"]),  # no draft
    ],
)
def test_the_worker_writes_the_file_and_the_request_is_sent_to_it(client, settings, practices, query, slugs):
    if query.startswith("q="):
        GoodPracticeFactory(published=True, title="Cooperative bakery", slug="bakery")
    assert client.get(f"{XLSX_URL}?{query}").status_code == 202

    assert run_queued_tasks() == 1

    response = client.get(f"{XLSX_URL}?{query}")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    name = stored_name(response["Location"])
    assert name.endswith(f"/secon-practices-{timezone.localdate().isoformat()}.xlsx")
    rows = workbook_rows(name)
    assert [row["slug"] for row in rows] == slugs
    # The addresses are the portal's public ones (PORTAL_URL), as the worker has no request.
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["olive-press"]["url"] == settings.PORTAL_URL + "/practices/olive-press/"
    assert by_slug["olive-press"]["practice_type"] == "Project"
    assert by_slug["olive-press"]["published_date"] == datetime.datetime(2025, 3, 1)
    # Nothing half-written is left beside it, and the web server may read it.
    assert export_files() == [name.removeprefix("exports/")]
    assert os.stat(default_storage.path(name)).st_mode & 0o777 == 0o644
    # Served again without a new job.
    assert client.get(f"{XLSX_URL}?{query}")["Location"] == response["Location"]
    assert run_queued_tasks() == 0


def test_the_file_is_served_as_an_attachment(client, practices):
    client.get(XLSX_URL)
    run_queued_tasks()
    response = client.get(XLSX_URL, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    assert response["Content-Disposition"].startswith('attachment; filename="secon-practices-')
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE


def test_a_german_request_has_its_own_file_with_the_same_english_columns(client, settings, practices):
    english = client.get(f"{XLSX_URL}?sort=title")
    with translation.override("de"):
        german_url = reverse("practices:practice-export-xlsx")
    assert german_url == "/de/practices/export.xlsx"
    german = client.get(f"{german_url}?sort=title")
    assert (english.status_code, german.status_code) == (202, 202)
    assert dom(german, status=202).find("html").attrs["lang"] == "de"
    assert [job.args_kwargs["args"][1] for job in jobs()] == ["en", "de"]

    assert run_queued_tasks() == 2

    english_name = stored_name(client.get(f"{XLSX_URL}?sort=title")["Location"])
    german_name = stored_name(client.get(f"{german_url}?sort=title")["Location"])
    assert english_name != german_name
    rows = workbook_rows(german_name)  # the columns and their values are English whatever the language
    assert [row["slug"] for row in rows] == ["olive-press", "village-shop", "wool-cooperative"]
    assert rows[1]["practice_type"] == "Project"
    assert rows[1]["url"] == settings.PORTAL_URL + "/practices/village-shop/"  # English, as in a request


def test_a_change_of_the_data_makes_a_new_file(client, settings, practices, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 300  # the data version moves on with each change
    client.get(f"{XLSX_URL}?sort=title")
    run_queued_tasks()
    before = client.get(f"{XLSX_URL}?sort=title")
    assert before.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        GoodPracticeFactory(published=True, title="Apple juice from old orchards", slug="apple-juice")

    response = client.get(f"{XLSX_URL}?sort=title")
    assert response.status_code == 202
    assert "Your spreadsheet of 4 practices is being prepared." in response.content.decode()
    assert len(jobs()) == 2
    assert run_queued_tasks() == 1
    after = client.get(f"{XLSX_URL}?sort=title")
    assert after["Location"] != before["Location"]
    slugs = [row["slug"] for row in workbook_rows(stored_name(after["Location"]))]
    assert slugs == ["apple-juice", "olive-press", "village-shop", "wool-cooperative"]


def test_without_the_page_cache_a_file_answers_its_search_for_a_while_only(client, practices, monkeypatch):
    now = time.time()
    monkeypatch.setattr(export_jobs.time, "time", lambda: now)
    client.get(XLSX_URL)
    run_queued_tasks()
    assert client.get(XLSX_URL).status_code == 302
    monkeypatch.setattr(export_jobs.time, "time", lambda: now + export_jobs.UNVERSIONED_SECONDS)
    assert client.get(XLSX_URL).status_code == 202


def test_the_redirect_costs_the_same_queries_whatever_the_size(client, practices):
    def queries():
        client.get(f"{XLSX_URL}?sort=title")
        run_queued_tasks()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{XLSX_URL}?sort=title").status_code == 302
        return len(captured)

    few = queries()
    for n in range(5):
        GoodPracticeFactory(published=True, title=f"Cooperative shop {n}")
    assert queries() == few
    assert few == 6  # the search form's choices (themes, topics, regions) and its facet counts: no row is read


# -- what does not change --------------------------------------------------------------------------------------------
def test_a_text_query_that_cannot_run_is_a_bad_request(client, practices):
    response = client.get(f"{XLSX_URL}?q=-only")
    assert response.status_code == 400
    assert response.content.decode() == "Say what to look for: a search cannot only leave words out."
    assert jobs() == []


def test_a_search_up_to_the_limit_is_written_in_the_request(client, practices):
    response = client.get(f"{XLSX_URL}?q=wool OR olive")  # two practices: the limit
    assert isinstance(response, FileResponse)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(list(workbook["Practices"].iter_rows())) == 3
    assert jobs() == []
    assert not default_storage.exists("exports")


def test_the_csv_export_stays_in_the_request_whatever_its_size(client, practices):
    response = client.get(reverse("practices:practice-export-csv"))
    assert response.status_code == 200
    assert len(b"".join(response.streaming_content).decode("utf-8-sig").splitlines()) == 4
    assert jobs() == []


class UnreachableCache:
    def add(self, *args, **kwargs):
        raise redis.exceptions.ConnectionError("Connection refused")


def test_with_the_cache_out_of_reach_the_request_writes_the_workbook(client, practices, monkeypatch, caplog):
    monkeypatch.setattr(export_jobs, "cache", UnreachableCache())
    response = client.get(f"{XLSX_URL}?sort=title")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    slugs = [row[1] for row in workbook["Practices"].iter_rows(min_row=2, values_only=True)]
    assert slugs == ["olive-press", "village-shop", "wool-cooperative"]
    assert jobs() == []
    assert "A large export could not be handed to the worker: ConnectionError: Connection refused" in caplog.text


# -- old files -------------------------------------------------------------------------------------------------------
def stored_export(name, age):
    name = default_storage.save(f"exports/{name}", ContentFile(b"workbook"))
    moment = time.time() - age.total_seconds()
    os.utime(default_storage.path(name), (moment, moment))
    return name


def test_clear_staged_uploads_deletes_the_export_files_older_than_a_day():
    stored_export("a" * 64 + "/secon-practices-2026-01-01.xlsx", datetime.timedelta(hours=25))
    stored_export("b" * 64 + "/secon-practices-2026-01-01.xlsx", datetime.timedelta(hours=25))
    stored_export("b" * 64 + "/.tmp123.partial", datetime.timedelta(hours=30))  # of a job that failed
    recent = stored_export("c" * 64 + "/secon-practices-2026-01-02.xlsx", datetime.timedelta(hours=23))
    out = StringIO()

    call_command("clear_staged_uploads", stdout=out)

    assert out.getvalue() == (
        "Deleted 0 staged upload(s) older than 24 hours.\nDeleted 3 export file(s) older than a day.\n"
    )
    assert export_files() == [recent.removeprefix("exports/")]
    assert sorted(os.listdir(default_storage.path("exports"))) == ["c" * 64]  # no empty folders left
    call_command("clear_staged_uploads", stdout=(out := StringIO()))
    assert out.getvalue() == "Deleted 0 staged upload(s) older than 24 hours.\n"


def test_each_job_deletes_the_old_export_files_too(client, practices):
    stored_export("a" * 64 + "/secon-practices-2026-01-01.xlsx", datetime.timedelta(days=2))
    client.get(XLSX_URL)
    run_queued_tasks()
    [job] = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert job.return_value == "written; 1 old file(s) deleted"
    name = stored_name(client.get(XLSX_URL)["Location"])
    assert export_files() == [name.removeprefix("exports/")]


def test_without_exports_there_is_nothing_to_delete():
    assert export_jobs.delete_old_exports() == 0
