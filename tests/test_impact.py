"""The Impact page (/impact/): the events held, planned and cancelled against the brochure's targets, per type, per
partner country and per host country (events/progress.py), and the results of the published practices added up by
indicator and unit, by theme and by country (practices/impact.py), as charts with their tables; the aggregates are
kept in the cache until a practice changes."""

import datetime
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from events.models import Event, EventType
from events.progress import PLANNED_STATUSES, CountryProgress, Progress, brochure_plan
from events.reference_data import EVENT_TYPES
from practices.impact import (
    UNVERSIONED_SECONDS,
    Share,
    compute_published_results,
    published_results,
    refresh_published_results,
)
from practices.models import State
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PracticeResultFactory,
    RegionFactory,
    theme,
)
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2025, 5, 12, 8, tzinfo=datetime.UTC)
NBSP = "\u00a0"


def event(event_type, country, status):
    scheduled = status in (Event.Status.HELD, Event.Status.CONFIRMED)
    return EventFactory(
        event_type=event_type, country=country, status=status, start=PAST if scheduled else None, end=None
    )


def partner(code, country, name):
    return PartnerFactory(name=name, region=RegionFactory(code=code, name=name, name_en=name, country=country, level=2))


@pytest.fixture
def progress(db):
    """Partners in Greece, Bulgaria and Romania; the brochure's event types; events in every status."""
    partner("EL65", "EL", "Peloponnese")
    partner("BG42", "BG", "Haskovo")
    partner("RO12", "RO", "Harghita")
    meeting = EventTypeFactory(order=1)  # 7 per partner country
    workshop = EventTypeFactory(slug="interregional-workshop", name="Interregional workshop", target=1, order=2)
    seminar = EventTypeFactory(slug="thematic-seminar", name="Thematic seminar", target=2, order=3)
    EventTypeFactory(slug="study-visit", name="Study visit", target=2, order=4)
    EventTypeFactory(slug="policy-round-table", name="Policy round table", target=1, order=5)
    other = EventTypeFactory(slug="other", name="Other event", target=None, order=9)
    for type_ in (
        workshop,
        seminar,
        *EventType.objects.filter(slug__in=["study-visit", "policy-round-table", "other"]),
    ):
        type_.target_per_country = False
        type_.save()
    S = Event.Status
    event(meeting, "EL", S.HELD)
    event(meeting, "EL", S.HELD)
    event(meeting, "EL", S.CONFIRMED)  # counts as planned
    event(meeting, "BG", S.PLANNED)
    event(meeting, "BG", S.CANCELLED)
    event(meeting, "DE", S.HELD)  # not a partner country here: not counted
    event(workshop, "BG", S.PLANNED)
    event(seminar, "RO", S.HELD)
    event(seminar, "BE", S.CANCELLED)
    event(seminar, "BE", S.PLANNED)
    event(seminar, "EL", S.HELD)  # not where the brochure plans a seminar: a row of its own, without a target
    event(other, "EL", S.HELD)  # no target: not shown
    return SimpleNamespace(meeting=meeting, seminar=seminar)


@pytest.fixture
def results(db):
    """Results of published practices, spelt in different ways, and of a draft and an archived practice."""
    greece, bulgaria, romania = (
        RegionFactory(code="EL651", country="EL"),
        RegionFactory(code="BG422", country="BG"),
        RegionFactory(code="RO121", country="RO"),
    )
    p1 = GoodPracticeFactory(published=True, region=greece, themes=[theme("awareness"), theme("access")])
    p2 = GoodPracticeFactory(published=True, region=bulgaria, themes=[theme("access")])
    p3 = GoodPracticeFactory(published=True, region=bulgaria, themes=[theme("strengthening")])
    p4 = GoodPracticeFactory(published=True, region=romania, themes=[])
    draft = GoodPracticeFactory(region=greece)
    archived = GoodPracticeFactory(region=greece, state=State.ARCHIVED)

    def result(practice, indicator, value, unit, year=2024):
        PracticeResultFactory(practice=practice, indicator=indicator, value=Decimal(value), unit=unit, year=year)

    result(p1, "Jobs created", "10", "jobs", 2023)
    result(p1, "Jobs created", "5", "jobs", 2024)
    result(p1, "People reached", "1000", "people")
    result(p2, " jobs CREATED ", "20", "Jobs ")
    result(p2, "Euros mobilised", "1234.5", "EUR")
    result(p3, "jobs created", "3", "jobs")
    result(p3, "Share of women", "40", "%")
    result(p4, "Share of women", "60", "%")
    result(p4, "Jobs created", "7", "people")  # another unit: another result
    result(draft, "Jobs created", "100", "jobs")
    result(archived, "Jobs created", "100", "jobs")
    return SimpleNamespace(p1=p1, p2=p2, p3=p3, p4=p4, draft=draft)


