"""/api/v1/practices/<slug>/: every public field of a published practice, the contact only with consent, and a
query count that does not grow with what the practice holds."""

import datetime
from decimal import Decimal

import pytest

from practices.choices import InstitutionType, Language, PracticeType, TargetGroup
from practices.models import Criterion, PracticeAttachment, PracticeImage, PracticeResult, TransferInterest
from tests.api.helpers import PRACTICES, get_json, query_count
from tests.factories import (
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    ReviewerFactory,
    TopicFactory,
    theme,
)
from tests.files import pdf_upload
from tests.practices.detail.helpers import assess, many_things

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_name": "Anna Beispiel",
    "contact_email": "anna@dorfladen.example.org",
    "contact_phone": "+49 6221 1",
}


@pytest.fixture
def partner():
    region = RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", country="DE", level=3)
    return PartnerFactory(name="Rhine-Neckar Regional Association", short_name="VRRN", slug="vrrn", region=region)


@pytest.fixture
def practice(partner):
    """A published practice with every field of the template filled in."""
    return GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        title_original="Dorfladen als Genossenschaft",
        summary="Villagers own the shop together.",
        summary_original="Die Dorfbewohner besitzen den Laden gemeinsam.",
        original_language=Language.GERMAN,
        description="The shop sells food from local producers.",
        practice_type=PracticeType.PROJECT,
        target_groups=[TargetGroup.CONSUMERS, TargetGroup.RURAL_COMMUNITIES],
        rural_focus=True,
        partner=partner,
        main_institution="Dorfladen eG",
        institution_type=InstitutionType.COOPERATIVE,
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2027, 12, 31),
        resources="Two staff members and a shop building.",
        budget_eur=Decimal("12500.50"),
        funding_source="LEADER programme",
        evidence="Turnover grew every year.",
        difficulties="Finding volunteers for Saturdays.",
        transfer_potential="Any village with a vacant shop can do it.",
        website="https://dorfladen.example.org/",
        **CONTACT,
        themes=[theme("awareness"), theme("strengthening")],
        topics=[TopicFactory(slug="cooperatives", name="Cooperatives")],
        published_at=datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC),
    )


def detail(client, practice, **params):
    return get_json(client, f"{PRACTICES}{practice.slug}/", params)


# -- contact only with consent ------------------------------------------------------------------------------------


def test_the_contact_with_consent(client, practice):
    practice.contact_consent = True
    practice.save()
    assert detail(client, practice)["contact"] == {
        "name": "Anna Beispiel",
        "email": "anna@dorfladen.example.org",
        "phone": "+49 6221 1",
    }


def test_without_consent_nothing_of_the_contact_appears(client, practice):
    response = client.get(f"{PRACTICES}{practice.slug}/")
    assert response.json()["contact"] is None
    body = response.content.decode()
    for private in ("Anna", "Beispiel", "anna@dorfladen", "6221"):
        assert private not in body
    # Nor in the list, a search for the name, or the German answer.
    for params in ({}, {"q": "Anna"}, {"lang": "de"}):
        listed = client.get(PRACTICES, params).content.decode()
        assert "Beispiel" not in listed
        assert "anna@" not in listed


def test_consent_without_details_shows_no_contact(client):
    practice = GoodPracticeFactory(published=True, contact_consent=True)
    assert detail(client, practice)["contact"] is None


# -- every public field -------------------------------------------------------------------------------------------


