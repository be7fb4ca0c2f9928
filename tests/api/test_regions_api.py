"""/api/v1/regions/, /nuts/ and /instruments/: the partner regions with their profiles, the NUTS lookup, and the policy
instruments with their joint assessments."""

import datetime

import pytest

from regions.models import PolicyInstrument
from tests.api.helpers import get_json, query_count
from tests.factories import JointAssessmentFactory, PartnerFactory, PolicyInstrumentFactory

pytestmark = pytest.mark.django_db

# -- partner regions ---------------------------------------------------------------------------------------------


def test_only_regions_with_a_partner_are_partner_regions(client, regions):
    data = get_json(client, "/api/v1/regions/")
    assert [region["code"] for region in data] == ["DE128", "EL65"]
    get_json(client, "/api/v1/regions/ES43/", status=404)
    get_json(client, "/api/v1/regions/EL6/", status=404)


def test_a_partner_region_with_its_profile_partners_and_instruments(client, regions):
    PolicyInstrumentFactory(name="Regional programme Peloponnese", slug="rp-pelop", partner=regions["peloponnese"])
    # An instrument of the region run by a partner elsewhere, and one of another region: only the first is its.
    PolicyInstrumentFactory(name="National strategy", slug="national", partner=regions["vrrn"], region=regions["EL65"])
    PolicyInstrumentFactory(name="LEADER Rhein-Neckar", slug="leader-rn", partner=regions["vrrn"])
    data = get_json(client, "/api/v1/regions/el65/")
    assert data == {
        "code": "EL65",
        "name": "Peloponnese",
        "official_name": "Πελοπόννησος",
        "country": {"value": "EL", "label": "Greece"},
        "name_latin": "Peloponnisos",
        "level": 2,
        "parent": "EL6",
        "typology": {"value": "rural", "label": "Predominantly rural"},
        "api_url": "http://testserver/api/v1/nuts/EL65/",
        "url": "http://testserver/regions/EL65/",
        "description": "Olive groves and mountain villages.",
        "image": "http://testserver/media/regions/peloponnese.jpg",
        "image_alt": "Olive trees above the sea",
        "partners": [
            {
                "slug": "kmop",
                "name": "KMOP",
                "short_name": "KMOP",
                "type": {"value": "ngo", "label": "Non-governmental organisation"},
                "is_lead": True,
                "website": None,
                "logo": None,
                "description": "",
            },
            {
                "slug": "peloponnese",
                "name": "Region of Peloponnese",
                "short_name": "PELOP",
                "type": {"value": "regional_authority", "label": "Regional public authority"},
                "is_lead": False,
                "website": "https://www.ppel.gov.gr/",
                "logo": "http://testserver/media/partners/pelop.png",
                "description": "The regional authority.",
            },
        ],
        "policy_instruments": [
            {
                "slug": "national",
                "name": "National strategy",
                "url": "http://testserver/regions/instruments/national/",
                "api_url": "http://testserver/api/v1/instruments/national/",
            },
            {
                "slug": "rp-pelop",
                "name": "Regional programme Peloponnese",
                "url": "http://testserver/regions/instruments/rp-pelop/",
                "api_url": "http://testserver/api/v1/instruments/rp-pelop/",
            },
        ],
    }
    listed = get_json(client, "/api/v1/regions/")
    assert listed[1] == data
    assert [i["slug"] for i in listed[0]["policy_instruments"]] == ["leader-rn", "national"]


def test_region_names_follow_the_readers_language(client, regions):
    assert get_json(client, "/api/v1/regions/EL65/", {"lang": "el"})["name"] == "Πελοπόννησος"
    german = get_json(client, "/api/v1/regions/EL65/", {"lang": "de"})
    assert (german["name"], german["country"]["label"]) == ("Peloponnisos", "Griechenland")


# -- NUTS lookup -------------------------------------------------------------------------------------------------


def nuts_codes(client, params=None, status=200):
    return [region["code"] for region in get_json(client, "/api/v1/nuts/", params, status=status)["results"]]


def test_a_nuts_region_by_its_code_in_any_case(client, regions):
    expected = {
        "code": "EL651",
        "name": "Argolida, Arkadia",
        "official_name": "Αργολίδα, Αρκαδία",
        "country": {"value": "EL", "label": "Greece"},
        "name_latin": "Argolida, Arkadia",
        "level": 3,
        "parent": "EL65",
        "typology": None,
        "api_url": "http://testserver/api/v1/nuts/EL651/",
    }
    assert get_json(client, "/api/v1/nuts/EL651/") == expected
    assert get_json(client, "/api/v1/nuts/el651/") == expected
    assert get_json(client, "/api/v1/nuts/el65/")["code"] == "EL65"
    assert get_json(client, "/api/v1/nuts/XX999/", status=404) == {"detail": "No Region matches the given query."}
    assert client.get("/api/v1/nuts/EL6-5/").status_code == 404


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({}, ["DE1", "DE12", "DE128", "EL6", "EL65", "EL651", "ES43"]),
        ({"code": ["el65", "DE128", "XX1"]}, ["DE128", "EL65"]),
        ({"country": "el"}, ["EL6", "EL65", "EL651"]),
        ({"level": "2"}, ["DE12", "EL65", "ES43"]),
        ({"level": "2", "country": "DE"}, ["DE12"]),
        ({"parent": "el65"}, ["EL651"]),
        ({"parent": "DE1"}, ["DE12"]),
        ({"name": "pelopon"}, ["EL65"]),  # the Latin and English names count too
        ({"name": "Πελοπ"}, ["EL65"]),
        ({"name": "  karlsruhe "}, ["DE12"]),
        ({"name": "nowhere"}, []),
    ],
)
def test_the_nuts_lookup(client, regions, params, codes):
    assert nuts_codes(client, params) == codes