def rows(table):
    return [(tr.find("th").text, *tr.texts("td")) for tr in table.find("tbody").find_all("tr")]


def figure(doc, chart_id):
    return doc.find("figure", id=chart_id)


# --- the counting rule (events/progress.py, EventType.progress) ------------------------------------------------
def test_planned_means_planned_or_confirmed():
    assert set(PLANNED_STATUSES) == {Event.Status.PLANNED, Event.Status.CONFIRMED}


def test_the_brochure_plans_each_activity_in_a_country_and_the_plan_adds_up_to_the_targets():
    plan = brochure_plan()
    assert {slug: dict(countries) for slug, countries in plan.items() if slug != "regional-stakeholder-meeting"} == {
        "interregional-workshop": {"BG": 1},
        "thematic-seminar": {"RO": 1, "BE": 1},
        "study-visit": {"ES": 1, "PL": 1},
        "policy-round-table": {"DE": 1},
    }
    assert set(plan["regional-stakeholder-meeting"].values()) == {7}
    for event_type in EVENT_TYPES:
        if event_type.target and not event_type.target_per_country:
            assert plan[event_type.slug].total() == event_type.target, event_type.slug


def test_held_planned_and_cancelled_per_type_and_per_country(progress, django_assert_num_queries):
    with django_assert_num_queries(1):
        types = list(EventType.objects.with_progress())
    figures = {t.slug: t.progress(["BG", "EL", "RO"]) for t in types}
    assert list(figures) == [
        "regional-stakeholder-meeting",
        "interregional-workshop",
        "thematic-seminar",
        "study-visit",
        "policy-round-table",
    ]
    meeting = figures["regional-stakeholder-meeting"]
    assert meeting.per_partner_country
    assert meeting.overall == Progress(held=2, target=21, planned=2, cancelled=1)
    assert [(c.code, c.progress) for c in meeting.by_country] == [
        ("BG", Progress(0, 7, 1, 1)),
        ("EL", Progress(2, 7, 1, 0)),
        ("RO", Progress(0, 7, 0, 0)),
    ]
    # Other types count every event; their countries are the brochure's, each against what it plans there,
    # then any other host country, without a target.
    seminar = figures["thematic-seminar"]
    assert seminar.overall == Progress(held=2, target=2, planned=1, cancelled=1)
    assert seminar.by_country == [
        CountryProgress("RO", "Romania", Progress(1, 1, 0, 0)),
        CountryProgress("BE", "Belgium", Progress(0, 1, 1, 1)),
        CountryProgress("EL", "Greece", Progress(1, None, 0, 0)),
    ]
    assert figures["interregional-workshop"].by_country == [CountryProgress("BG", "Bulgaria", Progress(0, 1, 1, 0))]
    assert [(c.code, c.progress) for c in figures["study-visit"].by_country] == [
        ("ES", Progress(0, 1, 0, 0)),
        ("PL", Progress(0, 1, 0, 0)),
    ]
    assert figures["policy-round-table"].overall == Progress(0, 1, 0, 0)


