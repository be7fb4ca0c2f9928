"""Template filters of every page."""

import datetime

from django import template

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
