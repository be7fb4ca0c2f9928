from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django_filters.views import FilterView

from practices.filters import PracticeFilterSet
from practices.models import GoodPractice

DID_YOU_MEAN = 3


class CountedPaginator(Paginator):
    """A paginator given its total, which the facet index has already counted."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self):
        return self._count


class PracticeListView(FilterView):
    """Search and browse published practices; every state of the page is a plain GET URL."""

    filterset_class = PracticeFilterSet
    queryset = GoodPractice.objects.select_related("region", "partner").prefetch_related("themes")
    template_name = "practices/goodpractice_list.html"
    context_object_name = "practices"
    paginate_by = 20
    strict = False  # an invalid value is reported and ignored, the other filters still apply

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, also without parameters: the list shows published practices only.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return CountedPaginator(
            queryset, per_page, count=self.filterset.facets.total, orphans=orphans, allow_empty_first_page=True
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        context["did_you_mean"] = self.suggestions() if filterset.text and not filterset.facets.total else []
        query = self.request.GET.copy()
        query.pop("page", None)
        context["page_query"] = query.urlencode()
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context

    def suggestions(self):
        """Published titles that look like the query, for a query that found nothing."""
        text = self.filterset.text
        return (
            GoodPractice.objects.published()
            .filter(title__trigram_word_similar=text)
            .annotate(similarity=TrigramWordSimilarity(text, "title"))
            .order_by("-similarity")[:DID_YOU_MEAN]
        )
