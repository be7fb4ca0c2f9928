"""Filters and tags of the practice page: amounts, numbers, file types, schema.org JSON-LD, Open Graph."""

import re

from django import template
from django.utils.safestring import mark_safe

from practices import linked_data
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
    """The practice as schema.org JSON-LD (practices/linked_data.py) in a data block, escaped so that it cannot break
    out of the element."""
    text = linked_data.to_json(linked_data.practice_document(practice, context["request"]))
    return mark_safe(f'<script type="application/ld+json">{text.translate(JSON_SCRIPT_ESCAPES)}</script>')  # escaped
