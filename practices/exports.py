"""The practices of any search of the public list as a spreadsheet: CSV and Excel (XLSX), streamed.

The rows are the published practices that the list page shows for the same query string, in its order:
the same PracticeFilterSet gives them (results().practices). A text query gives the ranked ids of the
practices found, which are fetched a chunk at a time; any other gives a queryset, read a chunk at a time
through a server-side cursor. Each chunk fetches its themes and topics in one query each, so that an export
costs the same number of queries whatever its size, and no more than one chunk is ever in memory.

The columns (COLUMNS) have stable English names and English values, whatever the language of the address.
The contact person's details are filled in only where they agreed to be named publicly. Every text cell that
a spreadsheet would read as a formula is escaped (spreadsheet_safe), in both formats.

An Excel export of more than LARGE_EXPORT practices is not written in the request: the worker writes it to the
media storage and the request is redirected to it once it is there (practices/export_jobs.py).
"""

import csv
import datetime
import tempfile
from dataclasses import dataclass
from itertools import islice

from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from practices.choices import InstitutionType, PracticeType, TargetGroup
from practices.linked_data import iso_country
from practices.models import GoodPractice
from regions.models import Region

# Excel exports of more practices than this are written by the worker (practices/export_jobs.py): at 100,000
# practices a workbook takes about 19 s to write; at 2,000, well under a second.
LARGE_EXPORT = 2000
CHUNK_SIZE = 1000  # practices read from the database at once
LINES_PER_PIECE = 100  # CSV lines handed to the server at once
SEPARATOR = "; "  # between the values of a multi-valued field
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet reads as the start of a formula (or of a command, in some): such a text gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "id",
    "slug",
    "url",
    "title",
    "summary",
    "themes",
    "topics",
    "country_code",  # ISO 3166-1 alpha-2
    "region_code",  # NUTS 2024
    "region_name",
    "partner",
    "main_institution",
    "institution_type",
    "practice_type",
    "target_groups",
    "start_date",
    "end_date",
    "rural_focus",
    "budget_eur",
    "funding_source",
    "website",
    "original_language",
    "title_original",
    "summary_original",
    "published_date",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# What a row reads of a practice, its region and its partner (no long texts, no search vectors).
FIELDS = (
    "id",
    "slug",
    "title",
    "summary",
    "region",
    *(f"region__{name}" for name in Region.NAME_FIELDS),
    "partner__name",
    "main_institution",
    "institution_type",
    "practice_type",
    "target_groups",
    "start_date",
    "end_date",
    "rural_focus",
    "budget_eur",
    "funding_source",
    "website",
    "original_language",
    "title_original",
    "summary_original",
    "published_at",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_consent",
)
# The fields whose values are choices, exported by their English labels.
CHOICES = (("institution_type", InstitutionType), ("practice_type", PracticeType), ("target_groups", TargetGroup))


