"""A published practice as schema.org JSON-LD at /practices/<slug>.jsonld: the document its page embeds."""

import datetime
import json
import socket

import pytest
import rdflib
import rdflib.parser
from django.urls import reverse
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from practices.choices import Language, TargetGroup
from practices.models import PracticeImage, State
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    RegionFactory,
    ReviewerFactory,
    SuperuserFactory,
    TopicFactory,
    theme,
)
from tests.html import fragment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PAGE = "http://testserver/practices/village-shop/"
SDO = rdflib.Namespace("https://schema.org/")


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def offline(monkeypatch):
    """No network: rdflib's URL opener and every socket connection raise NetworkUsed."""

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network used: {args!r}")

    monkeypatch.setattr(rdflib.parser, "_urlopen", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def practice():
    region = RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", country="DE")
    practice = GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        summary="Villagers own the shop together.",
        title_original="Dorfladen als Genossenschaft",
        original_language=Language.GERMAN,
        target_groups=[TargetGroup.CONSUMERS],
        partner=PartnerFactory(name="Rhine-Neckar Regional Association", website="https://www.m-r-n.com/"),
        region=region,
        start_date=datetime.date(2019, 3, 1),
        website="https://dorfladen.example.org/",
        contact_name="Anna Beispiel",
        contact_email="anna@dorfladen.example.org",
        contact_phone="+49 6221 123 456",
        contact_consent=True,
        themes=[theme("awareness"), theme("strengthening")],
        topics=[TopicFactory(slug="cooperatives", name="Cooperatives")],
    )
    PracticeImage.objects.create(practice=practice, image="practices/images/shop.jpg", alt_text="The shop")
    return practice


def jsonld_of(client, practice):
    response = client.get(reverse("practices:practice-jsonld", args=[practice.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return response.content.decode()


def test_the_address_of_the_document():
    assert reverse("practices:practice-jsonld", args=["village-shop"]) == "/practices/village-shop.jsonld"


def test_the_endpoint_serves_the_document_of_the_page(client, practice):
    document = json.loads(jsonld_of(client, practice))
    page = client.get(practice.get_absolute_url()).content.decode()
    assert document == json.loads(fragment(page).find("script", type="application/ld+json").string)
    assert document["@id"] == PAGE
    assert document["@context"]["@vocab"] == "https://schema.org/"


def test_it_holds_no_personal_data_even_with_consent(client, practice):
    text = jsonld_of(client, practice).lower()
    assert "anna" not in text and "6221" not in text


def test_rdflib_reads_it_without_the_network(client, practice, offline):
    graph = rdflib.Graph().parse(data=jsonld_of(client, practice), format="json-ld")
    work = rdflib.URIRef(PAGE)
    assert (work, RDF.type, SDO.CreativeWork) in graph
    assert graph.value(work, SDO.name) == rdflib.Literal("Village shop run by a cooperative")
    assert graph.value(work, SDO.url) == work  # an address, not a text
    assert graph.value(work, SDO.sameAs) == rdflib.URIRef("https://dorfladen.example.org/")
    themes = {str(graph.value(term, SDO.name)) for term in graph.objects(work, SDO.about)}
    assert themes == {"Awareness of the social economy", "Strengthening social enterprises"}
    assert {str(keyword) for keyword in graph.objects(work, SDO.keywords)} == {"Cooperatives"}
    author = graph.value(work, SDO.author)
    assert graph.value(author, SDO.name) == rdflib.Literal("Rhine-Neckar Regional Association")
    place = graph.value(work, SDO.spatialCoverage)
    assert graph.value(place, SDO.identifier) == rdflib.Literal("DE128")
    image = graph.value(work, SDO.image)
    assert graph.value(image, SDO.contentUrl) == rdflib.URIRef("http://testserver/media/practices/images/shop.jpg")
    original = graph.value(work, SDO.translationOfWork)
    assert graph.value(original, SDO.inLanguage) == rdflib.Literal("de")


def test_the_page_s_document_reads_the_same_offline(client, practice, offline):
    page = client.get(practice.get_absolute_url()).content.decode()
    block = fragment(page).find("script", type="application/ld+json").string
    on_page = rdflib.Graph().parse(data=block, format="json-ld")
    served = rdflib.Graph().parse(data=jsonld_of(client, practice), format="json-ld")
    assert isomorphic(on_page, served)
    assert len(served) > 20


def test_the_guard_would_catch_a_remote_context(client, practice, offline):
    """The `offline` fixture does stop rdflib from fetching: with schema.org's remote context it fails."""
    document = json.loads(jsonld_of(client, practice))
    document["@context"] = "https://schema.org"
    with pytest.raises(NetworkUsed):
        rdflib.Graph().parse(data=json.dumps(document), format="json-ld")


def test_in_another_language_the_labels_follow(client, practice):
    response = client.get("/de/practices/village-shop.jsonld")
    document = json.loads(response.content)
    assert document["@id"] == "http://testserver/de/practices/village-shop/"
    assert document["about"][0]["name"] == "Aufmerksamkeit für die Sozialwirtschaft"


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED])
def test_an_unpublished_practice_is_a_404_for_everybody(client, state):
    membership = MembershipFactory()
    practice = GoodPracticeFactory(partner=membership.partner, state=state, slug="not-published")
    url = reverse("practices:practice-jsonld", args=[practice.slug])
    for user in (None, membership.user, ReviewerFactory(), SuperuserFactory()):
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(membership.user)
    assert client.get(practice.get_absolute_url()).status_code == 200  # its editor reads its page


def test_an_unknown_practice_is_a_404(client):
    assert client.get("/practices/no-such-practice.jsonld").status_code == 404


def test_a_fixed_number_of_queries(client, practice, django_assert_num_queries):
    with django_assert_num_queries(4):  # the practice with its region and partner; themes, topics, images
        jsonld_of(client, practice)
