"""The map of a search of the practice list: the same query string, the regions coloured by their practices."""

from django.shortcuts import render

from practices import maps
from practices.filters import PracticeFilterSet


def practice_map(request):
    """The published practices matching the list's filters, by region (practices/maps.py), with the facets to
    change the filters, a table of the same numbers, and the way back to the list."""
    search = PracticeFilterSet.of_published(request.GET)
    text_ids = None
    if search.text:
        text_ids = list(search.queryset.search(search.text).values_list("pk", flat=True))
    practice_map = maps.practice_map(search, text_ids)
    facets = search.facet_groups(practice_map.counts)
    return render(
        request,
        "practices/map.html",
        {
            "filter": search,
            "facets": facets,
            "active_filters": search.active_filters(facets),
            "total": practice_map.counts.total,
            "practice_map": practice_map,
            "page_query": search.query_string(),
            "page_path": f"{request.path}?{search.query_string()}" if request.GET else request.path,
        },
    )