# --- the results (practices/impact.py) ------------------------------------------------------------------------
def test_results_are_added_up_by_indicator_and_unit_whatever_their_spelling(results, django_assert_num_queries):
    with django_assert_num_queries(2):
        indicators = compute_published_results()
    assert [(i.indicator, i.unit, i.total, i.practices, i.results, i.is_share) for i in indicators] == [
        # "Jobs created", " jobs CREATED ", "jobs created": one indicator, named by its most frequent spelling.
        ("Jobs created", "jobs", Decimal("38"), 3, 4, False),
        ("Share of women", "%", Decimal("50"), 2, 2, True),  # shares are averaged
        ("Euros mobilised", "EUR", Decimal("1234.5"), 1, 1, False),
        ("Jobs created", "people", Decimal("7"), 1, 1, False),
        ("People reached", "people", Decimal("1000"), 1, 1, False),
    ]
    jobs, share = indicators[0], indicators[1]
    # A practice with two themes counts for both; themes in their order, countries largest first.
    assert jobs.by_theme == (
        Share("awareness", "Awareness of the social economy", Decimal("15"), 1),
        Share("access", "Access to procurement and finance", Decimal("35"), 2),
        Share("strengthening", "Strengthening social enterprises", Decimal("3"), 1),
    )
    assert jobs.by_country == (Share("BG", "", Decimal("23"), 2), Share("EL", "", Decimal("15"), 1))
    assert share.by_theme == (
        Share("strengthening", "Strengthening social enterprises", Decimal("40"), 1),
        Share("", "", Decimal("60"), 1),  # a practice without a theme
    )
    assert share.by_country == (Share("RO", "", Decimal("60"), 1), Share("BG", "", Decimal("40"), 1))


def test_only_published_practices_count(results):
    results.p1.state = State.ARCHIVED
    results.p1.save()
    results.draft.state, results.draft.published_at = State.PUBLISHED, results.p2.published_at
    results.draft.save()
    jobs = compute_published_results()[0]
    assert (jobs.indicator, jobs.total, jobs.practices) == ("Jobs created", Decimal("123"), 3)


def test_the_top_indicators_are_those_reported_by_the_most_practices(results):
    assert [(i.indicator, i.unit) for i in compute_published_results(limit=2)] == [
        ("Jobs created", "jobs"),
        ("Share of women", "%"),
    ]


def test_no_results_no_queries_for_the_split(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert compute_published_results() == []


def test_the_aggregates_are_kept_until_a_practice_changes(
    results, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "impact"}}
    settings.PAGE_CACHE_SECONDS = 300  # the page cache on: the data version moves on with every change
    cache.clear()
    with django_assert_num_queries(2):
        assert published_results()[0].total == Decimal("38")
    with django_assert_num_queries(0):
        assert published_results()[0].total == Decimal("38")
    with django_capture_on_commit_callbacks(execute=True):
        PracticeResultFactory(practice=results.p2, indicator="Jobs created", value=Decimal("2"), unit="jobs")
    # The data moved on: the visitor reads the latest result at once, and a job for the worker is queued, once.
    assert published_results()[0].total == Decimal("38")
    assert published_results()[0].total == Decimal("38")
    [job] = DBTaskResult.objects.filter(task_path="practices.impact.refresh_published_results")
    refresh_published_results.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])  # what the worker runs
    with django_assert_num_queries(0):
        assert published_results()[0].total == Decimal("40")


def test_the_first_visitor_of_an_empty_cache_computes_the_aggregates(results, settings, django_assert_num_queries):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "impact"}}
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    with django_assert_num_queries(2):  # no latest result to show: computed in the request, no job
        assert published_results()[0].total == Decimal("38")
    assert not DBTaskResult.objects.exists()


