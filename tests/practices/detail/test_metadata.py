"""What a practice's page tells search engines and sharing: JSON-LD and Open Graph."""

import datetime
import json

import pytest
from django.utils import timezone, translation

from practices.models import (
    PracticeImage,
)
from tests.factories import (
    RegionFactory,
)
from tests.practices.detail.helpers import (
    json_ld,
    meta_properties,
    page_of,
)

pytestmark = pytest.mark.django_db


def test_json_ld_describes_the_practice(client, practice):
    PracticeImage.objects.create(
        practice=practice,
        image="practices/images/shop.jpg",
        thumbnail="practices/thumbnails/shop.jpg",
        alt_text="The shop",
        caption="The counter",
        credit="Jana Foto",
    )
    practice.refresh_from_db()
    page = page_of(client, practice)
    data = json_ld(page)
    url = "http://testserver/practices/village-shop/"
    partner = {"@type": "Organization", "name": "Rhine-Neckar Regional Association", "url": "https://www.m-r-n.com/"}
    assert data == {
        # schema.org as the vocabulary, written out: a JSON-LD processor needs to fetch nothing to read it.
        "@context": {
            "@vocab": "https://schema.org/",
            "url": {"@type": "@id"},
            "sameAs": {"@type": "@id"},
            "contentUrl": {"@type": "@id"},
        },
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": "Village shop run by a cooperative",
        "description": "Villagers own the shop together.",
        "inLanguage": "en",
        "dateCreated": practice.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "dateModified": practice.updated_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "datePublished": "2025-01-15T12:00:00Z",
        "author": partner,
        "publisher": partner,
        "about": [
            {
                "@type": "DefinedTerm",
                "name": "Awareness of the social economy",
                "url": "http://testserver/practices/?theme=awareness",
            },
            {
                "@type": "DefinedTerm",
                "name": "Strengthening social enterprises",
                "url": "http://testserver/practices/?theme=strengthening",
            },
        ],
        "keywords": ["Cooperatives"],
        "audience": [
            {"@type": "Audience", "audienceType": "Consumers"},
            {"@type": "Audience", "audienceType": "Rural communities and farmers"},
        ],
        "spatialCoverage": {
            "@type": "Place",
            "name": "Rhein-Neckar-Kreis, Germany",
            "identifier": "DE128",
            "address": {"@type": "PostalAddress", "addressRegion": "Rhein-Neckar-Kreis", "addressCountry": "DE"},
        },
        "temporalCoverage": "2019-03-01/..",
        "image": [
            {
                "@type": "ImageObject",
                "contentUrl": "http://testserver/media/practices/images/shop.jpg",
                "description": "The shop",
                "caption": "The counter",
                "creditText": "Jana Foto",
            }
        ],
        "translationOfWork": {
            "@type": "CreativeWork",
            "name": "Dorfladen als Genossenschaft",
            "inLanguage": "de",
            "description": "Die Dorfbewohner besitzen den Laden gemeinsam.",
        },
        "sameAs": "https://dorfladen.example.org/",
    }
    assert "anna" not in json.dumps(data).lower()  # no personal data without consent (nor with it)


def test_json_ld_uses_iso_country_codes_and_an_end_date(client, practice):
    practice.region = RegionFactory(code="EL652", name="Arkadia", country="EL")
    practice.end_date = datetime.date(2023, 12, 31)
    practice.save()
    data = json_ld(page_of(client, practice))
    assert data["spatialCoverage"]["address"]["addressCountry"] == "GR"
    assert data["temporalCoverage"] == "2019-03-01/2023-12-31"


def test_open_graph_tags(client, practice):
    PracticeImage.objects.create(
        practice=practice, image="practices/images/shop.jpg", thumbnail="practices/thumbnails/s.jpg", alt_text="Shop"
    )
    page = page_of(client, practice)
    assert meta_properties(page) == {
        "og:type": "article",
        "og:site_name": "SECON good-practice portal",
        "og:title": "Village shop run by a cooperative",
        "og:description": "Villagers own the shop together.",
        "og:url": "http://testserver/practices/village-shop/",
        "og:locale": "en_GB",
        "og:image": "http://testserver/media/practices/images/shop.jpg",
        "og:image:alt": "Shop",
        "article:published_time": "2025-01-15T13:00:00+01:00",
        "article:modified_time": timezone.localtime(practice.updated_at).replace(microsecond=0).isoformat(),
    }
    assert '<link rel="canonical" href="http://testserver/practices/village-shop/">' in page
    assert 'name="robots"' not in page


def test_open_graph_without_an_image_and_in_german(client, practice):
    with translation.override("de"):
        url = practice.get_absolute_url()
    tags = meta_properties(client.get(url).content.decode())
    assert "og:image" not in tags
    assert tags["og:locale"] == "de_DE"
    assert tags["og:url"] == "http://testserver/de/practices/village-shop/"
