"""The page of a region: its partners, practices, events, policy instruments and transfers."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    theme,
)
from tests.html import dom, section
from tests.regions.helpers import (
    FOOTER_HEADING,
    PUBLISHED_AT,
    breadcrumbs,
    check_page,
    facts,
    headings,
    items,
    meta_description,
    next_year,
    published,
    transfer,
)

pytestmark = pytest.mark.django_db


def test_region_page(client, world):
    response = client.get("/regions/EL65/")
    assert [t.name for t in response.templates][:2] == ["regions/region_detail.html", "base.html"]
    doc = dom(response)
    assert doc.find("head").texts("title") == ["Peloponnese (EL65) – SECON good-practice portal"]
    assert meta_description(doc) == (
        "Peloponnese, Greece: the SECON partner based there, its policy instruments, its good practices for the "
        "social economy, its events and the practices it is transferring."
    )
    assert breadcrumbs(doc) == [("Home", "/"), ("Regions", "/regions/"), ("Peloponnese", None)]
    assert headings(doc, 1) == ["Peloponnese"]
    assert headings(doc, 2) == [
        "Profile",
        "Partner",
        "Policy instruments",
        "Good practices",
        "Events",
        "Practices it is transferring",
        FOOTER_HEADING,
    ]
    intro = doc.find("div", **{"class": "page-intro"})
    assert intro.texts("p", **{"class": "official-name"}) == ["Official name: Πελοπόννησος"]
    assert facts(intro) == [
        ("NUTS code", "EL65"),
        ("NUTS level", "NUTS 2 (basic region)"),
        ("Part of", "Central Greece (EL6)"),
        ("Country", "Greece"),
        ("Urban-rural typology", "Predominantly rural"),
    ]
    assert intro.find("dl").find("a").attrs["href"] == "/regions/EL6/"

    profile = section(doc, "profile-heading")
    assert profile.texts("p") == ["Mountains and olive groves.", "Seven regional units."]
    image = profile.find("img")
    assert (image.attrs["src"], image.attrs["alt"]) == (
        "/media/regions/peloponnese.jpg",
        "Olive groves below a mountain village",
    )

    partners = section(doc, "partners-heading")
    assert partners.texts("h3") == ["Region of Peloponnese Lead partner"]
    assert facts(partners) == [("Type", "Regional public authority"), ("Website", "https://www.ppel.gov.gr/")]
    assert partners.find("a").attrs["href"] == "https://www.ppel.gov.gr/"
    logo = partners.find("img")
    assert (logo.attrs["src"], logo.attrs["alt"]) == (
        "/media/partners/peloponnese.png",
        "Logo of Region of Peloponnese",
    )

    instruments = section(doc, "instruments-heading")
    assert [(a.text, a.attrs["href"]) for a in instruments.find_all("a")] == [
        ("Regional programme Peloponnese 2021-2027", "/regions/instruments/peloponnese-programme/")
    ]
    assert instruments.texts("span", **{"class": "badge sample-badge"}) == ["Sample content"]
    assert facts(instruments) == [
        ("Type", "EU-funded programme (e.g. ERDF or ESF+ programme)"),
        ("Period", "2021–2027"),
        ("Improvement", "In progress"),
    ]

    practices = section(doc, "practices-heading")
    assert practices.texts("p", **{"class": "practice-total"}) == [
        "2 published practices, located in this region or in smaller regions inside it."
    ]
    # Newest first, the one located in Arcadia (EL652) included; the draft and the archived one are not.
    assert [(a.text, a.attrs["href"]) for a in practices.find_all("h3")[0].find_all("a")] == [
        ("Olive oil cooperative", world.olive_oil.get_absolute_url())
    ]
    assert practices.texts("h3") == ["Olive oil cooperative", "Village shop"]
    assert world.olive_oil.get_absolute_url() == "/practices/olive-oil-cooperative/"
    olive_oil, village_shop = items(practices)
    assert olive_oil.texts("span") == ["Sample content"]
    assert olive_oil.texts("p") == ["Small growers press and sell together."]
    assert facts(olive_oil) == [("Location", "Arcadia (EL652), Greece"), ("Theme", "Strengthening social enterprises")]
    assert facts(village_shop)[0] == ("Location", "Peloponnese (EL65), Greece")
    assert village_shop.find("dl").texts("dt")[1] == "Themes"
    assert village_shop.find("dl").texts("li") == ["Awareness of the social economy", "Regional social innovation"]
    assert [(a.text, a.attrs["href"]) for a in village_shop.find("dl").find_all("a")] == [
        ("Awareness of the social economy", "/practices/?theme=awareness"),
        ("Regional social innovation", "/practices/?theme=social-innovation"),
    ]

    events = section(doc, "events-heading")
    assert events.texts("h3") == ["Upcoming", "Planned, date to be announced", "Past"]
    year = timezone.now().year + 1
    rows = [
        (li.find("a").text, li.texts("time"), li.find("span", **{"class": "d-block text-body-secondary"}).text)
        for li in items(events)
    ]
    assert rows == [
        ("Stakeholder meeting in Tripoli", [f"March 10, {year}"], "Regional stakeholder meeting · Tripoli"),
        ("Second meeting, date open", [], "Regional stakeholder meeting · Tripoli"),
        ("First meeting", ["June 4, 2024"], "Regional stakeholder meeting"),
    ]
    assert [li.find("a").attrs["href"] for li in items(events)] == [
        world.tripoli_meeting.get_absolute_url(),
        world.undated_meeting.get_absolute_url(),
        world.first_meeting.get_absolute_url(),
    ]
    assert world.first_meeting.get_absolute_url() == f"/events/{world.first_meeting.slug}/"
    assert items(events)[1].texts("span") == ["Date to be announced", "Regional stakeholder meeting · Tripoli"]
    assert [time.attrs["datetime"] for time in events.find_all("time")] == [f"{year}-03-10", "2024-06-04"]
    assert "Cancelled meeting" not in events.text

    transfers = section(doc, "transfers-heading")
    assert transfers.texts("h3") == ["Paris repair cafés", "Social clauses in procurement"]
    paris, clauses = items(transfers)
    assert facts(clauses) == [
        ("Stage", "Adapting"),
        ("Practice of", "Haskovo Municipality, Haskovo (Bulgaria)"),
        ("Transferred by", "Region of Peloponnese"),
        ("To improve", "Regional programme Peloponnese 2021-2027"),
    ]
    assert [a.attrs["href"] for a in clauses.find_all("a")] == [
        world.social_clauses.get_absolute_url(),
        "/regions/instruments/peloponnese-programme/",
    ]
    assert facts(paris) == [
        ("Stage", "Interested"),
        ("Practice of", "Haskovo Municipality, Paris (France)"),
        ("Transferred by", "Region of Peloponnese"),
    ]
    assert doc.find_all("p", **{"class": "empty-state"}) == []
    for hidden in ("Draft nobody may see", "Archived practice", "Submitted in Paris", "Cancelled meeting"):
        assert hidden not in response.content.decode()
    check_page(doc)


def test_region_page_takes_the_code_in_any_case_and_redirects_to_one_address(client, world):
    response = client.get("/regions/el65/")
    assert response.status_code == 301
    assert response["Location"] == "/regions/EL65/"
    response = client.get("/de/regions/bg422/")
    assert response.status_code == 301
    assert response["Location"] == "/de/regions/BG422/"


@pytest.mark.parametrize("url", ["/regions/EL99/", "/regions/EL/", "/regions/instruments/", "/de/regions/XX123/"])
def test_unknown_region_is_404(client, world, url):
    assert client.get(url).status_code == 404


def test_region_without_partner_shows_its_practices_only(client, world):
    response = client.get("/regions/FR101/")
    doc = dom(response)
    assert doc.find("head").texts("title") == ["Paris (FR101) – SECON good-practice portal"]
    assert meta_description(doc) == "Good practices for the social economy located in Paris, France."
    assert breadcrumbs(doc) == [("Home", "/"), ("Regions", "/regions/"), ("Paris", None)]
    assert headings(doc, 1) == ["Paris"]
    assert headings(doc, 2) == ["Good practices", FOOTER_HEADING]
    assert doc.find_all("p", **{"class": "official-name"}) == []
    assert facts(doc.find("div", **{"class": "page-intro"})) == [
        ("NUTS code", "FR101"),
        ("NUTS level", "NUTS 3 (small region)"),
        ("Country", "France"),
    ]
    practices = section(doc, "practices-heading")
    assert practices.texts("p", **{"class": "practice-total"}) == ["1 published practice."]
    assert practices.texts("h3") == ["Paris repair cafés"]
    # The submitted practice located in Paris does not appear.
    assert "Submitted in Paris" not in response.content.decode()
    check_page(doc)


def test_sub_region_page_shows_the_practices_located_in_it(client, world):
    doc = dom(client.get("/regions/EL652/"))
    assert headings(doc, 1) == ["Arcadia"]
    assert facts(doc.find("div", **{"class": "page-intro"}))[2] == ("Part of", "Peloponnese (EL65)")
    assert section(doc, "practices-heading").texts("h3") == ["Olive oil cooperative"]


def test_region_page_of_a_partner_region_with_nothing_recorded_says_so(client, db):
    PartnerFactory(name="Riga Planning Region", region=RegionFactory(code="LV006", name="Rīga", country="LV"))
    doc = dom(client.get("/regions/LV006/"))
    assert headings(doc, 2) == [
        "Partner",
        "Policy instruments",
        "Good practices",
        "Events",
        "Practices it is transferring",
        FOOTER_HEADING,
    ]
    assert doc.texts("p", **{"class": "empty-state"}) == [
        "No policy instruments recorded yet.",
        "No good practices have been published in this region yet.",
        "No events hosted by the partner are recorded yet.",
        "No transfers of practices from other regions recorded yet.",
    ]
    assert section(doc, "partners-heading").find_all("img") == []
    assert facts(section(doc, "partners-heading")) == [("Type", "Regional public authority")]
    check_page(doc)


def test_region_page_says_when_only_past_events_exist(client, world):
    world.tripoli_meeting.delete()
    world.undated_meeting.delete()
    events = section(dom(client.get("/regions/EL65/")), "events-heading")
    assert events.texts("h3") == ["Upcoming", "Past"]
    assert events.texts("p", **{"class": "empty-state"}) == ["No upcoming events are scheduled."]


def test_region_page_pages_through_the_practices(client, db):
    partner = PartnerFactory(region=RegionFactory(code="PL91", name="Warszawski stołeczny", country="PL", level=2))
    for day in range(21):
        published(title=f"Practice {day:02}", partner=partner, published_at=PUBLISHED_AT + datetime.timedelta(days=day))
    doc = dom(client.get("/regions/PL91/"))
    practices = section(doc, "practices-heading")
    assert practices.texts("p", **{"class": "practice-total"}) == [
        "21 published practices, located in this region or in smaller regions inside it."
    ]
    assert practices.texts("h3") == [f"Practice {day:02}" for day in range(20, 0, -1)]
    pages = practices.find("nav", **{"aria-label": "Pages of good practices"})
    assert pages.find("span", **{"aria-current": "page"}).text == "Page 1"
    assert pages.find("a", rel="next").attrs["href"] == "?page=2"
    doc = dom(client.get("/regions/PL91/?page=2"))
    assert section(doc, "practices-heading").texts("h3") == ["Practice 00"]
    check_page(doc)


def add_to_region(region, partner, number, instrument):
    """One more of everything the region page lists."""
    other_partner = PartnerFactory()
    PartnerFactory(region=region)
    inside = RegionFactory(code=f"{region.code}{number}", country=region.country, parent=region)
    practice = published(partner=partner, region=inside, themes=[theme("awareness"), theme("access")])
    practice.policy_instruments.add(PolicyInstrumentFactory(partner=partner))
    GoodPracticeFactory(partner=partner)
    EventFactory(host=partner, start=next_year(2, number), end=None)
    EventFactory(host=partner, start=None, end=None, status="planned")
    EventFactory(host=partner, start=datetime.datetime(2024, 2, number, tzinfo=datetime.UTC), end=None)
    transfer(published(partner=other_partner), partner, instrument=instrument)


def test_region_page_query_count_does_not_grow(client, db, django_assert_num_queries):
    # Region with its parent; partners; instruments; practices: count, page, themes, first images (one query
    # for the page: GoodPracticeQuerySet.for_cards); upcoming, undated and past events; transfers.
    region = RegionFactory(code="ES43", name="Extremadura", country="ES", level=2)
    partner = PartnerFactory(region=region)
    instrument = PolicyInstrumentFactory(partner=partner)
    add_to_region(region, partner, 1, instrument)
    with django_assert_num_queries(11):
        doc = dom(client.get("/regions/ES43/"))
    assert len(section(doc, "practices-heading").find_all("article")) == 1
    for number in range(2, 9):
        add_to_region(region, partner, number, instrument)
    with django_assert_num_queries(11):
        doc = dom(client.get("/regions/ES43/"))
    assert len(section(doc, "partners-heading").find_all("article")) == 9
    assert len(section(doc, "instruments-heading").find_all("article")) == 9
    assert len(section(doc, "practices-heading").find_all("article")) == 8
    assert len(items(section(doc, "events-heading"))) == 24
    assert len(section(doc, "transfers-heading").find_all("article")) == 8
