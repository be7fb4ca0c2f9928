"""The Atom feed of the upcoming events (events/feeds.py)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import feeds
from tests.events.helpers import NEXT
from tests.factories import EventFactory, EventTypeFactory, PartnerFactory, theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ATOM = "{http://www.w3.org/2005/Atom}"
URL = "/events/feed.atom"


def atom(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def entries(feed):
    return {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}


def test_the_address():
    assert reverse("events:event-feed") == URL


def test_the_upcoming_events_soonest_first(client, events):
    feed = atom(client.get(URL))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{ATOM}title") == "Upcoming events | SECON"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": "http://testserver/events/", "self": "http://testserver/events/feed.atom"}
    # Past and undated events are not upcoming; a cancelled one stays, marked as such.
    assert list(entries(feed)) == [
        "Interregional workshop on visibility",
        "Cancelled: Meeting in Portugal",
        "Study visit to Extremadura",
    ]


def test_an_entry(client, events):
    events.workshop.summary = "Partners show how they make the <social economy> visible."
    events.workshop.venue = "Town hall"
    events.workshop.save()
    entry = entries(atom(client.get(URL)))["Interregional workshop on visibility"]
    url = "http://testserver/events/interregional-workshop/"
    assert entry.find(f"{ATOM}link").attrib == {"href": url, "rel": "alternate"}
    assert entry.findtext(f"{ATOM}id") == url
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == events.workshop.created_at
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == events.workshop.updated_at
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # 08:00 UTC is 10:00 in Sofia in March; the summary is HTML, its texts escaped.
    assert summary.text == (
        f"<p>March 10, {NEXT}, 10 a.m. – 4 p.m. (local time, Europe/Sofia)</p>"
        "<p>Town hall, Haskovo, Bulgaria</p>"
        "<p>Partners show how they make the &lt;social economy&gt; visible.</p>"
    )
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Interregional workshop",
        "Awareness of the social economy",
    ]
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Haskovo Municipality"


def test_an_event_over_several_days_and_one_without_a_host(client, events):
    events.visit.host = None
    events.visit.save()
    entry = entries(atom(client.get(URL)))["Study visit to Extremadura"]
    assert entry.find(f"{ATOM}summary").text == (
        f"<p>June 3, {NEXT}, 9 a.m. – June 4, {NEXT}, 3 p.m. (local time, Europe/Madrid)</p><p>Mérida, Spain</p>"
    )
    assert entry.find(f"{ATOM}author") is None


def test_the_feed_in_german(client, events):
    feed = atom(client.get("/de/events/feed.atom"))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert feed.findtext(f"{ATOM}title") == "Bevorstehende Veranstaltungen | SECON"
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/de/events/interregional-workshop/"
    assert "Ortszeit, Europe/Sofia" in entry.findtext(f"{ATOM}summary")
    assert "Aufmerksamkeit für die Sozialwirtschaft" in [c.get("term") for c in entry.findall(f"{ATOM}category")]


def test_at_most_fifty_entries(client):
    host, event_type = PartnerFactory(), EventTypeFactory()
    start = datetime.datetime(NEXT, 1, 1, 8, tzinfo=datetime.UTC)
    for n in range(feeds.MAX_ITEMS + 1):
        day = start + datetime.timedelta(days=n)
        EventFactory(host=host, event_type=event_type, start=day, end=day + datetime.timedelta(hours=2))
    assert feeds.MAX_ITEMS == 50
    assert len(entries(atom(client.get(URL)))) == 50


def test_a_fixed_number_of_queries(client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            atom(client.get(URL))
        return len(captured)

    when = {
        "event_type": EventTypeFactory(),
        "start": datetime.datetime(NEXT, 2, 1, 8, tzinfo=datetime.UTC),
        "end": None,
    }
    EventFactory.create_batch(2, **when)
    few = queries()
    for event in EventFactory.create_batch(8, **when):
        event.themes.set([theme("access"), theme("awareness")])
    assert queries() == few == 2
