"""The public event list (groups, filters, pagination) and the event page."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import AgendaItem, Event, EventDocument, EventPractice, Participation, StakeholderGroup
from tests.factories import EventFactory, EventTypeFactory, GoodPracticeFactory, PartnerFactory, RegionFactory, theme
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NEXT = timezone.now().year + 1
LAST = timezone.now().year - 1
LIST_URL = "/events/"


def utc(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def types(db):
    return SimpleNamespace(
        meeting=EventTypeFactory(),
        workshop=EventTypeFactory(slug="interregional-workshop", name="Interregional workshop", target=1, order=2),
        visit=EventTypeFactory(slug="study-visit", name="Study visit", target=2, target_per_country=False, order=4),
    )


@pytest.fixture
def events(types):
    """Upcoming (one cancelled), past (one online only) and undated events in five time zones."""
    haskovo = PartnerFactory(name="Haskovo Municipality", region=RegionFactory(code="BG422", country="BG"))
    workshop = EventFactory(
        title="Interregional workshop on visibility",
        slug="interregional-workshop",
        event_type=types.workshop,
        host=haskovo,
        country="BG",
        city="Haskovo",
        start=utc(NEXT, 3, 10, 8),
        end=utc(NEXT, 3, 10, 14),
        time_zone="Europe/Sofia",
        is_sample=True,
    )
    workshop.themes.set([theme("awareness")])
    visit = EventFactory(
        title="Study visit to Extremadura",
        slug="study-visit-extremadura",
        event_type=types.visit,
        country="ES",
        city="Mérida",
        start=utc(NEXT, 6, 3, 7),
        end=utc(NEXT, 6, 4, 13),
        time_zone="Europe/Madrid",
        status=Event.Status.PLANNED,
    )
    visit.themes.set([theme("strengthening"), theme("access")])
    cancelled = EventFactory(
        title="Meeting in Portugal",
        slug="meeting-portugal",
        country="PT",
        city="Oliveira de Azeméis",
        start=utc(NEXT, 4, 20, 8),
        end=None,
        time_zone="Europe/Lisbon",
        status=Event.Status.CANCELLED,
    )
    held = EventFactory(
        title="Meeting in Tripoli",
        slug="meeting-tripoli",
        country="EL",
        city="Tripoli",
        start=utc(LAST, 5, 12, 7),
        end=utc(LAST, 5, 12, 12),
        time_zone="Europe/Athens",
        status=Event.Status.HELD,
    )
    held.themes.set([theme("access")])
    online = EventFactory(
        title="Online meeting",
        slug="online-meeting",
        country="",
        city="",
        online_url="https://meet.example.org/secon",
        start=utc(LAST, 11, 3, 9),
        end=utc(LAST, 11, 3, 10, 30),
        time_zone="Europe/Brussels",
        status=Event.Status.HELD,
    )
    undated = EventFactory(
        title="Regional stakeholder meeting 3 in Latvia",
        slug="stakeholder-meeting-lv-3",
        country="LV",
        city="",
        start=None,
        end=None,
        time_zone="Europe/Riga",
        status=Event.Status.PLANNED,
    )
    return SimpleNamespace(
        workshop=workshop, visit=visit, cancelled=cancelled, held=held, online=online, undated=undated
    )


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


# --- the list -------------------------------------------------------------------------------------------------


def test_upcoming_first_then_past_then_undated(client, events):
    response = client.get(LIST_URL)
    assert [t.name for t in response.templates][:2] == ["events/event_list.html", "base.html"]
    doc = dom(response)
    assert doc.texts("title") == ["Events – SECON good-practice portal"]
    assert doc.texts("h1") == ["Events"]
    assert doc.texts("h2") == [
        "Filter events",
        "Subscribe",
        "Upcoming events",
        "Past events",
        "Date to be announced",
        "The project",
    ]
    assert section(doc, "schedule-0").texts("h3") == [
        "Interregional workshop on visibility",
        "Meeting in Portugal",
        "Study visit to Extremadura",
    ]
    assert section(doc, "schedule-1").texts("h3") == ["Online meeting", "Meeting in Tripoli"]
    assert section(doc, "schedule-2").texts("h3") == ["Regional stakeholder meeting 3 in Latvia"]
    assert doc.texts("p", **{"class": "result-count"}) == ["6 events"]
    assert [a.attrs["href"] for a in doc.find_all("a") if a.parent.name == "h3"] == [
        "/events/interregional-workshop/",
        "/events/meeting-portugal/",
        "/events/study-visit-extremadura/",
        "/events/online-meeting/",
        "/events/meeting-tripoli/",
        "/events/stakeholder-meeting-lv-3/",
    ]
    assert doc.find("link", href="/static/css/events.css").attrs["rel"] == "stylesheet"
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_an_event_stays_upcoming_until_it_ends(client, types):
    now = timezone.now()
    EventFactory(title="Running now", start=now - datetime.timedelta(hours=2), end=now + datetime.timedelta(hours=2))
    EventFactory(
        title="Ended an hour ago", start=now - datetime.timedelta(hours=3), end=now - datetime.timedelta(hours=1)
    )
    doc = dom(client.get(LIST_URL))
    assert section(doc, "schedule-0").texts("h3") == ["Running now"]
    assert section(doc, "schedule-1").texts("h3") == ["Ended an hour ago"]


def test_each_event_with_its_facts_in_its_own_time_zone(client, events):
    doc = dom(client.get(LIST_URL))
    workshop = card(doc, "Interregional workshop on visibility")
    assert facts(workshop) == [
        ("Type", "Interregional workshop"),
        ("When", f"March 10, {NEXT}, 10 a.m. – 4 p.m. (local time, Europe/Sofia)"),
        ("Where", "Haskovo, Bulgaria"),
        ("Status", "Confirmed"),
    ]
    assert [t.attrs["datetime"] for t in workshop.find_all("time")] == [
        f"{NEXT}-03-10T10:00:00+02:00",
        f"{NEXT}-03-10T16:00:00+02:00",
    ]
    assert workshop.texts("span", **{"class": "badge sample-badge"}) == ["Sample content"]
    assert workshop.find_all("span", **{"class": "badge cancelled-badge"}) == []

    # Over two days: both dates; Madrid is on summer time (+02:00) in June.
    visit = card(doc, "Study visit to Extremadura")
    assert facts(visit) == [
        ("Type", "Study visit"),
        ("When", f"June 3, {NEXT}, 9 a.m. – June 4, {NEXT}, 3 p.m. (local time, Europe/Madrid)"),
        ("Where", "Mérida, Spain"),
        ("Status", "Planned"),
    ]
    assert [t.attrs["datetime"] for t in visit.find_all("time")] == [
        f"{NEXT}-06-03T09:00:00+02:00",
        f"{NEXT}-06-04T15:00:00+02:00",
    ]
    assert visit.texts("span", **{"class": "badge sample-badge"}) == []

    # Cancelled: a badge with the word and the status, not colour alone.
    cancelled = card(doc, "Meeting in Portugal")
    assert cancelled.has_class("is-cancelled")
    assert cancelled.texts("span", **{"class": "badge cancelled-badge"}) == ["Cancelled"]
    assert facts(cancelled) == [
        ("Type", "Regional stakeholder meeting"),
        ("When", f"April 20, {NEXT}, 9 a.m. (local time, Europe/Lisbon)"),
        ("Where", "Oliveira de Azeméis, Portugal"),
        ("Status", "Cancelled"),
    ]
    assert facts(card(doc, "Meeting in Tripoli"))[1:3] == [
        ("When", f"May 12, {LAST}, 10 a.m. – 3 p.m. (local time, Europe/Athens)"),
        ("Where", "Tripoli, Greece"),
    ]
    assert facts(card(doc, "Online meeting"))[1:] == [
        ("When", f"Nov. 3, {LAST}, 10 a.m. – 11:30 a.m. (local time, Europe/Brussels)"),
        ("Where", "Online"),
        ("Status", "Held"),
    ]
    undated = card(doc, "Regional stakeholder meeting 3 in Latvia")
    assert facts(undated)[1:] == [("When", "Date to be announced"), ("Where", "Latvia"), ("Status", "Planned")]
    assert undated.find_all("time") == []


def test_the_same_moment_in_two_time_zones(client, types):
    moment = utc(NEXT, 3, 10, 8)
    EventFactory(title="In Sofia", start=moment, end=None, time_zone="Europe/Sofia", country="BG", city="Haskovo")
    EventFactory(title="In Lisbon", start=moment, end=None, time_zone="Europe/Lisbon", country="PT", city="Porto")
    doc = dom(client.get(LIST_URL))
    assert card(doc, "In Sofia").texts("dd")[1] == f"March 10, {NEXT}, 10 a.m. (local time, Europe/Sofia)"
    assert card(doc, "In Lisbon").texts("dd")[1] == f"March 10, {NEXT}, 8 a.m. (local time, Europe/Lisbon)"
    assert card(doc, "In Sofia").find("time").attrs["datetime"] == f"{NEXT}-03-10T10:00:00+02:00"
    assert card(doc, "In Lisbon").find("time").attrs["datetime"] == f"{NEXT}-03-10T08:00:00+00:00"


def test_place_and_online(client, types):
    EventFactory(title="Both", country="BG", city="Haskovo", online_url="https://meet.example.org/x")
    EventFactory(title="Country only", country="RO", city="")
    doc = dom(client.get(LIST_URL))
    assert dict(facts(card(doc, "Both")))["Where"] == "Haskovo, Bulgaria and online"
    assert dict(facts(card(doc, "Country only")))["Where"] == "Romania"


def test_dates_in_the_visitors_language(client, events):
    doc = dom(client.get("/de/events/"))
    assert doc.find("html").attrs["lang"] == "de"
    assert card(doc, "Interregional workshop on visibility").texts("time") == [f"10. März {NEXT}, 10:00", "16:00"]
    assert card(doc, "Study visit to Extremadura").texts("time") == [f"3. Juni {NEXT}, 09:00", f"4. Juni {NEXT}, 15:00"]
    assert doc.find("a", href="/de/events/interregional-workshop/")
    assert_accessible_structure(doc)


def test_no_events_yet(client, db):
    doc = dom(client.get(LIST_URL))
    assert doc.texts("p", **{"class": "empty-state"}) == ["No events have been announced yet."]
    assert doc.texts("p", **{"class": "result-count"}) == ["0 events"]
    assert_accessible_structure(doc)


# --- filters --------------------------------------------------------------------------------------------------


def test_filter_form_offers_labelled_choices(client, events):
    doc = dom(client.get(LIST_URL))
    form = doc.find("form", **{"class": "event-filters"})
    assert (form.attrs["method"], form.attrs["action"]) == ("get", "/events/")
    assert [(label.attrs["for"], label.text) for label in form.find_all("label")] == [
        ("id_type", "Type"),
        ("id_country", "Country"),
        ("id_theme", "Theme"),
        ("id_year", "Year"),
    ]
    assert filter_options(doc, "type") == [
        ("", "All types"),
        ("regional-stakeholder-meeting", "Regional stakeholder meeting"),
        ("interregional-workshop", "Interregional workshop"),
        ("study-visit", "Study visit"),
    ]
    # The countries that have events, by name.
    assert filter_options(doc, "country") == [
        ("", "All countries"),
        ("BG", "Bulgaria"),
        ("EL", "Greece"),
        ("LV", "Latvia"),
        ("PT", "Portugal"),
        ("ES", "Spain"),
    ]
    assert filter_options(doc, "theme") == [
        ("", "All themes"),
        ("awareness", "Awareness of the social economy"),
        ("access", "Access to procurement and finance"),
        ("strengthening", "Strengthening social enterprises"),
        ("social-innovation", "Regional social innovation"),
    ]
    assert filter_options(doc, "year") == [("", "All years"), (str(NEXT), str(NEXT)), (str(LAST), str(LAST))]
    assert form.find("button").attrs["type"] == "submit"
    assert form.find("a", **{"class": "reset-filters"}).attrs["href"] == "/events/"
    assert form.find("a", **{"class": "reset-filters"}).text == "Reset filters"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=interregional-workshop", ["Interregional workshop on visibility"]),
        (
            "type=regional-stakeholder-meeting",
            [
                "Meeting in Portugal",
                "Online meeting",
                "Meeting in Tripoli",
                "Regional stakeholder meeting 3 in Latvia",
            ],
        ),
        ("country=EL", ["Meeting in Tripoli"]),
        ("country=LV", ["Regional stakeholder meeting 3 in Latvia"]),
        ("theme=access", ["Study visit to Extremadura", "Meeting in Tripoli"]),
        ("theme=awareness", ["Interregional workshop on visibility"]),
        ("year=" + str(LAST), ["Online meeting", "Meeting in Tripoli"]),
        (
            "year=" + str(NEXT),
            ["Interregional workshop on visibility", "Meeting in Portugal", "Study visit to Extremadura"],
        ),
        ("type=regional-stakeholder-meeting&year=" + str(NEXT), ["Meeting in Portugal"]),
        ("theme=access&country=ES", ["Study visit to Extremadura"]),
        ("theme=social-innovation", []),
    ],
)
def test_each_filter(client, events, query, expected):
    doc = dom(client.get(f"{LIST_URL}?{query}"))
    assert titles(doc) == expected
    for pair in query.split("&"):
        name, value = pair.split("=")
        assert selected(doc, name) == [value]
    if not expected:
        assert doc.texts("p", **{"class": "empty-state"}) == ["No events match these filters. Show all events"]
        assert doc.find("p", **{"class": "empty-state"}).find("a").attrs["href"] == "/events/"


def test_year_is_the_year_in_the_events_own_time_zone(client, types):
    # 23:30 UTC on New Year's Eve is already the next year in Athens, but not in Lisbon.
    EventFactory(title="New Year in Athens", start=utc(NEXT, 12, 31, 23, 30), end=None, time_zone="Europe/Athens")
    EventFactory(title="New Year's Eve in Lisbon", start=utc(NEXT, 12, 31, 23, 30), end=None, time_zone="Europe/Lisbon")
    doc = dom(client.get(LIST_URL))
    assert filter_options(doc, "year") == [("", "All years"), (str(NEXT + 1), str(NEXT + 1)), (str(NEXT), str(NEXT))]
    assert titles(dom(client.get(f"{LIST_URL}?year={NEXT + 1}"))) == ["New Year in Athens"]
    assert titles(dom(client.get(f"{LIST_URL}?year={NEXT}"))) == ["New Year's Eve in Lisbon"]


def test_an_unknown_filter_value_is_reported_and_left_out(client, events):
    doc = dom(client.get(f"{LIST_URL}?type=no-such-type&country=EL"))
    assert titles(doc) == ["Meeting in Tripoli"]
    alert = doc.find("div", role="alert")
    assert alert.texts("li") == ["Type: Select a valid choice. no-such-type is not one of the available choices."]
    assert_accessible_structure(doc)


def test_subscribe_links_to_the_calendar_feeds(client, events):
    feeds = section(dom(client.get(LIST_URL)), "subscribe-heading")
    assert [(a.text, a.attrs["href"], a.attrs["type"]) for a in feeds.find_all("a")] == [
        ("All events", "/events/calendar.ics", "text/calendar"),
        ("Regional stakeholder meeting", "/events/types/regional-stakeholder-meeting/calendar.ics", "text/calendar"),
        ("Interregional workshop", "/events/types/interregional-workshop/calendar.ics", "text/calendar"),
        ("Study visit", "/events/types/study-visit/calendar.ics", "text/calendar"),
    ]


# --- pagination and query counts ------------------------------------------------------------------------------


def many_events(count, **kwargs):
    for n in range(count):
        EventFactory(
            title=f"Meeting {n:02d}", start=utc(NEXT, 1, 1, 8) + datetime.timedelta(days=n), end=None, **kwargs
        )


def test_pagination_keeps_the_filters(client, types):
    many_events(45, country="EL")
    many_events(3, country="BG")
    doc = dom(client.get(f"{LIST_URL}?country=EL"))
    assert doc.texts("p", **{"class": "result-count"}) == ["45 events"]
    assert titles(doc) == [f"Meeting {n:02d}" for n in range(20)]
    pages = doc.find("nav", **{"aria-label": "Pages of events"})
    assert [(a.text, a.attrs["href"]) for a in pages.find_all("a")] == [
        ("Page 2", "?country=EL&page=2"),
        ("Page 3", "?country=EL&page=3"),
        ("Next", "?country=EL&page=2"),
    ]
    assert pages.find("span", **{"aria-current": "page"}).text == "Page 1"

    doc = dom(client.get(f"{LIST_URL}?country=EL&page=3"))
    assert titles(doc) == [f"Meeting {n:02d}" for n in range(40, 45)]
    pages = doc.find("nav", **{"aria-label": "Pages of events"})
    assert [(a.text, a.attrs["href"]) for a in pages.find_all("a")] == [
        ("Previous", "?country=EL&page=2"),
        ("Page 1", "?country=EL&page=1"),
        ("Page 2", "?country=EL&page=2"),
    ]
    assert selected(doc, "country") == ["EL"]
    assert_accessible_structure(doc)


def test_a_page_beyond_the_last_is_not_found(client, types):
    many_events(3)
    assert client.get(f"{LIST_URL}?page=2").status_code == 404


def test_one_page_has_no_pagination(client, events):
    assert dom(client.get(LIST_URL)).find_all("nav", **{"aria-label": "Pages of events"}) == []


@pytest.mark.parametrize("query", ["", "?type=regional-stakeholder-meeting&country=EL&theme=access&year=" + str(NEXT)])
def test_list_query_count_does_not_grow(client, types, django_assert_num_queries, query):
    # Types, countries, themes and years for the filters; the count; the page.
    EventFactory(country="EL", start=utc(NEXT, 5, 1, 8), end=None).themes.set([theme("access")])
    with django_assert_num_queries(6):
        dom(client.get(LIST_URL + query))
    for n in range(30):
        event = EventFactory(
            country="EL" if n % 2 else "BG",
            start=utc(NEXT - n % 3, 5, 1, 8),
            end=None,
            host=PartnerFactory(),
            is_sample=n % 3 == 0,
            status=Event.Status.CANCELLED if n % 5 == 0 else Event.Status.CONFIRMED,
        )
        event.themes.set([theme("access"), theme("awareness")])
    EventFactory(start=None, end=None, status=Event.Status.PLANNED)
    with django_assert_num_queries(6):
        doc = dom(client.get(LIST_URL + query))
    # Unfiltered: a full page of 20; filtered: the first event and 5 of the 30.
    assert len(doc.find_all("article")) == (6 if query else 20)


# --- the event page -------------------------------------------------------------------------------------------


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
