"""Template filters of every page."""

import datetime

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.filter(expects_localtime=True)
def isotime(value):
    """A date or time for a <time datetime> attribute: ISO 8601 to the second, in the zone of the page.

    The "c" format of Django's date filter gives microseconds, which HTML's valid time strings allow only up
    to milliseconds: the Nu HTML checker refuses them.
    """
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in every language of the portal, for <link rel="alternate" hreflang>: [(code, absolute URL)],
    English (the default, x-default) first. The address keeps the list's query as understood (page_path)."""
    request = context.get("request")
    if request is None:
        return []
    path = context.get("page_path") or request.path
    return [(code, request.build_absolute_uri(translate_url(path, code))) for code, _name in settings.LANGUAGES]
