"""sitemap.xml: every public page, in every language of the portal, with its alternates.

Django's Sitemap lists every (item, language) pair in memory to paginate them, and finds the index's
Last-Modified by reading every item; at 100,000 practices in twelve languages that is over a million
pairs for each request. PortalSitemap asks the database for the count, the latest change and one
page of items instead, and reverses each item's address once per language on a page.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse

from events.models import Event
from practices.facet_counts import published_total
from practices.models import GoodPractice
from regions.models import PolicyInstrument, Region


class LanguagePairs:
    """The (item, language) pairs of Sitemap._items(), in its order, fetched one page of items at a time."""

    def __init__(self, items, languages, item_count):
        self.items, self.languages, self.item_count = items, languages, item_count

    def count(self):
        return self.item_count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, pairs):
        per_item = len(self.languages)
        first, last = pairs.start // per_item, -(-pairs.stop // per_item)
        page = [(item, language) for item in self.items[first:last] for language in self.languages]
        skipped = pairs.start - first * per_item
        return page[skipped : skipped + pairs.stop - pairs.start]


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 300  # addresses per sitemap page (25 items in 12 languages), each with its 13 alternates
    lastmod_field = None  # the field of lastmod(): the index's Last-Modified is its maximum

    def __init__(self):
        self._locations = {}

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return LanguagePairs(items, self._languages(), self.item_count)
        return super()._items()

    def item_count(self):
        return self.items().count()

    def _location(self, item, force_lang_code=None):
        """An item's address in a language, reversed once per request (every pair of the item asks for all)."""
        obj, language = item
        key = (getattr(obj, "pk", obj), force_lang_code or language)
        if key not in self._locations:
            self._locations[key] = super()._location(item, force_lang_code)
        return self._locations[key]

    def get_latest_lastmod(self):
        if self.lastmod_field is None:
            return None
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]


class PageSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return ["home", "practices:practice-list", "regions:region-list", "events:event-list", "impact", "about"]

    def location(self, item):
        return reverse(item)


class PracticeSitemap(PortalSitemap):
    priority = 1.0
    lastmod_field = "updated_at"

    def items(self):
        return GoodPractice.objects.published().order_by("pk").only("slug", "updated_at")

    def item_count(self):
        return published_total()

    def lastmod(self, practice):
        return practice.updated_at


class RegionSitemap(PortalSitemap):
    """The partner regions and the regions where practices are published."""

    def items(self):
        with_practices = Exists(GoodPractice.objects.published().filter(region=OuterRef("pk")))
        partner_regions = Region.objects.partner_regions()
        return Region.objects.filter(Q(pk__in=partner_regions) | with_practices).order_by("code").only("code")


class InstrumentSitemap(PortalSitemap):
    lastmod_field = "updated_at"

    def items(self):
        return PolicyInstrument.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, instrument):
        return instrument.updated_at


class EventSitemap(PortalSitemap):
    lastmod_field = "updated_at"

    def items(self):
        return Event.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "practices": PracticeSitemap,
    "regions": RegionSitemap,
    "instruments": InstrumentSitemap,
    "events": EventSitemap,
}
