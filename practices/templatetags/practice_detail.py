"""Filters and tags of the practice page: amounts, numbers, file types, schema.org JSON-LD, Open Graph."""

import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe

from secon_portal import formats

register = template.Library()

# og:locale wants language_TERRITORY; the territory where each interface language is mostly read in SECON.
OG_LOCALES = {
    "en": "en_GB",
    "de": "de_DE",
    "el": "el_GR",
    "nl": "nl_BE",
    "fr": "fr_BE",
    "ro": "ro_RO",
    "hu": "hu_HU",
    "pl": "pl_PL",
    "pt": "pt_PT",
    "lv": "lv_LV",
    "es": "es_ES",
    "bg": "bg_BG",
}

# NUTS country codes that differ from ISO 3166-1 (schema.org's addressCountry wants ISO).
ISO_COUNTRY = {"EL": "GR", "UK": "GB"}

# As django.utils.html.json_script: the JSON cannot end the <script> element or open a comment in it.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


register.filter("number", formats.number)
register.filter("eur", formats.eur)


@register.filter
def tel_href(phone):
    """A telephone number for a tel: link: only the leading + and the digits."""
    phone = (phone or "").strip()
    return ("+" if phone.startswith("+") else "") + re.sub(r"\D", "", phone)


@register.simple_tag
def og_locale():
    return OG_LOCALES.get(formats.language(), formats.language())


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` (a path) as an absolute URL of this site."""
    return context["request"].build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def practice_json_ld(context, practice):
    """The practice as schema.org JSON-LD in a data block, escaped so that it cannot break out of the element."""
    data = practice_schema(practice, context["request"])
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # escaped above


def practice_schema(practice, request):
    """A schema.org CreativeWork describing `practice` (with what GoodPractice.objects.with_page_details() loads)."""
    absolute = request.build_absolute_uri
    url = absolute(practice.get_absolute_url())
    list_url = reverse("practices:practice-list")
    partner = {"@type": "Organization", "name": practice.partner.name}
    if practice.partner.website:
        partner["url"] = practice.partner.website
    data = {
        "@context": "https://schema.org",
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
                "addressCountry": ISO_COUNTRY.get(region.country, region.country),
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
