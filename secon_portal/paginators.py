"""Pages of long lists whose total the facet index has counted already, and how deep they go."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Pages go this deep and no deeper. A page's cost grows with its depth (the rows before it are read and
# skipped); past a few hundred pages nobody reads on, and the filters and the search narrow a list instead.
MAX_PAGES = 250


class CountedPaginator(Paginator):
    """A paginator given its total, which the facet index has counted already; it pages through MAX_PAGES
    pages at most (`total` keeps the whole count, `count` what the pages hold)."""

    def __init__(self, object_list, per_page, *, total):
        super().__init__(object_list, per_page)
        self.total = total

    @cached_property
    def count(self):
        return min(self.total, MAX_PAGES * self.per_page)

    @property
    def truncated(self):
        return self.total > self.count
