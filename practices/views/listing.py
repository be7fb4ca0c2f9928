from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from practices.filters import PracticeFilterSet
from practices.models import GoodPractice
from secon_portal.paginators import CountedPaginator

PER_PAGE = 20
DID_YOU_MEAN = 3


def practice_list(request):
    """Search and browse published practices; every state of the page is a plain GET URL."""
    search = PracticeFilterSet.of_published(request.GET)
    results = search.results()
    counts = results.counts
    facets = search.facet_groups(counts)
    paginator = CountedPaginator(results.practices, PER_PAGE, total=counts.total)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("There is no such page of practices.")) from None
    suggestions = []
    if search.text and not counts.total:
        suggestions = GoodPractice.objects.published().similar_titles(search.text)[:DID_YOU_MEAN]
    return render(
        request,
        "practices/goodpractice_list.html",
        {
            "filter": search,
            "facets": facets,
            "active_filters": search.active_filters(facets),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "practices": results.cards(page.object_list),
            "did_you_mean": suggestions,
            "page_query": search.query_string(),
            # The address of this page as it was understood, for the links that return to it (language, log-in).
            "page_path": f"{request.path}?{search.query_string()}" if request.GET else request.path,
        },
    )
