import re

import pytest
from django.conf import settings
from django.utils import timezone

from practices.models import State
from tests.factories import EventFactory, GoodPracticeFactory, PartnerFactory, PolicyInstrumentFactory, RegionFactory

pytestmark = pytest.mark.django_db


def locations(content):
    return re.findall(r"<loc>(.*?)</loc>", content)


def test_the_sitemap_index_lists_every_section(client):
    content = client.get("/sitemap.xml").content.decode()
    assert locations(content) == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ("pages", "practices", "regions", "instruments", "events")
    ]


def test_practices_appear_in_every_language_with_alternates_and_drafts_do_not(client):
    practice = GoodPracticeFactory(published=True, title="Village shop")
    GoodPracticeFactory(title="Draft practice")
    GoodPracticeFactory(title="Submitted practice", state=State.SUBMITTED)
    content = client.get("/sitemap-practices.xml").content.decode()
    assert locations(content) == ["http://testserver/practices/village-shop/"] + [
        f"http://testserver/{code}/practices/village-shop/" for code, _name in settings.LANGUAGES[1:]
    ]
    for code, _name in settings.LANGUAGES[1:]:
        alternate = (
            f'<xhtml:link rel="alternate" hreflang="{code}" href="http://testserver/{code}/practices/village-shop/"/>'
        )
        assert content.count(alternate) == len(settings.LANGUAGES)  # on each language's entry
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/practices/village-shop/"/>' in (
        content
    )
    assert f"<lastmod>{timezone.localdate(practice.updated_at).isoformat()}</lastmod>" in content


def test_regions_are_the_partner_regions_and_those_with_published_practices(client):
    PartnerFactory(region=RegionFactory(code="EL65"))
    GoodPracticeFactory(published=True, region=RegionFactory(code="FR101"), partner=PartnerFactory())
    RegionFactory(code="IT111")
    urls = locations(client.get("/sitemap-regions.xml").content.decode())
    english = [url for url in urls if "/de/" not in url]
    assert "http://testserver/regions/EL65/" in english
    assert "http://testserver/regions/FR101/" in english
    assert "http://testserver/regions/IT111/" not in english


def test_pages_instruments_and_events(client):
    instrument = PolicyInstrumentFactory(slug="rural-programme")
    event = EventFactory(slug="meeting-in-tripoli")
    pages = locations(client.get("/sitemap-pages.xml").content.decode())
    assert pages[:: len(settings.LANGUAGES)] == [  # each in English, then in the other languages
        "http://testserver/",
        "http://testserver/practices/",
        "http://testserver/regions/",
        "http://testserver/events/",
        "http://testserver/impact/",
        "http://testserver/about/",
    ]
    assert locations(client.get("/sitemap-instruments.xml").content.decode())[0] == (
        "http://testserver" + instrument.get_absolute_url()
    )
    assert locations(client.get("/sitemap-events.xml").content.decode())[0] == (
        "http://testserver" + event.get_absolute_url()
    )


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_pages_of_the_sitemap_hold_the_pairs_django_would_list_and_the_index_counts_them(client, monkeypatch):
    """PortalSitemap fetches one page of items; the pages, their order and the index are Django's own."""
    from django.contrib.sitemaps import Sitemap

    from secon_portal.sitemaps import PracticeSitemap

    practices = [GoodPracticeFactory(published=True, title=f"Practice {number}") for number in range(7)]
    monkeypatch.setattr(PracticeSitemap, "limit", 5)  # 84 pairs of 7 practices in 12 languages: 17 pages
    expected = Sitemap._items(PracticeSitemap())
    assert len(expected) == 7 * len(settings.LANGUAGES)
    sitemap = PracticeSitemap()
    assert sitemap.paginator.num_pages == 17
    pages = [list(sitemap.paginator.page(number).object_list) for number in range(1, 18)]
    assert [pair for page in pages for pair in page] == expected
    index = locations(client.get("/sitemap.xml").content.decode())
    assert index.count("http://testserver/sitemap-practices.xml?p=17") == 1
    assert "http://testserver/sitemap-practices.xml?p=18" not in index
    last = client.get("/sitemap-practices.xml?p=17").content.decode()
    assert (
        locations(last)
        == [  # pairs 81-84: the last practice in the last four languages
            f"http://testserver/{code}/practices/{practices[-1].slug}/" for code, _name in settings.LANGUAGES[-4:]
        ]
    )
    assert sitemap.get_latest_lastmod() == max(practice.updated_at for practice in practices)


@pytest.mark.parametrize("sections", [None, ("practices", "events")])
def test_the_index_says_what_djangos_own_index_would(rf, monkeypatch, sections):
    """The portal writes the index without Django's template; entries, lastmod and headers stay Django's."""
    import xml.etree.ElementTree as ET

    from django.contrib.sitemaps.views import index

    from secon_portal.sitemaps import SITEMAPS, PracticeSitemap
    from secon_portal.views.sitemaps import sitemap_index

    for number in range(3):
        GoodPracticeFactory(published=True, title=f"Practice {number}")
    EventFactory()
    PolicyInstrumentFactory()
    monkeypatch.setattr(PracticeSitemap, "limit", 12)  # 3 practices in 12 languages: 3 pages
    sitemaps = {name: SITEMAPS[name] for name in sections} if sections else SITEMAPS

    def entries(response):
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        root = ET.fromstring(response.content)
        return [
            (e.findtext("s:loc", namespaces=namespace), e.findtext("s:lastmod", namespaces=namespace)) for e in root
        ]

    ours = sitemap_index(rf.get("/sitemap.xml"), sitemaps=sitemaps)
    django_own = index(rf.get("/sitemap.xml"), sitemaps=sitemaps).render()
    assert entries(ours) == entries(django_own)
    assert len([loc for loc, _lastmod in entries(ours) if "sitemap-practices" in loc]) == 3
    for header in ("Content-Type", "X-Robots-Tag", "Last-Modified"):
        assert ours.get(header) == django_own.get(header), header
    assert ("Last-Modified" in ours) == bool(sections)
