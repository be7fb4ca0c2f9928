"""The page of a policy instrument: its period, assessments, practices and transfers."""

import datetime

import pytest

from tests.factories import (
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    theme,
)
from tests.html import dom, section
from tests.regions.helpers import (
    FOOTER_HEADING,
    assessment,
    breadcrumbs,
    check_page,
    facts,
    headings,
    items,
    meta_description,
    published,
    transfer,
)

pytestmark = pytest.mark.django_db


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
    # themes, first images (one query for the page: GoodPracticeQuerySet.for_cards); transfers.
    instrument = PolicyInstrumentFactory(slug="programme")
    add_to_instrument(instrument, 1)
    with django_assert_num_queries(8):
        doc = dom(client.get("/regions/instruments/programme/"))
    assert len(items(section(doc, "assessments-heading"))) == 1
    for number in range(2, 9):
        add_to_instrument(instrument, number)
    with django_assert_num_queries(8):
        doc = dom(client.get("/regions/instruments/programme/"))
    assert len(items(section(doc, "assessments-heading"))) == 8
    assert len(items(section(doc, "practices-heading"))) == 8
    assert len(items(section(doc, "transfers-heading"))) == 8
