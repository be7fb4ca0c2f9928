"""The page of an event: facts, description, agenda, documents, participation and related practices."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import AgendaItem, EventDocument, EventPractice, Participation, StakeholderGroup
from tests.events.helpers import (
    NEXT,
    facts,
    utc,
)
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, theme
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event(events):
    event = events.workshop
    event.venue = "Cultural centre, 1 Main Square"
    event.online_url = "https://meet.example.org/workshop"
    event.summary = "How consumers find social enterprises."
    event.description = "First line\nSecond <b>line</b>\n\nNew paragraph"
    event.save()
    for order, (hour, title, speakers) in enumerate(
        [(8, "Welcome", "Mayor of Haskovo"), (9, "Labels for social enterprises", ""), (12, "Conclusions", "")]
    ):
        AgendaItem.objects.create(
            event=event,
            start=utc(NEXT, 3, 10, hour),
            end=utc(NEXT, 3, 10, hour, 45),
            title=title,
            speakers=speakers,
            order=order,
        )
    EventDocument.objects.create(
        event=event,
        title="Programme",
        kind=EventDocument.Kind.AGENDA,
        file=SimpleUploadedFile("programme.pdf", b"%PDF" + b"x" * 2044, content_type="application/pdf"),
    )
    EventDocument.objects.create(
        event=event,
        title="Slides on labels",
        kind=EventDocument.Kind.PRESENTATION,
        file=SimpleUploadedFile("labels.pptx", b"x" * 1_572_864),
        order=1,
    )
    Participation.objects.create(event=event, group=StakeholderGroup.OTHER, count=2)
    Participation.objects.create(event=event, group=StakeholderGroup.PUBLIC_AUTHORITIES, count=11)
    Participation.objects.create(event=event, group=StakeholderGroup.SOCIAL_ECONOMY, count=23)
    peloponnese = PartnerFactory(region=RegionFactory(code="EL65", name="Πελοπόννησος", name_en="Peloponnese"))
    shop = GoodPracticeFactory(title="Village shop run by a cooperative", partner=peloponnese, published=True)
    labels = GoodPracticeFactory(title="A label for social enterprises", partner=peloponnese, published=True)
    draft = GoodPracticeFactory(title="Draft that nobody may see", partner=peloponnese)
    EventPractice.objects.create(event=event, practice=shop, relation=EventPractice.Relation.VISITED)
    EventPractice.objects.create(event=event, practice=labels, relation=EventPractice.Relation.PRESENTED)
    EventPractice.objects.create(event=event, practice=draft)
    event.themes.set([theme("awareness"), theme("social-innovation")])
    return SimpleNamespace(event=event, shop=shop, labels=labels)


def test_event_page(client, full_event):
    response = client.get("/events/interregional-workshop/")
    assert [t.name for t in response.templates][:2] == ["events/event_detail.html", "base.html"]
    doc = dom(response)
    assert doc.texts("title") == ["Interregional workshop on visibility – SECON good-practice portal"]
    assert doc.find("meta", name="description").attrs["content"] == "How consumers find social enterprises."
    assert doc.texts("h1") == ["Interregional workshop on visibility"]
    assert doc.texts("h2") == [
        "At a glance",
        "About this event",
        "Agenda",
        "Documents",
        "Participation",
        "Practices presented or visited",
        "The project",
    ]
    assert doc.texts("p", **{"class": "lead col-lg-9 mt-3 mb-0 event-summary"}) == [
        "How consumers find social enterprises."
    ]
    assert doc.texts("span", **{"class": "badge sample-badge"}) == ["Sample content"]
    assert doc.find_all("p", **{"class": "alert alert-warning cancelled-notice"}) == []

    glance = section(doc, "facts-heading")
    assert facts(glance) == [
        ("Type", "Interregional workshop"),
        ("Status", "Confirmed"),
        ("When", f"March 10, {NEXT}, 10 a.m. – 4 p.m. (local time, Europe/Sofia)"),
        ("Venue", "Cultural centre, 1 Main Square"),
        ("Where", "Haskovo, Bulgaria and online"),
        ("Online link", "https://meet.example.org/workshop"),
        ("Host", "Haskovo Municipality"),
        ("Themes", "Awareness of the social economy Regional social innovation"),
    ]
    assert [(a.text, a.attrs["href"]) for a in glance.find_all("a")] == [
        ("Interregional workshop", "/events/?type=interregional-workshop"),
        ("https://meet.example.org/workshop", "https://meet.example.org/workshop"),
        ("Awareness of the social economy", "/events/?theme=awareness"),
        ("Regional social innovation", "/events/?theme=social-innovation"),
        ("Add to my calendar (.ics)", "/events/interregional-workshop/calendar.ics"),
    ]
    assert [t.attrs["datetime"] for t in glance.find_all("time")] == [
        f"{NEXT}-03-10T10:00:00+02:00",
        f"{NEXT}-03-10T16:00:00+02:00",
    ]

    # Line breaks kept, markup escaped.
    description = section(doc, "description-heading").find("div", **{"class": "event-description"})
    assert "<p>First line<br>Second &lt;b&gt;line&lt;/b&gt;</p>\n\n<p>New paragraph</p>" in (response.content.decode())
    assert description.texts("p") == ["First line Second <b>line</b>", "New paragraph"]  # a line break parts words
    assert description.find_all("b") == []

    agenda = section(doc, "agenda-heading")
    assert agenda.texts("caption") == ["Times are local time, Europe/Sofia."]
    assert [(th.attrs["scope"], th.text) for th in agenda.find_all("th")] == [
        ("col", "Time"),
        ("col", "Session"),
        ("row", "10 a.m. – 10:45 a.m."),
        ("row", "11 a.m. – 11:45 a.m."),
        ("row", "2 p.m. – 2:45 p.m."),
    ]
    assert agenda.texts("td") == ["Welcome Mayor of Haskovo", "Labels for social enterprises", "Conclusions"]
    assert agenda.find_all("time")[0].attrs["datetime"] == f"{NEXT}-03-10T10:00:00+02:00"

    documents = section(doc, "documents-heading")
    assert documents.texts("li") == [
        "Programme (Agenda, PDF, 2.0\u00a0KB)",
        "Slides on labels (Presentation, PPTX, 1.5\u00a0MB)",
    ]
    links = [a.attrs["href"] for a in documents.find_all("a")]
    assert links[0].startswith("/media/events/documents/") and links[0].endswith("/programme.pdf")
    assert links[1].endswith("/labels.pptx")

    participation = section(doc, "participation-heading")
    assert participation.texts("caption") == ["Participants by stakeholder group"]
    assert [(th.attrs["scope"], th.text) for th in participation.find("thead").find_all("th")] == [
        ("col", "Stakeholder group"),
        ("col", "Participants"),
    ]
    body = participation.find("tbody").find_all("tr") + participation.find("tfoot").find_all("tr")
    rows = [(tr.find("th").attrs["scope"], tr.find("th").text, tr.texts("td")) for tr in body]
    assert rows == [
        ("row", "Public authorities", ["11"]),
        ("row", "Social economy organisations", ["23"]),
        ("row", "Other", ["2"]),
        ("row", "Total", ["36"]),
    ]

    practices = section(doc, "practices-heading")
    assert practices.texts("li") == [
        "A label for social enterprises (Presented, Peloponnese)",
        "Village shop run by a cooperative (Visited, Peloponnese)",
    ]
    hrefs = [a.attrs["href"] for a in practices.find_all("a")]
    assert hrefs == [full_event.labels.get_absolute_url(), full_event.shop.get_absolute_url()]
    assert "Draft that nobody may see" not in response.content.decode()

    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_event_page_in_german(client, full_event):
    doc = dom(client.get("/de/events/interregional-workshop/"))
    assert doc.find("html").attrs["lang"] == "de"
    assert section(doc, "facts-heading").texts("time") == [f"10. März {NEXT}, 10:00", "16:00"]
    assert section(doc, "agenda-heading").texts("time")[:2] == ["10:00", "10:45"]
    assert section(doc, "facts-heading").find("a", type="text/calendar").attrs["href"] == (
        "/de/events/interregional-workshop/calendar.ics"
    )


def test_a_minimal_event_page_leaves_out_what_it_lacks(client, events):
    doc = dom(client.get("/events/stakeholder-meeting-lv-3/"))
    assert doc.texts("h2") == ["At a glance", "The project"]
    assert facts(section(doc, "facts-heading")) == [
        ("Type", "Regional stakeholder meeting"),
        ("Status", "Planned"),
        ("When", "Date to be announced"),
        ("Where", "Latvia"),
        ("Host", events.undated.host.name),
    ]
    # No date, no calendar file.
    assert [a.text for a in section(doc, "facts-heading").find_all("a")] == ["Regional stakeholder meeting"]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_a_cancelled_event_says_so(client, events):
    doc = dom(client.get("/events/meeting-portugal/"))
    assert doc.texts("p", **{"class": "alert alert-warning cancelled-notice"}) == ["This event has been cancelled."]
    assert doc.texts("span", **{"class": "badge cancelled-badge"}) == ["Cancelled"]
    assert dict(facts(section(doc, "facts-heading")))["Status"] == "Cancelled"


def test_a_multi_day_agenda_shows_the_dates(client, events):
    AgendaItem.objects.create(event=events.visit, start=utc(NEXT, 6, 4, 7), title="Visit to a cooperative")
    agenda = section(dom(client.get("/events/study-visit-extremadura/")), "agenda-heading")
    assert agenda.find("tbody").texts("th") == [f"June 4, {NEXT} 9 a.m."]


def test_unknown_event_is_not_found(client, db):
    assert client.get("/events/no-such-event/").status_code == 404


def test_event_page_query_count_does_not_grow(client, events, django_assert_num_queries):
    # The event with its type and host; agenda, documents, participation, themes and practices.
    url = reverse("events:event-detail", args=["study-visit-extremadura"])
    with django_assert_num_queries(6):
        client.get(url)
    event = events.visit
    for n in range(12):
        AgendaItem.objects.create(event=event, start=utc(NEXT, 6, 3, 7) + datetime.timedelta(minutes=n), title=f"{n}")
        EventDocument.objects.create(event=event, title=f"Document {n}", file=SimpleUploadedFile(f"d{n}.pdf", b"x"))
        EventPractice.objects.create(event=event, practice=GoodPracticeFactory(published=n % 2 == 0))
    for group in StakeholderGroup.values:
        Participation.objects.create(event=event, group=group, count=3)
    event.themes.set([theme("access"), theme("awareness"), theme("social-innovation")])
    with django_assert_num_queries(6):
        doc = dom(client.get(url))
    assert len(section(doc, "practices-heading").find_all("li")) == 6
    assert section(doc, "participation-heading").find("tfoot").texts("td") == ["21"]