def test_the_detail_carries_every_public_field(client, practice, partner):
    other_region = RegionFactory(code="PL911", name="Miasto Warszawa", country="PL", level=3)
    other = PartnerFactory(name="Mazowieckie Region", short_name="MAZ", slug="maz", region=other_region)
    instrument = PolicyInstrumentFactory(name="Regional programme Mazowsze", slug="rp-mazowsze", partner=other)
    own_instrument = PolicyInstrumentFactory(name="LEADER Rhein-Neckar", slug="leader-rn", partner=partner)
    practice.policy_instruments.set([own_instrument])
    third = PartnerFactory(name="Haskovo Municipality", short_name="HASK", slug="haskovo")
    TransferInterest.objects.create(
        practice=practice,
        partner=other,
        stage=TransferInterest.Stage.ADAPTING,
        policy_instrument=instrument,
        note="Two pilots.",
    )
    TransferInterest.objects.create(practice=practice, partner=third, stage=TransferInterest.Stage.INTERESTED, note="")
    PracticeImage.objects.create(
        practice=practice,
        image="practices/images/shop.jpg",
        thumbnail="practices/thumbnails/shop.jpg",
        alt_text="The shop's counter with local cheese",
        caption="The counter",
        credit="Jana Foto",
    )
    PracticeImage.objects.create(practice=practice, image="practices/images/team.jpg", alt_text="The team", order=1)
    attachment = PracticeAttachment.objects.create(practice=practice, file=pdf_upload(size=3000), title="Annual report")
    PracticeResult.objects.create(practice=practice, indicator="Jobs created", value=12, unit="jobs", year=2024)
    PracticeResult.objects.create(practice=practice, indicator="Share of local food", value=Decimal("0.25"), order=1)
    assess(
        practice,
        ReviewerFactory(),
        {criterion: (5 if n % 2 else 4, f"Comment {n}.") for n, criterion in enumerate(Criterion.values[:6])},
    )

    data = detail(client, practice)
    updates = {name: data.pop(name) for name in ("updated_at", "transfers")}
    assert data == {
        "id": practice.pk,
        "slug": "village-shop",
        "url": "http://testserver/practices/village-shop/",
        "api_url": "http://testserver/api/v1/practices/village-shop/",
        "title": "Village shop run by a cooperative",
        "summary": "Villagers own the shop together.",
        "title_original": "Dorfladen als Genossenschaft",
        "summary_original": "Die Dorfbewohner besitzen den Laden gemeinsam.",
        "original_language": {"value": "de", "label": "German"},
        "themes": [
            {"slug": "awareness", "label": "Awareness of the social economy"},
            {"slug": "strengthening", "label": "Strengthening social enterprises"},
        ],
        "region": {
            "code": "DE128",
            "name": "Rhein-Neckar-Kreis",
            "official_name": "Rhein-Neckar-Kreis",
            "country": {"value": "DE", "label": "Germany"},
        },
        "partner": {"slug": "vrrn", "name": "Rhine-Neckar Regional Association", "short_name": "VRRN"},
        "start_date": "2019-03-01",
        "published_at": "2025-01-15T13:00:00+01:00",
        "is_sample": False,
        "description": "The shop sells food from local producers.",
        "topics": [{"slug": "cooperatives", "label": "Cooperatives"}],
        "practice_type": {"value": "project", "label": "Project"},
        "target_groups": [
            {"value": "consumers", "label": "Consumers"},
            {"value": "rural_communities", "label": "Rural communities and farmers"},
        ],
        "rural_focus": True,
        "main_institution": "Dorfladen eG",
        "institution_type": {"value": "cooperative", "label": "Cooperative"},
        "end_date": "2027-12-31",
        "resources": "Two staff members and a shop building.",
        "budget_eur": "12500.50",
        "funding_source": "LEADER programme",
        "evidence": "Turnover grew every year.",
        "difficulties": "Finding volunteers for Saturdays.",
        "transfer_potential": "Any village with a vacant shop can do it.",
        "policy_instruments": [
            {
                "slug": "leader-rn",
                "name": "LEADER Rhein-Neckar",
                "url": "http://testserver/regions/instruments/leader-rn/",
                "api_url": "http://testserver/api/v1/instruments/leader-rn/",
            }
        ],
        "website": "https://dorfladen.example.org/",
        "contact": None,
        "images": [
            {
                "url": "http://testserver/media/practices/images/shop.jpg",
                "thumbnail_url": "http://testserver/media/practices/thumbnails/shop.jpg",
                "alt_text": "The shop's counter with local cheese",
                "caption": "The counter",
                "credit": "Jana Foto",
            },
            {
                "url": "http://testserver/media/practices/images/team.jpg",
                "thumbnail_url": None,
                "alt_text": "The team",
                "caption": "",
                "credit": "",
            },
        ],
        "attachments": [
            {
                "title": "Annual report",
                "url": f"http://testserver{attachment.file.url}",
                "size": 3000,
                "file_type": "PDF",
            }
        ],
        "results": [
            {"indicator": "Jobs created", "value": "12.00", "unit": "jobs", "year": 2024},
            {"indicator": "Share of local food", "value": "0.25", "unit": "", "year": None},
        ],
        "assessment": {
            "date": "2025-01-15T13:00:00+01:00",
            "criteria": [
                {"criterion": {"value": "relevance", "label": "Relevance"}, "score": 4, "comment": "Comment 0."},
                {
                    "criterion": {"value": "duration", "label": "In place for at least two years"},
                    "score": 5,
                    "comment": "Comment 1.",
                },
                {
                    "criterion": {"value": "quality_assurance", "label": "Quality-assurance procedures"},
                    "score": 4,
                    "comment": "Comment 2.",
                },
                {
                    "criterion": {"value": "effectiveness", "label": "Effectiveness and efficiency"},
                    "score": 5,
                    "comment": "Comment 3.",
                },
                {
                    "criterion": {"value": "sustainability", "label": "Sustainability"},
                    "score": 4,
                    "comment": "Comment 4.",
                },
                {
                    "criterion": {"value": "transferability", "label": "Transferability"},
                    "score": 5,
                    "comment": "Comment 5.",
                },
                {"criterion": {"value": "ethics", "label": "Ethics"}, "score": None, "comment": None},  # not assessed
            ],
        },
    }
    assert attachment.file.url.startswith("/media/practices/attachments/")
    # The furthest transfer first.
    transfers = updates["transfers"]
    assert [{k: v for k, v in row.items() if k != "updated_at"} for row in transfers] == [
        {
            "partner": {"slug": "maz", "name": "Mazowieckie Region", "short_name": "MAZ"},
            "stage": {"value": "adapting", "label": "Adapting"},
            "policy_instrument": {
                "slug": "rp-mazowsze",
                "name": "Regional programme Mazowsze",
                "url": "http://testserver/regions/instruments/rp-mazowsze/",
                "api_url": "http://testserver/api/v1/instruments/rp-mazowsze/",
            },
            "note": "Two pilots.",
        },
        {
            "partner": {"slug": "haskovo", "name": "Haskovo Municipality", "short_name": "HASK"},
            "stage": {"value": "interested", "label": "Interested"},
            "policy_instrument": None,
            "note": "",
        },
    ]
    practice.refresh_from_db()
    assert datetime.datetime.fromisoformat(updates["updated_at"]) == practice.updated_at


