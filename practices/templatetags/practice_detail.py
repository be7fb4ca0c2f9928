"""Filters and tags of the practice page: amounts, numbers, file types, schema.org JSON-LD, Open Graph."""

import json
import posixpath
import re
from decimal import Decimal, InvalidOperation

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Where the euro sign goes, by language (CLDR): before the amount in English and Dutch, after it elsewhere.
EURO_PATTERNS = {"en": "€{amount}", "nl": "€\u00a0{amount}", "ga": "€{amount}", "mt": "€{amount}"}
EURO_PATTERN_DEFAULT = "{amount}\u00a0€"

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


def _language():
    return (get_language() or "en").split("-")[0]


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _significant_places(value, most=2):
    """Decimal places worth showing: 12.00 -> 0, 12.50 -> 1, 12.25 -> 2."""
    exponent = value.normalize().as_tuple().exponent
    return min(max(-exponent, 0), most) if isinstance(exponent, int) else 0


@register.filter
def number(value):
    """A number in the visitor's locale, grouped, without trailing zeros: 12500.50 -> "12,500.5" in English."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return formats.number_format(amount, _significant_places(amount), use_l10n=True, force_grouping=True)


@register.filter
def eur(value):
    """An amount in euros in the visitor's locale: "€12,500" in English, "12.500 €" in German; cents only if any."""
    amount = _decimal(value)
    if amount is None:
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    formatted = formats.number_format(amount, places, use_l10n=True, force_grouping=True)
    return EURO_PATTERNS.get(_language(), EURO_PATTERN_DEFAULT).format(amount=formatted)


@register.filter
def file_type(file):
    """The type of a file from its name, as people call it: "PDF"."""
    name = getattr(file, "name", file) or ""
    return posixpath.splitext(name)[1].lstrip(".").upper()


@register.filter
def tel_href(phone):
    """A telephone number for a tel: link: only the leading + and the digits."""
    phone = (phone or "").strip()
    return ("+" if phone.startswith("+") else "") + re.sub(r"\D", "", phone)


@register.simple_tag
def og_locale():
    return OG_LOCALES.get(_language(), _language())


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
            "name": f"{region.display_name}, {region.get_country_display()}",
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