def test_without_the_page_cache_the_aggregates_are_kept_a_minute(
    results, settings, monkeypatch, django_assert_num_queries
):
    """The data version does not move while the page cache is off: the aggregates are kept briefly instead."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "impact"}}
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    with django_assert_num_queries(2):
        published_results()
    with django_assert_num_queries(0):
        published_results()
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + UNVERSIONED_SECONDS + 1)
    published_results()  # the latest result, while the worker computes it again
    assert DBTaskResult.objects.filter(task_path="practices.impact.refresh_published_results").count() == 1


# --- the page --------------------------------------------------------------------------------------------------
def test_the_impact_page(client, progress, results):
    response = client.get("/impact/")
    assert [t.name for t in response.templates][:2] == ["impact.html", "base.html"]
    doc = dom(response)
    assert doc.find("head").texts("title") == ["Impact – SECON good-practice portal"]
    assert doc.texts("h1") == ["Impact"]
    assert doc.find("a", href="/impact/", cls="site-nav-link").attrs["aria-current"] == "page"
    assert [link.attrs["href"] for link in doc.find_all("link", rel="stylesheet")][-2:] == [
        "/static/css/charts.css",
        "/static/css/charts-print.css",
    ]
    assert doc.find("link", href="/static/css/charts-print.css").attrs["media"] == "print"

    progress_section = section(doc, "progress-heading")
    assert progress_section.texts("figcaption") == [
        "Events against the project's targets",
        "Events per host country",
        "Regional stakeholder meeting: per partner country",
    ]
    assert rows(figure(doc, "chart-progress-types").find("table")) == [
        ("Regional stakeholder meeting", "21", "2", "2", "1"),
        ("Interregional workshop", "1", "0", "1", "0"),
        ("Thematic seminar", "2", "2", "1", "1"),
        ("Study visit", "2", "0", "0", "0"),
        ("Policy round table", "1", "0", "0", "0"),
    ]
    assert rows(figure(doc, "chart-progress-hosts").find("table")) == [
        ("Interregional workshop in Bulgaria", "1", "0", "1", "0"),
        ("Thematic seminar in Romania", "1", "1", "0", "0"),
        ("Thematic seminar in Belgium", "1", "0", "1", "1"),
        ("Thematic seminar in Greece", "", "1", "0", "0"),
        ("Study visit in Spain", "1", "0", "0", "0"),
        ("Study visit in Poland", "1", "0", "0", "0"),
        ("Policy round table in Germany", "1", "0", "0", "0"),
    ]
    hosts = figure(doc, "chart-progress-hosts").find("svg", role="img")
    assert len(hosts.find_all("line", cls="chart-target")) == 6  # none where the brochure plans nothing
    assert rows(figure(doc, "chart-progress-regional-stakeholder-meeting").find("table")) == [
        ("Bulgaria", "7", "0", "1", "1"),
        ("Greece", "7", "2", "1", "0"),
        ("Romania", "7", "0", "0", "0"),
    ]

    results_section = section(doc, "results-heading")
    overview = figure(doc, "chart-results")
    assert overview.find("figcaption").text == "The results reported by the most practices"
    assert rows(overview.find("table")) == [
        ("Jobs created (jobs)", f"38{NBSP}jobs", "3"),
        ("Share of women (%)", f"50{NBSP}% (average)", "2"),
        ("Euros mobilised (EUR)", "€1,234.50", "1"),
        ("Jobs created (people)", f"7{NBSP}people", "1"),
        ("People reached (people)", f"1,000{NBSP}people", "1"),
    ]
    assert [text.text for text in overview.find("svg", role="img").find_all("text")][:4] == [
        "Jobs created (jobs)",
        "3 practices",
        "Share of women (%)",
        "2 practices",
    ]
    indicators = results_section.find_all("section", cls="impact-indicator")
    assert [s.find("h3").text for s in indicators] == [
        "Jobs created (jobs)",
        "Share of women (%)",
        "Euros mobilised (EUR)",
        "Jobs created (people)",
        "People reached (people)",
    ]
    assert {s.find("h3").attrs["lang"] for s in indicators} == {"en"}  # the partners' own words, in English
    jobs, share = indicators[0], indicators[1]
    assert jobs.texts("p") == [f"38{NBSP}jobs in all, reported by 3 published practices."]
    assert share.texts("p") == [f"50{NBSP}% on average, reported by 2 published practices."]
    assert rows(figure(doc, "chart-result-1-theme").find("table")) == [
        ("Awareness of the social economy", f"15{NBSP}jobs", "1"),
        ("Access to procurement and finance", f"35{NBSP}jobs", "2"),
        ("Strengthening social enterprises", f"3{NBSP}jobs", "1"),
    ]
    assert rows(figure(doc, "chart-result-1-country").find("table")) == [
        ("Bulgaria", f"23{NBSP}jobs", "2"),
        ("Greece", f"15{NBSP}jobs", "1"),
    ]
    assert [th.text for th in figure(doc, "chart-result-2-theme").find("thead").find_all("th")] == [
        "Theme",
        "Average",
        "Practices",
    ]
    assert rows(figure(doc, "chart-result-2-theme").find("table")) == [
        ("Strengthening social enterprises", f"40{NBSP}%", "1"),
        ("No theme given", f"60{NBSP}%", "1"),
    ]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_every_chart_is_an_image_with_a_title_and_a_description(client, progress, results):
    doc = dom(client.get("/impact/"))
    charts = doc.find_all("svg", role="img")
    assert len(charts) == 3 + 1 + 2 * 5
    ids = {element.attrs["id"] for element in doc.iter() if "id" in element.attrs}
    for svg in charts:
        assert svg.find("title").text
        assert svg.find("title").attrs["id"] == svg.attrs["aria-labelledby"]
        assert svg.find("desc").attrs["id"] == svg.attrs["aria-describedby"]
        assert svg.attrs["focusable"] == "false"
        for element in svg.iter():
            assert "style" not in element.attrs
        # Every bar is followed by its number.
        assert len(svg.find_all("rect", cls="chart-bar")) <= len(svg.find_all("text", cls="chart-value"))
    for fill in {rect.attrs.get("fill") for rect in doc.find_all("rect")} - {None}:
        assert fill.removeprefix("url(#").removesuffix(")") in ids


def test_the_page_in_german_writes_numbers_as_a_german_reader_does(client, progress, results):
    PracticeResultFactory(practice=results.p1, indicator="People reached", value=Decimal("234"), unit="people")
    doc = dom(client.get("/de/impact/"))
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.find("a", href="/de/impact/", cls="site-nav-link").attrs["aria-current"] == "page"
    overview = {row[0]: row[1:] for row in rows(figure(doc, "chart-results").find("table"))}
    assert overview["People reached (people)"] == (f"1.234{NBSP}people", "1")
    assert overview["Euros mobilised (EUR)"] == (f"1.234,50{NBSP}€", "1")
    assert rows(figure(doc, "chart-result-1-country").find("table"))[0][0] == "Bulgarien"
    assert rows(figure(doc, "chart-progress-regional-stakeholder-meeting").find("table"))[1][0] == "Griechenland"
    svg = figure(doc, "chart-results").find("svg", role="img")
    assert "," not in svg.attrs["viewbox"]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_without_targets_or_results_the_page_says_so(client, db):
    doc = dom(client.get("/impact/"))
    assert section(doc, "progress-heading").texts("p", cls="empty-state") == [
        "The project's targets have not been set up yet."
    ]
    assert section(doc, "results-heading").texts("p", cls="empty-state") == [
        "No published practice reports a measured result yet."
    ]
    assert doc.find_all("figure") == []


def test_query_count_does_not_grow_and_the_cache_saves_the_aggregates(
    client, progress, results, django_assert_num_queries
):
    # Event types with their events' countries, the partners' countries, the results' groups and their split.
    with django_assert_num_queries(4):
        client.get("/impact/")
    with django_assert_num_queries(2):  # the aggregates from the cache
        client.get("/impact/")
    for n in range(10):
        practice = GoodPracticeFactory(
            published=True, region=RegionFactory(code=f"PL9{n}", country="PL"), themes=[theme("access")]
        )
        PracticeResultFactory(practice=practice, indicator=f"Indicator {n}", value=Decimal(n), unit="items")
        PracticeResultFactory(practice=practice, indicator="Jobs created", value=Decimal(1), unit="jobs")
    cache.clear()
    with django_assert_num_queries(4):
        doc = dom(client.get("/impact/"))
    assert rows(figure(doc, "chart-results").find("table"))[0] == ("Jobs created (jobs)", f"48{NBSP}jobs", "13")
    assert len(section(doc, "results-heading").find_all("section", cls="impact-indicator")) == 8
