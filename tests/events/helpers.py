"""Dates for the events' tests, and reading the list of events."""

import datetime

from django.utils import timezone

from tests.factories import EventFactory

UTC = datetime.UTC


NEXT = timezone.now().year + 1


LAST = timezone.now().year - 1


LIST_URL = "/events/"


def utc(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


def card(doc, title):
    """The article of the event list whose heading is `title`."""
    [article] = [a for a in doc.find_all("article") if a.find("h3").text == title]
    return article


def facts(node):
    return list(zip(node.texts("dt"), node.texts("dd"), strict=True))


def titles(doc):
    return [h3.text for h3 in doc.find("main").find_all("h3")]


def filter_options(doc, name):
    select = doc.find("select", name=name)
    return [(option.attrs["value"], option.text) for option in select.find_all("option")]


def selected(doc, name):
    return [o.attrs["value"] for o in doc.find("select", name=name).find_all("option") if "selected" in o.attrs]


def many_events(count, **kwargs):
    for n in range(count):
        EventFactory(
            title=f"Meeting {n:02d}", start=utc(NEXT, 1, 1, 8) + datetime.timedelta(days=n), end=None, **kwargs
        )
