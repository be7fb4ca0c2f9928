"""The Atom feed of the newest published practices, of all or of any search of the public list.

The query string is the list's (/practices/feed.atom?theme=access&q=cooperative): the same PracticeFilterSet
finds the practices, and the feed gives the newest of them first, whatever the list's sort order. It is in the
language of its address (/de/practices/feed.atom): titles, categories and links.
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext

from practices.facets import FACETS
from practices.filters import PracticeFilterSet

MAX_ITEMS = 50
NEWEST = ("-published_at", "-id")


def describe_filters(search):
    """The facet values chosen in `search` (a PracticeFilterSet), as the list's filter chips name them, facet by
    facet: "Theme: Access to procurement and finance; Country: Germany, Poland"."""
    selection = search.selection
    parts = []
    for name, values in selection.items():
        known = dict(FACETS[name].choices(selection))
        parts.append(f"{FACETS[name].label}: {', '.join(known.get(value, value) for value in values)}")
    return "; ".join(parts)


def with_query(path, search):
    query = search.query_string()  # as understood: valid values only, each once
    return f"{path}?{query}" if query else path


class PracticeFeed(Feed):
    feed_type = Atom1Feed
    author_name = "SECON"

    def __call__(self, request, *args, **kwargs):
        search = PracticeFilterSet.of_published(request.GET)
        if error := search.text_error:
            return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
        return super().__call__(request, search=search)

    def get_object(self, request, search=None):
        return search

    def title(self, search):
        text, filters = search.text, describe_filters(search)
        if text and filters:
            title = gettext("“%(query)s” in good practices (%(filters)s)") % {"query": text, "filters": filters}
        elif text:
            title = gettext("“%(query)s” in good practices") % {"query": text}
        elif filters:
            title = gettext("Good practices (%(filters)s)") % {"filters": filters}
        else:
            title = gettext("Latest good practices")
        return f"{title} | SECON"

    def link(self, search):
        return with_query(reverse("practices:practice-list"), search)

    def feed_url(self, search):
        return with_query(reverse("practices:practice-feed"), search)

    def items(self, search):
        # The FilterSet's own queryset (text and facets), newest first: the feed needs the 50 newest, not a ranking.
        practices = search.qs.order_by(*NEWEST)
        return practices.select_related("partner").prefetch_related("themes")[:MAX_ITEMS]

    def item_title(self, practice):
        return practice.title  # Atom's title is text: the feed writer escapes it

    def item_description(self, practice):
        return escape(practice.summary) or None  # Atom's summary is HTML here (Django writes type="html")

    def item_pubdate(self, practice):
        return practice.published_at

    def item_updateddate(self, practice):
        return practice.updated_at

    def item_categories(self, practice):
        return [theme.label for theme in practice.themes.all()]

    def item_author_name(self, practice):
        return practice.partner.name

    def item_author_link(self, practice):
        return practice.partner.website or None
