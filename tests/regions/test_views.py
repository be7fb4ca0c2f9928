"""The public pages of the regions, their partners and their policy instruments."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from practices.models import State, TransferInterest
from regions.models import JointAssessment, Partner, PolicyInstrument, Region
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    theme,
)
from tests.html import assert_accessible_structure, assert_csp_safe, dom, section

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)
FOOTER_HEADING = "The project"
LEAD_SENTENCE = "The practice counts include practices located in smaller regions inside each partner region."


def published(**kwargs):
    return GoodPracticeFactory(published=True, **kwargs)


def next_year(month, day):
    """08:00 UTC on a day of next year: 11:00 in Athens, 10:00 in Sofia."""
    return datetime.datetime(timezone.now().year + 1, month, day, 8, tzinfo=datetime.UTC)


def transfer(practice, partner, stage=TransferInterest.Stage.INTERESTED, instrument=None):
    return TransferInterest.objects.create(
        practice=practice, partner=partner, stage=stage, policy_instrument=instrument
    )


def assessment(instrument, date, partners, findings, recommendations=""):
    row = JointAssessment.objects.create(
        instrument=instrument, date=date, findings=findings, recommendations=recommendations
    )
    row.reviewing_partners.set(partners)
    return row


@pytest.fixture
def world():
    """Two partner regions (one with a sub-region), a region without partner, practices, events, transfers."""
    central_greece = RegionFactory(code="EL6", name="Κεντρική Ελλάδα", name_en="Central Greece", level=1)
    peloponnese_region = RegionFactory(
        code="EL65",
        name="Πελοπόννησος",
        name_en="Peloponnese",
        level=2,
        parent=central_greece,
        typology=Region.Typology.RURAL,
        description="Mountains and olive groves.\n\nSeven regional units.",
        image="regions/peloponnese.jpg",
        image_alt="Olive groves below a mountain village",
    )
    arcadia = RegionFactory(code="EL652", name="Αρκαδία", name_en="Arcadia", level=3, parent=peloponnese_region)
    haskovo_region = RegionFactory(code="BG422", name="Хасково", name_en="Haskovo", country="BG")
    paris = RegionFactory(code="FR101", name="Paris", country="FR")

    peloponnese = PartnerFactory(
        name="Region of Peloponnese",
        type=Partner.Type.REGIONAL_AUTHORITY,
        region=peloponnese_region,
        is_lead=True,
        website="https://www.ppel.gov.gr/",
        logo="partners/peloponnese.png",
    )
    haskovo = PartnerFactory(
        name="Haskovo Municipality", type=Partner.Type.LOCAL_AUTHORITY, region=haskovo_region, website=""
    )

    instrument = PolicyInstrumentFactory(
        name="Regional programme Peloponnese 2021-2027",
        slug="peloponnese-programme",
        partner=peloponnese,
        managing_authority="Managing Authority of the Region of Peloponnese",
        url="https://www.example.org/programme",
        description="The ERDF and ESF+ programme of the region.",
        improvement_sought="Open the business-support calls to social enterprises.",
        improvement_status=PolicyInstrument.ImprovementStatus.IN_PROGRESS,
        is_sample=True,
    )
    haskovo_strategy = PolicyInstrumentFactory(
        name="Haskovo development strategy",
        slug="haskovo-strategy",
        type=PolicyInstrument.Type.LOCAL_STRATEGY,
        partner=haskovo,
        period_start=2021,
        period_end=None,
    )

    village_shop = published(
        title="Village shop",
        summary="A cooperative runs the last shop of a mountain village.",
        partner=peloponnese,
        published_at=PUBLISHED_AT,
        themes=[theme("awareness"), theme("social-innovation")],
    )
    olive_oil = published(
        title="Olive oil cooperative",
        summary="Small growers press and sell together.",
        partner=peloponnese,
        region=arcadia,
        published_at=PUBLISHED_AT + datetime.timedelta(days=2),
        themes=[theme("strengthening")],
        is_sample=True,
    )
    social_clauses = published(
        title="Social clauses in procurement",
        summary="Municipal tenders reserve lots for social enterprises.",
        partner=haskovo,
        published_at=PUBLISHED_AT + datetime.timedelta(days=1),
        themes=[theme("access")],
    )
    paris_practice = published(
        title="Paris repair cafés", summary="", partner=haskovo, region=paris, themes=[theme("awareness")]
    )
    draft = GoodPracticeFactory(title="Draft nobody may see", partner=peloponnese)
    archived = GoodPracticeFactory(
        title="Archived practice", partner=peloponnese, state=State.ARCHIVED, published_at=PUBLISHED_AT
    )
    submitted_in_paris = GoodPracticeFactory(
        title="Submitted in Paris", partner=haskovo, region=paris, state=State.SUBMITTED
    )
    for practice in (village_shop, olive_oil, draft, archived):
        practice.policy_instruments.add(instrument)

    transfer(social_clauses, peloponnese, TransferInterest.Stage.ADAPTING, instrument)
    transfer(paris_practice, peloponnese)
    transfer(submitted_in_paris, peloponnese, instrument=instrument)
    transfer(village_shop, haskovo, TransferInterest.Stage.ADOPTED, haskovo_strategy)

    assessment(
        instrument,
        datetime.date(2025, 3, 12),
        [haskovo],
        "The calls ask for guarantees.",
        "Accept a guarantee fund.",
    )
    assessment(instrument, datetime.date(2025, 10, 2), [haskovo, peloponnese], "Progress on the calls.")

    meeting = EventTypeFactory()
    tripoli_meeting = EventFactory(
        title="Stakeholder meeting in Tripoli", host=peloponnese, event_type=meeting, start=next_year(3, 10), end=None
    )
    undated_meeting = EventFactory(
        title="Second meeting, date open", host=peloponnese, event_type=meeting, start=None, end=None, status="planned"
    )
    first_meeting = EventFactory(
        title="First meeting",
        host=peloponnese,
        event_type=meeting,
        start=datetime.datetime(2024, 6, 3, 22, tzinfo=datetime.UTC),  # 4 June, 01:00 in Athens
        end=None,
        status="held",
        city="",
    )
    EventFactory(
        title="Cancelled meeting",
        host=peloponnese,
        event_type=meeting,
        start=next_year(4, 1),
        end=None,
        status="cancelled",
    )
    haskovo_workshop = EventFactory(
        title="Workshop in Haskovo",
        host=haskovo,
        event_type=EventTypeFactory(slug="interregional-workshop", name="Interregional workshop", target=1),
        city="Haskovo",
        time_zone="Europe/Sofia",
        start=next_year(5, 20),
        end=None,
        is_sample=True,
    )
    return SimpleNamespace(**locals())


def headings(doc, level):
    return doc.texts(f"h{level}")


def breadcrumbs(doc):
    nav = doc.find("nav", **{"aria-label": "Breadcrumb"})
    return [(li.text, li.find_all("a")[0].attrs["href"] if li.find_all("a") else None) for li in nav.find_all("li")]


def meta_description(doc):
    return doc.find("meta", name="description").attrs["content"]


def items(node):
    """The <li class="item"> of the lists in a section."""
    return node.find_all("li", **{"class": "item"})


def facts(node):
    """The dt/dd pairs of the first <dl> in `node`."""
    dl = node.find_all("dl")[0]
    return list(zip(dl.texts("dt"), dl.texts("dd"), strict=True))


def check_page(doc):
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    assert doc.find("link", href="/static/css/regions.css").attrs["rel"] == "stylesheet"


# --- the region list --------------------------------------------------------------------------------------------


def test_region_list(client, world):
    response = client.get("/regions/")
    assert [t.name for t in response.templates][:2] == ["regions/region_list.html", "base.html"]
    doc = dom(response)
    assert doc.texts("title") == ["Regions – SECON good-practice portal"]
    assert meta_description(doc) == (
        "The SECON partner regions with their partners, good practices and events, and the other European regions "
        "where good practices for the social economy are located."
    )
    assert breadcrumbs(doc) == [("Home", "/"), ("Regions", None)]
    assert doc.find("li", **{"aria-current": "page"}).text == "Regions"
    assert headings(doc, 1) == ["Regions"]
    assert headings(doc, 2) == ["Partner regions", "Other regions with good practices", FOOTER_HEADING]

    partner_regions = section(doc, "partner-regions-heading")
    assert partner_regions.texts("p") == [LEAD_SENTENCE]
    cards = partner_regions.find_all("article")
    assert [(card.find("a").text, card.find("a").attrs["href"]) for card in cards] == [
        ("Haskovo", "/regions/BG422/"),
        ("Peloponnese", "/regions/EL65/"),
    ]
    assert facts(cards[0]) == [
        ("Country", "Bulgaria"),
        ("Partner", "Haskovo Municipality"),
        ("Published practices", "1"),
        ("Events", "1"),
    ]
    # EL65 counts the practice located in EL652 (inside it), not the draft or the archived one;
    # and the upcoming, undated and past events of its partner, not the cancelled one.
    assert facts(cards[1]) == [
        ("Country", "Greece"),
        ("Partner", "Region of Peloponnese Lead partner"),
        ("Published practices", "2"),
        ("Events", "3"),
    ]

    others = section(doc, "other-regions-heading")
    assert others.texts("th") == ["Region", "Country", "Published practices", "Paris (FR101)"]
    assert [row.texts("td") for row in others.find("tbody").find_all("tr")] == [["France", "1"]]
    assert others.find("tbody").find("a").attrs["href"] == "/regions/FR101/"
    assert doc.find_all("p", **{"class": "empty-state"}) == []
    check_page(doc)


def test_region_list_counts_practices_inside_a_partner_region_only_once(client, world):
    """A practice in a sub-region counts for its partner region; the sub-region is not listed on its own."""
    published(title="Another one in Arcadia", partner=world.haskovo, region=world.arcadia)
    next_to_arcadia = RegionFactory(code="EL653", level=3, parent=world.arcadia.parent)
    published(title="In a region next to Arcadia", partner=world.haskovo, region=next_to_arcadia)
    published(title="In Central Greece", partner=world.haskovo, region=world.central_greece)
    doc = dom(client.get("/regions/"))
    cards = section(doc, "partner-regions-heading").find_all("article")
    assert [card.find("dd", **{"class": "practice-count"}).text for card in cards] == ["1", "4"]
    # EL6 is not inside a partner region: it is listed, and counts what is located in it or inside it,
    # in the partner region EL65 too, as its own page shows.
    rows = section(doc, "other-regions-heading").find("tbody").find_all("tr")
    assert [(row.find("th").text, row.texts("td")) for row in rows] == [
        ("Central Greece (EL6)", ["Greece", "5"]),
        ("Paris (FR101)", ["France", "1"]),
    ]


def test_region_list_without_data_says_so(client, db):
    doc = dom(client.get("/regions/"))
    assert doc.texts("p", **{"class": "empty-state"}) == [
        "No partner regions have been recorded yet.",
        "No good practices have been published outside the partner regions yet.",
    ]
    assert doc.find_all("table") == []
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_region_list_lists_several_partners_of_a_region_lead_first(client, db):
    region = RegionFactory(code="EL30", name="Αττική", name_en="Attica")
    PartnerFactory(name="B partner", region=region)
    PartnerFactory(name="A partner", region=region)
    PartnerFactory(name="Z lead partner", region=region, is_lead=True)
    doc = dom(client.get("/regions/"))
    card = section(doc, "partner-regions-heading").find("article")
    assert facts(card)[1] == ("Partners", "Z lead partner Lead partner A partner B partner")


def add_partner_region(number):
    """A partner region with a sub-region, practices in both, an event and a practice in another region."""
    region = RegionFactory(code=f"DE{number}", name=f"Region {number}", country="DE", level=2)
    partner = PartnerFactory(region=region)
    inside = RegionFactory(code=f"DE{number}1", name=f"Inside {number}", country="DE", parent=region)
    published(partner=partner)
    published(partner=partner, region=inside)
    GoodPracticeFactory(partner=partner)
    EventFactory(host=partner)
    published(partner=partner, region=RegionFactory(code=f"AT{number}", country="AT", level=2))


def test_region_list_query_count_does_not_grow(client, db, django_assert_num_queries):
    # Partner regions with their event counts, their partners, the number of other regions, a page of them,
    # and the practice counts of all these regions from the facet index.
    add_partner_region(1)
    with django_assert_num_queries(5):
        doc = dom(client.get("/regions/"))
    assert len(section(doc, "partner-regions-heading").find_all("article")) == 1
    for number in range(2, 10):
        add_partner_region(number)
    with django_assert_num_queries(5):
        doc = dom(client.get("/regions/"))
    cards = section(doc, "partner-regions-heading").find_all("article")
    assert [facts(card)[2:] for card in cards] == [[("Published practices", "2"), ("Events", "1")]] * 9
    rows = section(doc, "other-regions-heading").find("tbody").find_all("tr")
    assert [row.texts("td") for row in rows] == [["Austria", "1"]] * 9


# --- the region page --------------------------------------------------------------------------------------------


def test_region_page(client, world):
    response = client.get("/regions/EL65/")
    assert [t.name for t in response.templates][:2] == ["regions/region_detail.html", "base.html"]
    doc = dom(response)
    assert doc.texts("title") == ["Peloponnese (EL65) – SECON good-practice portal"]
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
    assert doc.texts("title") == ["Paris (FR101) – SECON good-practice portal"]
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
    # Region with its parent; partners; instruments; practices: count, page, themes;
    # upcoming, undated and past events; transfers.
    region = RegionFactory(code="ES43", name="Extremadura", country="ES", level=2)
    partner = PartnerFactory(region=region)
    instrument = PolicyInstrumentFactory(partner=partner)
    add_to_region(region, partner, 1, instrument)
    with django_assert_num_queries(10):
        doc = dom(client.get("/regions/ES43/"))
    assert len(section(doc, "practices-heading").find_all("article")) == 1
    for number in range(2, 9):
        add_to_region(region, partner, number, instrument)
    with django_assert_num_queries(10):
        doc = dom(client.get("/regions/ES43/"))
    assert len(section(doc, "partners-heading").find_all("article")) == 9
    assert len(section(doc, "instruments-heading").find_all("article")) == 9
    assert len(section(doc, "practices-heading").find_all("article")) == 8
    assert len(items(section(doc, "events-heading"))) == 24
    assert len(section(doc, "transfers-heading").find_all("article")) == 8


# --- the policy instrument page --------------------------------------------------------------------------------


def test_policy_instrument_page(client, world):
    response = client.get("/regions/instruments/peloponnese-programme/")
    assert [t.name for t in response.templates][:2] == ["regions/policyinstrument_detail.html", "base.html"]
    doc = dom(response)
    assert doc.texts("title") == ["Regional programme Peloponnese 2021-2027 – SECON good-practice portal"]
    assert meta_description(doc) == (
        "Regional programme Peloponnese 2021-2027, a policy instrument in Peloponnese that SECON aims to improve: "
        "the improvement sought, its status, the joint assessments and the good practices relevant to it."
    )
    assert breadcrumbs(doc) == [
        ("Home", "/"),
        ("Regions", "/regions/"),
        ("Peloponnese", "/regions/EL65/"),
        ("Regional programme Peloponnese 2021-2027", None),
    ]
    assert headings(doc, 1) == ["Regional programme Peloponnese 2021-2027"]
    assert headings(doc, 2) == [
        "What it is",
        "Improvement sought",
        "Joint assessments",
        "Relevant good practices",
        "Transfers that target this instrument",
        FOOTER_HEADING,
    ]
    intro = doc.find("div", **{"class": "page-intro"})
    assert intro.texts("p", **{"class": "kicker mt-3 mb-1"}) == ["Policy instrument"]
    assert intro.texts("span", **{"class": "badge sample-badge"}) == ["Sample content"]
    assert facts(intro) == [
        ("Type", "EU-funded programme (e.g. ERDF or ESF+ programme)"),
        ("Managing authority", "Managing Authority of the Region of Peloponnese"),
        ("Region", "Peloponnese, Greece"),
        ("Responsible partner", "Region of Peloponnese"),
        ("Period", "2021–2027"),
        ("Link", "https://www.example.org/programme"),
    ]
    assert [a.attrs["href"] for a in intro.find("dl").find_all("a")] == [
        "/regions/EL65/",
        "https://www.example.org/programme",
    ]
    assert section(doc, "description-heading").texts("p") == ["The ERDF and ESF+ programme of the region."]
    assert section(doc, "improvement-heading").texts("p") == [
        "Status: In progress",
        "Open the business-support calls to social enterprises.",
    ]

    assessments = items(section(doc, "assessments-heading"))
    assert [a.texts("h3") for a in assessments] == [["Oct. 2, 2025"], ["March 12, 2025"]]
    assert assessments[0].find("time").attrs["datetime"] == "2025-10-02"
    assert facts(assessments[0]) == [
        ("Reviewing partners", "Haskovo Municipality, Region of Peloponnese"),
        ("Findings", "Progress on the calls."),
    ]
    assert facts(assessments[1]) == [
        ("Reviewing partners", "Haskovo Municipality"),
        ("Findings", "The calls ask for guarantees."),
        ("Recommendations", "Accept a guarantee fund."),
    ]

    practices = section(doc, "practices-heading")
    assert practices.texts("p", **{"class": "practice-total"}) == [
        "2 published practices are relevant to this policy instrument."
    ]
    assert [(h3.text, h3.find("a").attrs["href"]) for h3 in practices.find_all("h3")] == [
        ("Olive oil cooperative", world.olive_oil.get_absolute_url()),
        ("Village shop", world.village_shop.get_absolute_url()),
    ]

    transfers = section(doc, "transfers-heading")
    assert [(h3.text, h3.find("a").attrs["href"]) for h3 in transfers.find_all("h3")] == [
        ("Social clauses in procurement", world.social_clauses.get_absolute_url())
    ]
    assert facts(transfers) == [
        ("Stage", "Adapting"),
        ("Practice of", "Haskovo Municipality, Haskovo (Bulgaria)"),
        ("Transferred by", "Region of Peloponnese"),
    ]
    assert doc.find_all("p", **{"class": "empty-state"}) == []
    content = response.content.decode()
    for hidden in ("Draft nobody may see", "Archived practice", "Submitted in Paris"):
        assert hidden not in content
    check_page(doc)


def test_policy_instrument_page_with_little_recorded_says_so(client, world):
    doc = dom(client.get("/regions/instruments/haskovo-strategy/"))
    assert doc.find_all("span", **{"class": "badge sample-badge"}) == []
    intro = doc.find("div", **{"class": "page-intro"})
    assert facts(intro)[0] == ("Type", "Local strategy or plan")
    assert facts(intro)[4:] == [("Period", "2021")]
    assert section(doc, "improvement-heading").texts("p") == [
        "Status: Not started",
        "The improvement sought has not been described yet.",
    ]
    assert doc.texts("p", **{"class": "empty-state"}) == [
        "The improvement sought has not been described yet.",
        "No joint assessments recorded yet.",
        "No published practices are linked to this policy instrument yet.",
    ]
    # Haskovo's partner transfers the village shop to improve this strategy.
    assert section(doc, "transfers-heading").texts("h3") == ["Village shop"]
    check_page(doc)


def test_policy_instrument_without_period_says_so(client, db):
    PolicyInstrumentFactory(slug="no-period", period_start=None, period_end=None)
    intro = dom(client.get("/regions/instruments/no-period/")).find("div", **{"class": "page-intro"})
    assert ("Period", "Not stated") in facts(intro)


def test_unknown_policy_instrument_is_404(client, world):
    assert client.get("/regions/instruments/no-such-instrument/").status_code == 404


def add_to_instrument(instrument, number):
    practice = published(partner=instrument.partner, themes=[theme("awareness"), theme("access")])
    practice.policy_instruments.add(instrument)
    GoodPracticeFactory(partner=instrument.partner).policy_instruments.add(instrument)
    assessment(instrument, datetime.date(2025, 1, number), [PartnerFactory(), PartnerFactory()], "Findings.")
    transfer(published(), instrument.partner, instrument=instrument)


def test_policy_instrument_page_query_count_does_not_grow(client, db, django_assert_num_queries):
    # Instrument with region and partner; assessments; their reviewing partners; practices: count, page,
    # themes; transfers.
    instrument = PolicyInstrumentFactory(slug="programme")
    add_to_instrument(instrument, 1)
    with django_assert_num_queries(7):
        doc = dom(client.get("/regions/instruments/programme/"))
    assert len(items(section(doc, "assessments-heading"))) == 1
    for number in range(2, 9):
        add_to_instrument(instrument, number)
    with django_assert_num_queries(7):
        doc = dom(client.get("/regions/instruments/programme/"))
    assert len(items(section(doc, "assessments-heading"))) == 8
    assert len(items(section(doc, "practices-heading"))) == 8
    assert len(items(section(doc, "transfers-heading"))) == 8


# --- in German --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/de/regions/", "/de/regions/EL65/", "/de/regions/FR101/", "/de/regions/instruments/peloponnese-programme/"]
)
def test_pages_in_german(client, world, url):
    doc = dom(client.get(url))
    assert doc.find("html").attrs["lang"] == "de"
    breadcrumb = doc.find("nav", **{"aria-label": "Pfadnavigation"})
    assert [a.attrs["href"] for a in breadcrumb.find_all("a")][:1] == ["/de/"]
    check_page(doc)


def test_other_regions_come_fifty_to_a_page_by_code(client, db):
    partner = PartnerFactory(region=RegionFactory(code="DE1", country="DE", level=1))
    for number in range(55):
        published(partner=partner, region=RegionFactory(code=f"AT{number:03d}", country="AT", level=3))
    first = section(dom(client.get("/regions/")), "other-regions-heading")
    second = section(dom(client.get("/regions/?page=2")), "other-regions-heading")
    codes = [row.find("th").text.split("(")[-1].rstrip(")") for row in second.find("tbody").find_all("tr")]
    assert len(first.find("tbody").find_all("tr")) == 50
    assert codes == ["AT050", "AT051", "AT052", "AT053", "AT054"]
    assert first.find("nav", **{"aria-label": "Pages of other regions"}).texts("a") == ["Page 2", "Next"]
