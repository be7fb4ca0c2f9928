"""Open data of the practices: the exports of any search (CSV, Excel) and a practice as JSON-LD.

The Atom feed of any search is practices.feeds.PracticeFeed.
"""

from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from practices import export_jobs, exports, linked_data
from practices.filters import PracticeFilterSet
from practices.models import GoodPractice
from secon_portal.unavailable import CACHE_ERRORS, log_outage


def _origin(request):
    return request.build_absolute_uri("/").removesuffix("/")


def _search(request):
    """(the list's search for this query string, None), or (None, a 400 answer) for a text query that cannot run."""
    search = PracticeFilterSet.of_published(request.GET)
    if error := search.text_error:
        return None, HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    return search, None


def export_csv(request):
    """The practices of the list's search as CSV (UTF-8 with a byte order mark), streamed row by row."""
    search, bad_request = _search(request)
    if bad_request:
        return bad_request
    rows = exports.Rows(search.results(), _origin(request))
    response = StreamingHttpResponse(exports.csv_lines(rows), content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename("csv")}"'
    return response


def export_xlsx(request):
    """The practices of the list's search as an Excel workbook. Up to exports.LARGE_EXPORT practices, written to a
    temporary file and streamed from it; more, written by the worker (practices/export_jobs.py)."""
    search, bad_request = _search(request)
    if bad_request:
        return bad_request
    results = search.results()
    total = results.counts.total
    if total > exports.LARGE_EXPORT and (response := _large_export(request, search, total)):
        return response
    return FileResponse(
        exports.xlsx_file(exports.Rows(results, _origin(request))),
        as_attachment=True,
        filename=exports.filename("xlsx"),
        content_type=exports.XLSX_CONTENT_TYPE,
    )


def _large_export(request, search, total):
    """A redirect to the file of this export when the worker has written it; else the page that says it is being
    written (202), the job enqueued once. None with the cache out of reach: the request writes it then."""
    try:
        export = export_jobs.LargeExport.of(search, request.LANGUAGE_CODE)
        ready = export.is_ready()
        if not ready:
            export.enqueue_once()
    except CACHE_ERRORS as error:
        log_outage("A large export could not be handed to the worker", error)
        return None
    if ready:
        response = redirect(export.url())
    else:
        query = f"?{search.query_string()}".removesuffix("?")
        context = {
            "total": total,
            "download_url": reverse("practices:practice-export-xlsx") + query,
            "search_url": reverse("practices:practice-list") + query,
        }
        response = TemplateResponse(request, "practices/export_pending.html", context, status=202)
        response["Retry-After"] = export_jobs.RETRY_AFTER_SECONDS  # for programs: when to ask again
    patch_cache_control(response, no_store=True)  # the answer changes with the data, and once the file is written
    return response


def practice_jsonld(request, slug):
    """A published practice as schema.org JSON-LD: the document its page embeds. Anything else is a 404, for
    everybody: this is a public data address, not a page its editors read."""
    practices = linked_data.with_linked_data(GoodPractice.objects.published())
    practice = get_object_or_404(practices, slug=slug)
    document = linked_data.practice_document(practice, request)
    return HttpResponse(linked_data.to_json(document), content_type=linked_data.CONTENT_TYPE)
