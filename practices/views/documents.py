"""A published practice as documents: the A4 PDF sheet, and the fields of the Interreg Europe good-practice form
as a page to copy from and as a Word document.

Public and for published practices only: anything else is a 404 for everybody, its editors too (they read their
drafts on the practice page). Anonymous answers set no cookie, so the shared page cache keeps them.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from practices import interreg, sheets
from practices.models import GoodPractice


def get_published_practice(slug, practices=None):
    """The published practice with `slug` from `practices` (by default with everything its page shows); 404 for
    any other."""
    practices = GoodPractice.objects.with_page_details() if practices is None else practices
    return get_object_or_404(practices.published(), slug=slug)


def _for_interreg():
    """What the Interreg Europe fields read (practices/interreg.py), and no more."""
    practices = GoodPractice.objects.select_related("region__parent", "partner")
    return practices.prefetch_related("themes", "topics", "results")


def _inline(content, content_type, filename, disposition="inline"):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'  # a slug: ASCII, no quotes
    return response


def practice_pdf(request, slug):
    """The practice's A4 sheet as a PDF, shown by the browser."""
    practice = get_published_practice(slug)
    return _inline(sheets.render_sheet(practice, request), sheets.CONTENT_TYPE, f"{practice.slug}.pdf")


def _page_url(request, practice):
    """The address of the practice's page in English: the language of the Interreg Europe form."""
    with translation.override("en"):
        return request.build_absolute_uri(practice.get_absolute_url())


def practice_interreg(request, slug):
    """The practice in the fields of the Interreg Europe form, in its order, with each field's length."""
    practice = get_published_practice(slug, _for_interreg())
    return render(
        request,
        "practices/interreg.html",
        {"practice": practice, "fields": interreg.filled_fields(practice, _page_url(request, practice))},
    )


def practice_interreg_docx(request, slug):
    """The same fields as a Word document, downloaded."""
    practice = get_published_practice(slug, _for_interreg())
    content = interreg.docx_bytes(practice, _page_url(request, practice))
    return _inline(content, interreg.DOCX_CONTENT_TYPE, f"{practice.slug}-interreg.docx", "attachment")