@pytest.mark.parametrize("level", ["7", "0", "abc", "1.5"])
def test_a_nuts_level_other_than_1_2_3_is_a_400(client, regions, level):
    assert get_json(client, "/api/v1/nuts/", {"level": level}, status=400) == {
        "level": ["The NUTS level is 1, 2 or 3."]
    }


def test_the_nuts_lookup_pages(client, regions):
    data = get_json(client, "/api/v1/nuts/", {"page_size": 3, "page": 2})
    assert (data["count"], [r["code"] for r in data["results"]]) == (7, ["EL6", "EL65", "EL651"])
    assert data["next"] == "http://testserver/api/v1/nuts/?page=3&page_size=3"


# -- policy instruments ------------------------------------------------------------------------------------------


def test_an_instrument_with_its_joint_assessments(client, regions):
    instrument = PolicyInstrumentFactory(
        name="Regional programme Peloponnese",
        slug="rp-pelop",
        type=PolicyInstrument.Type.EU_PROGRAMME,
        managing_authority="Managing authority of the Peloponnese programme",
        partner=regions["peloponnese"],
        period_start=2021,
        period_end=2027,
        url="https://www.ppel.gov.gr/programme/",
        description="Funds regional development.",
        improvement_sought="A rural window for social enterprises.",
        improvement_status=PolicyInstrument.ImprovementStatus.ACHIEVED,
    )
    JointAssessmentFactory(
        instrument=instrument,
        date=datetime.date(2025, 6, 12),
        reviewing_partners=[regions["vrrn"], regions["kmop"]],
        findings="Few rural applicants.",
        recommendations="Add a rural window.",
    )
    data = get_json(client, "/api/v1/instruments/rp-pelop/")
    updated_at = data.pop("updated_at")
    assert data == {
        "slug": "rp-pelop",
        "name": "Regional programme Peloponnese",
        "url": "http://testserver/regions/instruments/rp-pelop/",
        "api_url": "http://testserver/api/v1/instruments/rp-pelop/",
        "type": {"value": "eu_programme", "label": "EU-funded programme (e.g. ERDF or ESF+ programme)"},
        "managing_authority": "Managing authority of the Peloponnese programme",
        "region": {
            "code": "EL65",
            "name": "Peloponnese",
            "official_name": "Πελοπόννησος",
            "country": {"value": "EL", "label": "Greece"},
        },
        "partner": {"slug": "peloponnese", "name": "Region of Peloponnese", "short_name": "PELOP"},
        "period_start": 2021,
        "period_end": 2027,
        "link": "https://www.ppel.gov.gr/programme/",
        "description": "Funds regional development.",
        "improvement_sought": "A rural window for social enterprises.",
        "improvement_status": {"value": "achieved", "label": "Achieved"},
        "joint_assessments": [
            {
                "date": "2025-06-12",
                "reviewing_partners": [
                    {"slug": "kmop", "name": "KMOP", "short_name": "KMOP"},
                    {"slug": "vrrn", "name": "Rhine-Neckar Regional Association", "short_name": "VRRN"},
                ],
                "findings": "Few rural applicants.",
                "recommendations": "Add a rural window.",
            }
        ],
        "is_sample": False,
    }
    instrument.refresh_from_db()
    assert datetime.datetime.fromisoformat(updated_at) == instrument.updated_at
    listed = get_json(client, "/api/v1/instruments/")
    assert listed["count"] == 1
    assert listed["results"][0]["joint_assessments"] == data["joint_assessments"]
    get_json(client, "/api/v1/instruments/no-such-instrument/", status=404)


def test_instruments_are_listed_by_name(client, regions):
    for name in ("Zeta fund", "Alpha strategy", "Mu programme"):
        PolicyInstrumentFactory(name=name, partner=regions["vrrn"])
    assert [i["name"] for i in get_json(client, "/api/v1/instruments/")["results"]] == [
        "Alpha strategy",
        "Mu programme",
        "Zeta fund",
    ]


def test_the_instrument_list_makes_as_many_queries_for_five_as_for_one(client, regions):
    def instrument_with_assessments(n):
        instrument = PolicyInstrumentFactory(partner=PartnerFactory())
        for _ in range(n):
            JointAssessmentFactory(instrument=instrument, reviewing_partners=[PartnerFactory(), regions["kmop"]])

    instrument_with_assessments(1)
    few = query_count(client, "/api/v1/instruments/")
    for n in range(4):
        instrument_with_assessments(n + 1)
    assert query_count(client, "/api/v1/instruments/") == few
    assert get_json(client, "/api/v1/instruments/")["count"] == 5
