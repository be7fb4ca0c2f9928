"""A practice as schema.org linked data (JSON-LD): one document for the practice page and for /practices/<slug>.jsonld.

The context is written out in the document (schema.org as the vocabulary, and the properties whose values are
addresses), so that a JSON-LD processor reads it without fetching https://schema.org. It holds no personal data:
the contact person is never in it, consent or not.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

CONTEXT = {
    "@vocab": "https://schema.org/",
    "url": {"@type": "@id"},
    "sameAs": {"@type": "@id"},
    "contentUrl": {"@type": "@id"},
}
CONTENT_TYPE = "application/ld+json"

# NUTS country codes that differ from ISO 3166-1 (schema.org's addressCountry wants ISO).
ISO_COUNTRY = {"EL": "GR", "UK": "GB"}


def iso_country(code):
    """The ISO 3166-1 alpha-2 code of a NUTS country code (EL -> GR); empty for none."""
    return ISO_COUNTRY.get(code, code or "")


def with_linked_data(practices):
    """`practices` (a GoodPractice queryset) with what practice_document() reads, in a fixed number of queries."""
    return practices.select_related("region", "partner").prefetch_related("themes", "topics", "images")


def practice_document(practice, request):
    """A schema.org CreativeWork describing `practice`; absolute addresses from `request`.

    `practice` comes with its region, partner, themes, topics and images loaded (with_linked_data(), or
    GoodPractice.objects.with_page_details()).
    """
    absolute = request.build_absolute_uri
    url = absolute(practice.get_absolute_url())
    list_url = reverse("practices:practice-list")
    partner = {"@type": "Organization", "name": practice.partner.name}
    if practice.partner.website:
        partner["url"] = practice.partner.website
    data = {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": practice.title,
        "description": practice.summary,
        "inLanguage": "en",  # practices are written in English (DESIGN.md section 7)
        "dateCreated": practice.created_at,
        "dateModified": practice.updated_at,
        "author": partner,
        "publisher": partner,
        "about": [
            {"@type": "DefinedTerm", "name": theme.label, "url": absolute(f"{list_url}?theme={theme.slug}")}
            for theme in practice.themes.all()
        ],
        "keywords": [topic.label for topic in practice.topics.all()],
        "audience": [{"@type": "Audience", "audienceType": str(label)} for label in practice.target_group_labels()],
    }
    if practice.published_at:
        data["datePublished"] = practice.published_at
    if practice.region:
        region = practice.region
        data["spatialCoverage"] = {
            "@type": "Place",
            "name": f"{region.display_name}, {region.country_name}",
            "identifier": region.code,
            "address": {
                "@type": "PostalAddress",
                "addressRegion": region.display_name,
                "addressCountry": iso_country(region.country),
            },
        }
    if practice.start_date:
        end = practice.end_date.isoformat() if practice.end_date else ".."
        data["temporalCoverage"] = f"{practice.start_date.isoformat()}/{end}"
    images = [
        {
            "@type": "ImageObject",
            "contentUrl": absolute(image.image.url),
            "description": image.alt_text,
            **({"caption": image.caption} if image.caption else {}),
            **({"creditText": image.credit} if image.credit else {}),
        }
        for image in practice.images.all()
    ]
    if images:
        data["image"] = images
    if practice.title_original:
        original = {"@type": "CreativeWork", "name": practice.title_original}
        if practice.original_language_tag:
            original["inLanguage"] = practice.original_language_tag
        if practice.summary_original:
            original["description"] = practice.summary_original
        data["translationOfWork"] = original
    if practice.website:
        data["sameAs"] = practice.website
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def to_json(document, indent=1):
    """The document as JSON text (dates in ISO 8601), UTF-8 characters as they are."""
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=indent)
