"""Open data of the practices: the exports of any search (CSV, Excel) and a practice as JSON-LD.

The Atom feed of any search is practices.feeds.PracticeFeed.
"""

from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404

from practices import exports, linked_data
from practices.filters import PracticeFilterSet
from practices.models import GoodPractice


def _export(request, respond):
    """The rows of the list's search for this query string, given to `respond`; 400 for a text query that cannot run."""
    search = PracticeFilterSet.of_published(request.GET)
    if error := search.text_error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    return respond(exports.Rows(search.results(), request))


def export_csv(request):
    """The practices of the list's search as CSV (UTF-8 with a byte order mark), streamed row by row."""

    def respond(rows):
        response = StreamingHttpResponse(exports.csv_lines(rows), content_type=exports.CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{exports.filename("csv")}"'
        return response

    return _export(request, respond)


def export_xlsx(request):
    """The practices of the list's search as an Excel workbook, written to a temporary file and streamed from it."""

    def respond(rows):
        return FileResponse(
            exports.xlsx_file(rows),
            as_attachment=True,
            filename=exports.filename("xlsx"),
            content_type=exports.XLSX_CONTENT_TYPE,
        )

    return _export(request, respond)


def practice_jsonld(request, slug):
    """A published practice as schema.org JSON-LD: the document its page embeds. Anything else is a 404, for
    everybody: this is a public data address, not a page its editors read."""
    practices = linked_data.with_linked_data(GoodPractice.objects.published())
    practice = get_object_or_404(practices, slug=slug)
    document = linked_data.practice_document(practice, request)
    return HttpResponse(linked_data.to_json(document), content_type=linked_data.CONTENT_TYPE)
