"""sitemap.xml: every public page, in every language of the portal, with its alternates."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from events.models import Event
from practices.models import GoodPractice
from regions.models import PolicyInstrument, Region


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # addresses per sitemap page, each with its alternates: pages stay small and quick


class PageSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return ["home", "practices:practice-list", "regions:region-list", "events:event-list", "about"]

    def location(self, item):
        return reverse(item)


class PracticeSitemap(PortalSitemap):
    priority = 1.0

    def items(self):
        return GoodPractice.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, practice):
        return practice.updated_at


class RegionSitemap(PortalSitemap):
    """The partner regions and the regions where practices are published."""

    def items(self):
        with_practices = Exists(GoodPractice.objects.published().filter(region=OuterRef("pk")))
        partner_regions = Region.objects.partner_regions()
        return Region.objects.filter(Q(pk__in=partner_regions) | with_practices).order_by("code").only("code")


class InstrumentSitemap(PortalSitemap):
    def items(self):
        return PolicyInstrument.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, instrument):
        return instrument.updated_at


class EventSitemap(PortalSitemap):
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