def test_a_practice_without_extras_has_empty_lists_and_nulls(client):
    practice = GoodPracticeFactory(
        published=True, slug="bare", region=None, practice_type="", institution_type="", target_groups=[], themes=[]
    )
    data = detail(client, practice)
    assert {name: data[name] for name in ("region", "practice_type", "institution_type", "assessment", "contact")} == {
        "region": None,
        "practice_type": None,
        "institution_type": None,
        "assessment": None,
        "contact": None,
    }
    for name in ("themes", "topics", "target_groups", "policy_instruments", "images", "attachments", "results"):
        assert data[name] == [], name
    assert data["transfers"] == []
    assert (data["budget_eur"], data["end_date"], data["website"]) == (None, None, None)  # a missing link is null


def test_the_detail_in_german(client, practice):
    data = detail(client, practice, lang="de")
    assert data["original_language"] == {"value": "de", "label": "Deutsch"}
    assert data["institution_type"]["value"] == "cooperative"
    assert data["institution_type"]["label"] != "Cooperative"
    assert data["themes"][0] == {"slug": "awareness", "label": "Aufmerksamkeit für die Sozialwirtschaft"}
    assert data["title"] == "Village shop run by a cooperative"  # texts stay as written


def test_an_unknown_slug_is_a_404_in_json(client):
    assert get_json(client, f"{PRACTICES}no-such-practice/", status=404) == {
        "detail": "No GoodPractice matches the given query."
    }


# -- the query count does not grow with what the practice holds ---------------------------------------------------


def test_the_detail_makes_as_many_queries_for_five_of_everything_as_for_one(client, partner):
    reviewer = ReviewerFactory()
    few = GoodPracticeFactory(published=True, partner=partner, themes=[theme("access")])
    many_things(few, reviewer, images=1, results=1, topics=1, transfers=1, events=1, instruments=1)
    many = GoodPracticeFactory(
        published=True,
        partner=partner,
        themes=[theme("awareness"), theme("access"), theme("strengthening"), theme("social-innovation")],
    )
    many_things(many, reviewer, images=5, results=5, topics=5, transfers=5, events=5, instruments=5)
    for n in range(4):
        PracticeAttachment.objects.create(practice=many, file=pdf_upload(), title=f"Report {n}")
    assert query_count(client, f"{PRACTICES}{few.slug}/") == query_count(client, f"{PRACTICES}{many.slug}/")
    data = detail(client, many)
    assert [len(data[name]) for name in ("images", "results", "themes", "topics", "transfers", "attachments")] == [
        5,
        5,
        4,
        5,
        5,
        5,
    ]
    assert len(data["policy_instruments"]) == 5
    assert len(data["assessment"]["criteria"]) == 7