def spreadsheet_safe(value):
    """`value`, with a leading quote when it is a text that a spreadsheet would run as a formula
    (OWASP's advice against CSV injection). The one escaping of both formats."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def filename(extension, day=None):
    """The name under which an export is downloaded: of `day`, today by default."""
    return f"secon-practices-{(day or timezone.localdate()).isoformat()}.{extension}"


def batched(items, size):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def chunks_of(results):
    """The practices of `results` (PracticeFilterSet.results()) in order, as dicts of FIELDS, CHUNK_SIZE at a time."""
    found = results.practices
    if isinstance(found, list):  # the ranked ids of a text search
        published = GoodPractice.objects.published()
        for ids in batched(found, CHUNK_SIZE):
            chunk = {practice["id"]: practice for practice in published.filter(pk__in=ids).values(*FIELDS)}
            yield [chunk[pk] for pk in ids if pk in chunk]  # one unpublished meanwhile is left out
    else:  # the list's queryset, filtered and ordered, read through a server-side cursor
        yield from batched(found.prefetch_related(None).values(*FIELDS).iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE)


def taxonomy_names(ids):
    """{practice id: ([theme names], [topic names])} of the practices `ids`, in the taxonomies' orders: two queries
    for a chunk (the rows are dicts, so Django's prefetch_related cannot do it, and need no model instances)."""
    names = {pk: ([], []) for pk in ids}
    themes = GoodPractice.themes.through.objects.filter(goodpractice_id__in=ids)
    for pk, name in themes.order_by("theme__order", "theme__name").values_list("goodpractice_id", "theme__name"):
        names[pk][0].append(name)
    topics = GoodPractice.topics.through.objects.filter(goodpractice_id__in=ids)
    for pk, name in topics.order_by("topic__name").values_list("goodpractice_id", "topic__name"):
        names[pk][1].append(name)
    return names


@dataclass
class Rows:
    """The header and the rows of an export: plain Python values (dates, numbers, booleans, texts), in English.

    `origin` is the scheme and host that the practices' addresses start with ("https://example.org"): the
    request's in a request, settings.PORTAL_URL in the worker."""

    results: object
    origin: str

    def header(self):
        return list(COLUMNS)

    def __iter__(self):
        origin = self.origin.removesuffix("/")
        with translation.override("en"):
            labels = {field: {value: str(label) for value, label in choices.choices} for field, choices in CHOICES}
        regions = {}  # region id: (ISO country code, NUTS code, name), each computed once
        for chunk in chunks_of(self.results):
            names = taxonomy_names([practice["id"] for practice in chunk])
            with translation.override("en"):  # not around the yield: the server may write the rows elsewhere
                rows = [self.row(practice, names, labels, regions, origin) for practice in chunk]
            yield from rows

    @staticmethod
    def row(practice, names, labels, regions, origin):
        region_id = practice["region"]
        if region_id and region_id not in regions:
            region = Region(**{name: practice[f"region__{name}"] for name in Region.NAME_FIELDS})
            regions[region_id] = (iso_country(region.country), region.code, region.display_name)
        country, region_code, region_name = regions.get(region_id, ("", "", ""))
        themes, topics = names[practice["id"]]
        consented = practice["contact_consent"]
        published_at = practice["published_at"]
        return [
            practice["id"],
            practice["slug"],
            origin + reverse("practices:practice-detail", args=[practice["slug"]]),
            practice["title"],
            practice["summary"],
            SEPARATOR.join(themes),
            SEPARATOR.join(topics),
            country,
            region_code,
            region_name,
            practice["partner__name"],
            practice["main_institution"],
            labels["institution_type"].get(practice["institution_type"], ""),
            labels["practice_type"].get(practice["practice_type"], ""),
            SEPARATOR.join(
                labels["target_groups"][group]
                for group in practice["target_groups"]
                if group in labels["target_groups"]
            ),
            practice["start_date"],
            practice["end_date"],
            practice["rural_focus"],
            practice["budget_eur"],
            practice["funding_source"],
            practice["website"],
            practice["original_language"],
            practice["title_original"],
            practice["summary_original"],
            timezone.localdate(published_at) if published_at else None,
            practice["contact_name"] if consented else "",
            practice["contact_email"] if consented else "",
            practice["contact_phone"] if consented else "",
        ]


# -- CSV -----------------------------------------------------------------------------------------------------------
class _Line:
    """A file-like object whose write() gives back what it was given: csv.writer then formats one line at a time."""

    def write(self, value):
        return value


def csv_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return spreadsheet_safe(str(value))


def csv_lines(rows):
    """The CSV file in pieces of LINES_PER_PIECE lines: a byte order mark (so that spreadsheets read UTF-8),
    the header, the rows."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([csv_text(name) for name in rows.header()])
    for piece in batched(rows, LINES_PER_PIECE):
        yield "".join(writer.writerow([csv_text(value) for value in row]) for row in piece)


# -- XLSX ----------------------------------------------------------------------------------------------------------
def xlsx_value(value):
    if isinstance(value, str):
        return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))  # control characters have no place in XLSX
    return value


def write_xlsx(rows, file):
    """Write the workbook to `file` (a binary file open for writing, or a path): openpyxl's write-only mode
    writes each row to disk as it comes, so that memory holds a row at a time."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Practices")
    sheet.freeze_panes = "A2"
    sheet.append(rows.header())
    for row in rows:
        sheet.append([xlsx_value(value) for value in row])
    workbook.save(file)


def xlsx_file(rows):
    """The workbook in a temporary file, at its start. The file is deleted when it is closed."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse streams it, then closes it)
    try:
        write_xlsx(rows, file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file
