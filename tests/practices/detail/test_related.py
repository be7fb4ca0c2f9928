"""What a practice's page links to: policy instruments, transfer interests, events and related practices."""

import datetime

import pytest

from events.models import EventPractice
from practices.models import (
    GoodPractice,
    TransferInterest,
)
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    theme,
)
from tests.html import texts
from tests.practices.detail.helpers import (
    needs_event_pages,
    needs_instrument_pages,
    page_of,
    section_of,
    url_name_resolves,
)

pytestmark = pytest.mark.django_db


@needs_instrument_pages
def test_relevant_policy_instruments_link_to_their_pages(client, practice):
    instrument = PolicyInstrumentFactory(
        name="ERDF programme Baden-Württemberg", slug="erdf-bw", partner=practice.partner, period_start=2021
    )
    practice.policy_instruments.set([instrument])
    page = page_of(client, practice)
    section = section_of(page, "instruments-heading")
    assert "Relevant policy instruments" in section.markup
    href = instrument.get_absolute_url()
    assert (
        f'<a href="{href}" data-print-url="http://testserver{href}">ERDF programme Baden-Württemberg</a>'
        in section.markup
    )
    assert texts(section, "li") == ["ERDF programme Baden-Württemberg (Rhein-Neckar-Kreis, Germany, 2021–2027)"]


def test_transfer_interests_furthest_first(client, practice):
    riga = PartnerFactory(name="Riga Planning Region", region=RegionFactory(code="LV006", name="Rīga", country="LV"))
    haskovo = PartnerFactory(
        name="Haskovo Municipality", region=RegionFactory(code="BG422", name="Haskovo", country="BG")
    )
    instrument = PolicyInstrumentFactory(name="Haskovo municipal plan", partner=haskovo)
    TransferInterest.objects.create(practice=practice, partner=riga, note="Visiting in May.")
    TransferInterest.objects.create(
        practice=practice, partner=haskovo, stage=TransferInterest.Stage.ADAPTING, policy_instrument=instrument
    )
    page = page_of(client, practice)
    section = section_of(page, "transfers-heading")
    assert texts(section, "li", "transfer") == [
        "Haskovo Municipality (Haskovo, Bulgaria) Stage: Adapting To improve: Haskovo municipal plan",
        "Riga Planning Region (Rīga, Latvia) Stage: Interested Visiting in May.",
    ]
    if url_name_resolves("regions:instrument-detail", "x"):
        assert f'<a href="{instrument.get_absolute_url()}">Haskovo municipal plan</a>' in section.markup


@needs_event_pages
def test_events_where_it_was_presented_or_visited(client, practice):
    visit = EventFactory(
        title="Study visit to Baden",
        city="Heidelberg",
        country="DE",
        time_zone="Europe/Berlin",
        start=datetime.datetime(2025, 9, 30, 22, 30, tzinfo=datetime.UTC),  # 1 October in Heidelberg
        end=datetime.datetime(2025, 10, 1, 14, tzinfo=datetime.UTC),
    )
    meeting = EventFactory(title="Stakeholder meeting in Tripoli")
    cancelled = EventFactory(title="Cancelled seminar", status="cancelled")
    EventPractice.objects.create(event=visit, practice=practice, relation=EventPractice.Relation.VISITED)
    EventPractice.objects.create(event=meeting, practice=practice)
    EventPractice.objects.create(event=cancelled, practice=practice)
    page = page_of(client, practice)
    section = section_of(page, "events-heading")
    assert texts(section, "li") == [
        "Stakeholder meeting in Tripoli (Presented, May 12, 2026, Tripoli, Greece)",
        "Study visit to Baden (Visited, Oct. 1, 2025, Heidelberg, Germany)",
    ]
    assert f'<a href="{visit.get_absolute_url()}" lang="en">Study visit to Baden</a>' in section.markup
    assert '<time datetime="2025-10-01">Oct. 1, 2025</time>' in section.markup


def test_related_practices_share_themes_or_the_region_most_shared_first(client, practice, region, partner):
    """Each shared theme counts one, the same region one; among equals the newest first; four at most."""
    awareness, strengthening, access = theme("awareness"), theme("strengthening"), theme("access")
    elsewhere = RegionFactory(country="PL")

    def make(title, themes, where, day):
        published_at = datetime.datetime(2025, 2, day, tzinfo=datetime.UTC)
        return GoodPracticeFactory(
            published=True, title=title, themes=themes, region=where, partner=partner, published_at=published_at
        )

    make("Two themes and the region", [awareness, strengthening], region, day=1)
    make("Two themes, older", [awareness, strengthening], elsewhere, day=2)
    make("One theme and the region, newer", [awareness, access], region, day=3)
    make("The region only", [access], region, day=4)
    make("One theme", [strengthening], elsewhere, day=5)
    make("Nothing in common", [access], elsewhere, day=6)
    GoodPracticeFactory(title="A draft with everything", themes=[awareness, strengthening], region=region)
    page = page_of(client, practice)
    assert texts(section_of(page, "related-heading"), "h3") == [
        "Two themes and the region",
        "One theme and the region, newer",
        "Two themes, older",
        "One theme",
    ]
    assert [p.title for p in practice.related_practices(limit=10)] == [
        "Two themes and the region",
        "One theme and the region, newer",
        "Two themes, older",
        "One theme",
        "The region only",
    ]
    assert texts(page, "p", within="related-practices")[0] == "Rhein-Neckar-Kreis, Germany · VRRN"


def test_related_practices_weigh_the_newest_of_a_large_catalogue(practice):
    """The work stays bounded: only the `pool` newest practices sharing a theme (and of the region) are weighed."""
    elsewhere = RegionFactory(country="PL")

    def make(title, themes, day):
        published_at = datetime.datetime(2025, 2, day, tzinfo=datetime.UTC)
        return GoodPracticeFactory(
            published=True, title=title, themes=themes, region=elsewhere, published_at=published_at
        )

    make("Old, two themes", [theme("awareness"), theme("strengthening")], day=1)
    make("Newer, one theme", [theme("awareness")], day=2)
    make("Newest, one theme", [theme("strengthening")], day=3)
    assert [p.title for p in GoodPractice.objects.related_to(practice, pool=10)] == [
        "Old, two themes",
        "Newest, one theme",
        "Newer, one theme",
    ]
    assert [p.title for p in GoodPractice.objects.related_to(practice, pool=2)] == [
        "Newest, one theme",
        "Newer, one theme",
    ]


def test_related_practices_of_a_practice_without_region_or_themes(practice):
    practice.region = None
    practice.save()
    practice.themes.clear()
    GoodPracticeFactory(published=True)
    assert list(practice.related_practices()) == []


def test_no_related_practices_no_section(client, practice):
    page = page_of(client, practice)
    assert "Related practices" not in page
