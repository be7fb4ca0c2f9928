"""The open-data catalogue (DCAT-AP 3) at /catalog.ttl, /catalog.rdf and /catalog.jsonld.

The graph is checked against the official DCAT-AP 3.0.1 SHACL shapes (tests/data/dcat-ap/, an unmodified copy).
Validating with the whole shapes takes a while, so the catalogue of one realistic database is fetched and
validated once for the module (`served`, `validation`); the tests that change the data build their own.
"""

import datetime
import hashlib
import json
from pathlib import Path

import pyshacl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rdflib import DCTERMS, FOAF, RDF, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from practices.models import GoodPractice, State
from regions.countries import Country
from secon_portal.catalog import COUNTRY_CODES, LANGUAGE_CODES, PATHS, catalog_graph
from tests.factories import GoodPracticeFactory, MembershipFactory, PartnerFactory, RegionFactory
from tests.html import dom, section

SHAPES = Path(__file__).parent / "data" / "dcat-ap" / "dcat-ap-3.0.1-SHACL.ttl"
SHAPES_SHA256 = "990d3e42721de6a4be8cc338a7171559f195e62dea89c0b56531356b78cc026f"
# Plain namespaces: pytest looks at every name of a test module, and rdflib's DCAT and XSD warn when asked for a
# term they do not define.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
AUTHORITY = "http://publications.europa.eu/resource/authority/"
PORTAL = "https://portal.example.org"
CATALOG = URIRef(f"{PORTAL}/catalog")
DATASET = URIRef(f"{PORTAL}/catalog#practices")
SERVICE = URIRef(f"{PORTAL}/catalog#api")
PUBLISHER = URIRef(f"{PORTAL}/catalog#publisher")
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
PORTAL_SETTINGS = {"PORTAL_URL": PORTAL, "OPEN_DATA_CONTACT_EMAIL": "opendata@example.org"}
FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
}
# What the practices' people gave the portal: it never reaches the catalogue.
PERSONAL = ("Jane Doe", "jane.doe@example.org", "+30 210 1234567", "editor.person@example.org")
PUBLISHED_AT = datetime.datetime(2025, 3, 10, 9, 30, tzinfo=datetime.UTC)
UPDATED_AT = datetime.datetime(2025, 6, 2, 14, 0, 5, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _portal_settings(settings):
    for name, value in PORTAL_SETTINGS.items():
        setattr(settings, name, value)


def published_practice(partner, **fields):
    """A published practice of `partner`, with its publication and last change at PUBLISHED_AT and UPDATED_AT."""
    practice = GoodPracticeFactory(partner=partner, published=True, **fields)
    GoodPractice.objects.filter(pk=practice.pk).update(published_at=PUBLISHED_AT, updated_at=UPDATED_AT)
    return practice


def populate():
    """Two partners, in Germany (the lead) and Greece; a published practice of each, one with a public contact;
    a draft."""
    lead = PartnerFactory(
        name="Rhine-Neckar Regional Association",
        is_lead=True,
        website="https://lead.example.org/",
        region=RegionFactory(code="DE12", country="DE", level=1),
    )
    greek = PartnerFactory(region=RegionFactory(code="EL65", country="EL", level=2))
    MembershipFactory(partner=greek, user__email="editor.person@example.org")
    published_practice(
        lead,
        start_date=datetime.date(2017, 4, 1),
        end_date=datetime.date(2024, 12, 31),
        contact_name="Jane Doe",
        contact_email="jane.doe@example.org",
        contact_phone="+30 210 1234567",
        contact_consent=True,
    )
    published_practice(greek, start_date=datetime.date(2019, 9, 1), end_date=None)
    GoodPracticeFactory(partner=greek, start_date=datetime.date(2001, 1, 1))


def parse(response, format):
    return Graph().parse(data=response.content.decode(), format=FORMATS[format][0])


@pytest.fixture
def served(db):
    """The responses for the three formats. For each test (a fixture of the module's scope would need the database
    outside a test, which Playwright's event loop forbids once the browser tests have run in the session)."""
    populate()
    client = Client()
    return {format: client.get(f"/catalog.{format}") for format in FORMATS}


@pytest.fixture
def catalogue(served):
    """The graph served in Turtle."""
    return parse(served["ttl"], "ttl")


# The DataService shape of DCAT-AP 3.0.1 lists two property shapes that the file never defines
# (https://github.com/SEMICeu/DCAT-AP/issues/448): pySHACL, like Jena, refuses such shapes. The file stays as
# published; the two dangling references are dropped once it is loaded.
UNDEFINED_PROPERTY_SHAPES = {
    URIRef(f"https://semiceu.github.io/DCAT-AP/releases/3.0.1#dcat:DataServiceShape/{name}")
    for name in ("dc08f4dca4377fade57f89454e3fa06a8389d314", "eb3ac4e4fdde2e2588a9502c5956060a18c5c99f")
}


@pytest.fixture(scope="module")
def shapes():
    graph = Graph().parse(SHAPES, format="turtle")
    undefined = {shape for shape in graph.objects(None, SH.property) if (shape, None, None) not in graph}
    assert undefined == UNDEFINED_PROPERTY_SHAPES
    for shape in undefined:
        graph.remove((None, SH.property, shape))
    return graph


def validate(graph, shapes):
    return pyshacl.validate(graph, shacl_graph=shapes, inference="none")


@pytest.fixture
def validation(catalogue, shapes):
    return validate(catalogue, shapes)


def literals(graph, subject, predicate):
    return {(str(value), value.language) for value in graph.objects(subject, predicate)}


def the(graph, subject, predicate):
    (value,) = graph.objects(subject, predicate)
    return value


# -- addresses and formats ------------------------------------------------------------------------------------------


def test_addresses():
    assert [reverse("catalog", kwargs={"format": format}) for format in FORMATS] == [
        "/catalog.ttl",
        "/catalog.rdf",
        "/catalog.jsonld",
    ]


def test_paths_are_those_of_the_portal():
    """The catalogue's fixed paths (secon_portal.catalog.PATHS) are where the portal serves those things."""
    names = {
        "home": "home",
        "about": "about",
        "practice-list": "practices:practice-list",
        "export-csv": "practices:practice-export-csv",
        "export-xlsx": "practices:practice-export-xlsx",
        "feed": "practices:practice-feed",
        "api-root": "api:api-root",
        "api-schema": "api:schema",
        "api-docs": "api:docs",
    }
    with translation.override("en"):
        assert {key: reverse(name) for key, name in names.items()} == {key: PATHS[key] for key in names}
    assert reverse("catalog", kwargs={"format": "ttl"}) == PATHS["catalog"] + ".ttl"


@pytest.mark.parametrize("path", ["/catalog.xml", "/catalog", "/de/catalog.ttl", "/catalog.ttl/"])
def test_other_addresses_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_catalogue_is_read_only(client, db):
    assert client.post("/catalog.ttl").status_code == 405
    assert client.head("/catalog.ttl").status_code == 200


# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_three_formats_give_one_graph(served):
    for format, (_parser, content_type) in FORMATS.items():
        assert served[format].status_code == 200
        assert served[format]["Content-Type"] == content_type
    turtle = parse(served["ttl"], "ttl")
    assert len(turtle) > 150
    assert isomorphic(turtle, parse(served["rdf"], "rdf"))
    assert isomorphic(turtle, parse(served["jsonld"], "jsonld"))
    assert json.loads(served["jsonld"].content)["@context"]["dcat"] == str(DCAT)


def test_same_graph_whoever_asks(client, db):
    populate()
    here = parse(client.get("/catalog.ttl"), "ttl")
    elsewhere = parse(client.get("/catalog.ttl", HTTP_HOST="localhost"), "ttl")
    assert isomorphic(here, elsewhere)
    uris = {str(term) for triple in here for term in triple if isinstance(term, URIRef)}
    assert {uri for uri in uris if "testserver" in uri or "localhost" in uri} == set()
    assert {uri for uri in uris if uri.startswith(PORTAL)} >= {f"{PORTAL}/catalog", f"{PORTAL}/practices/"}


# -- conformance to DCAT-AP 3 ---------------------------------------------------------------------------------------


def test_shapes_are_the_official_file():
    assert hashlib.sha256(SHAPES.read_bytes()).hexdigest() == SHAPES_SHA256


def test_conforms_to_dcat_ap(validation):
    conforms, _report, text = validation
    assert conforms, text


@pytest.mark.parametrize(
    ("subject", "mandatory"),
    [(CATALOG, DCTERMS.publisher), (CATALOG, DCTERMS.title), (DATASET, DCTERMS.title), (DATASET, DCTERMS.description)],
    ids=["catalogue-publisher", "catalogue-title", "dataset-title", "dataset-description"],
)
def test_without_a_mandatory_property_it_does_not_conform(catalogue, shapes, subject, mandatory):
    broken = Graph()
    for triple in catalogue:
        broken.add(triple)
    broken.remove((subject, mandatory, None))
    conforms, report, text = validate(broken, shapes)
    assert conforms is False
    results = [
        (report.value(result, SH.focusNode), report.value(result, SH.resultPath))
        for result in report.subjects(SH.sourceConstraintComponent, SH.MinCountConstraintComponent)
    ]
    assert results == [(subject, mandatory)], text
    assert "MinCountConstraintComponent" in text


# -- what it says ---------------------------------------------------------------------------------------------------


def test_catalogue(catalogue):
    assert the(catalogue, CATALOG, RDF.type) == DCAT.Catalog
    titles = literals(catalogue, CATALOG, DCTERMS.title)
    assert ("SECON good-practice portal", "en") in titles
    assert ("SECON-Portal für Good Practices", "de") in titles
    assert ("SECON good-practice portal", None) not in titles
    # One literal per language, and none that repeats the English under another language's tag.
    assert len({language for _text, language in titles}) == len(titles) > 2
    assert [text for text, language in titles if language != "en" and text == "SECON good-practice portal"] == []
    assert "en" in {language for _text, language in literals(catalogue, CATALOG, DCTERMS.description)}
    assert the(catalogue, CATALOG, FOAF.homepage) == URIRef(f"{PORTAL}/")
    assert the(catalogue, CATALOG, DCTERMS.license) == LICENCE
    assert (LICENCE, RDF.type, DCTERMS.LicenseDocument) in catalogue
    assert set(catalogue.objects(CATALOG, DCTERMS.language)) == {
        URIRef(f"{AUTHORITY}language/{code}")
        for code in ("ENG", "DEU", "ELL", "BUL", "NLD", "FRA", "RON", "HUN", "POL", "POR", "LAV", "SPA")
    }
    assert the(catalogue, CATALOG, DCAT.themeTaxonomy) == URIRef(f"{AUTHORITY}data-theme")
    assert the(catalogue, CATALOG, DCTERMS.modified) == Literal("2025-06-02T14:00:05+00:00", datatype=XSD.dateTime)
    assert the(catalogue, CATALOG, DCAT.dataset) == DATASET
    assert the(catalogue, CATALOG, DCAT.service) == SERVICE


def test_publisher_is_the_lead_partner(catalogue):
    assert the(catalogue, CATALOG, DCTERMS.publisher) == PUBLISHER
    assert the(catalogue, DATASET, DCTERMS.publisher) == PUBLISHER
    assert the(catalogue, PUBLISHER, RDF.type) == FOAF.Agent
    assert the(catalogue, PUBLISHER, FOAF.name) == Literal("Rhine-Neckar Regional Association")
    assert the(catalogue, PUBLISHER, FOAF.homepage) == URIRef("https://lead.example.org/")


def test_publisher_without_a_lead_partner_is_the_project(db):
    PartnerFactory()
    graph = catalog_graph()
    assert the(graph, PUBLISHER, FOAF.name) == Literal("SECON")
    assert the(graph, PUBLISHER, FOAF.homepage) == URIRef("https://www.interregeurope.eu/secon")


def test_dataset(catalogue):
    assert the(catalogue, DATASET, RDF.type) == DCAT.Dataset
    assert literals(catalogue, DATASET, DCTERMS.title) >= {("SECON good practices", "en")}
    keywords = literals(catalogue, DATASET, DCAT.keyword)
    assert {("social economy", "en"), ("good practices", "en"), ("Awareness of the social economy", "en")} <= keywords
    assert set(catalogue.objects(DATASET, DCAT.theme)) == {
        URIRef(f"{AUTHORITY}data-theme/{code}") for code in ("SOCI", "ECON", "AGRI", "REGI")
    }
    assert set(catalogue.objects(DATASET, DCTERMS.spatial)) == {
        URIRef(f"{AUTHORITY}country/DEU"),
        URIRef(f"{AUTHORITY}country/GRC"),
    }
    period = the(catalogue, DATASET, DCTERMS.temporal)
    assert the(catalogue, period, RDF.type) == DCTERMS.PeriodOfTime
    # From the earliest start (the draft's, 2001, does not count) to the latest end or publication (the
    # ongoing Greek practice was published after the German one ended).
    assert the(catalogue, period, DCAT.startDate) == Literal("2017-04-01", datatype=XSD.date)
    assert the(catalogue, period, DCAT.endDate) == Literal("2025-03-10", datatype=XSD.date)
    assert the(catalogue, DATASET, DCTERMS.modified) == Literal("2025-06-02T14:00:05+00:00", datatype=XSD.dateTime)
    assert the(catalogue, DATASET, DCAT.landingPage) == URIRef(f"{PORTAL}/practices/")
    assert the(catalogue, DATASET, DCTERMS.license) == LICENCE
    contact = the(catalogue, DATASET, DCAT.contactPoint)
    assert set(catalogue.objects(contact, RDF.type)) == {VCARD.Kind, VCARD.Organization}
    assert the(catalogue, contact, VCARD.hasEmail) == URIRef("mailto:opendata@example.org")
    assert the(catalogue, contact, VCARD.fn) == Literal("SECON good-practice portal")


def test_distributions(catalogue):
    def described(distribution):
        return (
            the(catalogue, distribution, DCAT.accessURL),
            next(catalogue.objects(distribution, DCAT.downloadURL), None),
            the(catalogue, distribution, DCTERMS.format),
            the(catalogue, distribution, DCAT.mediaType),
            the(catalogue, distribution, DCTERMS.license),
        )

    file_type, media_type = f"{AUTHORITY}file-type/", "https://www.iana.org/assignments/media-types/"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    csv, excel, atom = (URIRef(f"{PORTAL}/practices/{name}") for name in ("export.csv", "export.xlsx", "feed.atom"))
    api = URIRef(f"{PORTAL}/api/v1/")
    assert {described(distribution) for distribution in catalogue.objects(DATASET, DCAT.distribution)} == {
        (csv, csv, URIRef(f"{file_type}CSV"), URIRef(f"{media_type}text/csv"), LICENCE),
        (excel, excel, URIRef(f"{file_type}XLSX"), URIRef(f"{media_type}{xlsx}"), LICENCE),
        (atom, atom, URIRef(f"{file_type}ATOM"), URIRef(f"{media_type}application/atom+xml"), LICENCE),
        (api, None, URIRef(f"{file_type}JSON"), URIRef(f"{media_type}application/json"), LICENCE),
    }
    (through_api,) = catalogue.subjects(DCAT.accessService, SERVICE)
    assert (DATASET, DCAT.distribution, through_api) in catalogue
    assert all(
        ("en" in {language for _text, language in literals(catalogue, distribution, DCTERMS.title)})
        for distribution in catalogue.objects(DATASET, DCAT.distribution)
    )


def test_data_service(catalogue):
    assert the(catalogue, SERVICE, RDF.type) == DCAT.DataService
    assert the(catalogue, SERVICE, DCAT.endpointURL) == URIRef(f"{PORTAL}/api/v1/")
    assert the(catalogue, SERVICE, DCAT.endpointDescription) == URIRef(f"{PORTAL}/api/v1/schema/")
    assert the(catalogue, SERVICE, DCAT.landingPage) == URIRef(f"{PORTAL}/api/v1/docs/")
    assert the(catalogue, SERVICE, DCAT.servesDataset) == DATASET
    assert literals(catalogue, SERVICE, DCTERMS.title) >= {("SECON open data API", "en")}


def test_nodes_constrained_by_class_are_typed(catalogue):
    """Without inference, a value checked with sh:class needs its rdf:type in the graph (the shapes pass too)."""
    expected = {
        DCTERMS.language: DCTERMS.LinguisticSystem,
        DCTERMS.spatial: DCTERMS.Location,
        DCTERMS.format: DCTERMS.MediaTypeOrExtent,
        DCAT.mediaType: DCTERMS.MediaType,
        DCAT.theme: SKOS.Concept,
        DCAT.themeTaxonomy: SKOS.ConceptScheme,
        DCTERMS.license: DCTERMS.LicenseDocument,
        DCAT.landingPage: FOAF.Document,
        FOAF.homepage: FOAF.Document,
        DCTERMS.temporal: DCTERMS.PeriodOfTime,
        DCAT.contactPoint: VCARD.Kind,
    }
    for predicate, cls in expected.items():
        values = set(catalogue.objects(None, predicate))
        assert values
        assert all((value, RDF.type, cls) in catalogue for value in values), predicate


def test_no_personal_data(served):
    for response in served.values():
        text = response.content.decode()
        assert [value for value in PERSONAL if value in text] == []
        assert "mailto:" not in text.replace("mailto:opendata@example.org", "")


# -- what counts -----------------------------------------------------------------------------------------------------


def test_only_published_practices_count(db):
    partner = PartnerFactory(region=RegionFactory(code="PT16", country="PT", level=2))
    published_practice(partner, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2023, 6, 30))
    before = catalog_graph()
    assert the(before, DATASET, DCTERMS.modified) == Literal("2025-06-02T14:00:05+00:00", datatype=XSD.dateTime)
    earlier, later = datetime.date(2001, 1, 1), datetime.date(2040, 1, 1)
    for state in (State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED):
        GoodPracticeFactory(
            partner=partner,
            state=state,
            start_date=earlier,
            end_date=later,
            published_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC) if state == State.ARCHIVED else None,
        )
    assert GoodPractice.objects.exclude(state=State.PUBLISHED).filter(updated_at__gt=UPDATED_AT).count() == 4
    assert isomorphic(before, catalog_graph())


def test_without_published_practices_no_period_nor_date(db):
    GoodPracticeFactory(state=State.DRAFT)
    graph = catalog_graph()
    assert list(graph.objects(DATASET, DCTERMS.temporal)) == []
    assert list(graph.objects(None, DCTERMS.modified)) == []
    titles = set(graph.objects(DATASET, DCTERMS.title))
    assert Literal("SECON good practices", lang="en") in titles
    assert Literal("Good Practices von SECON", lang="de") in titles  # and the other languages' titles
    assert len(titles) == 12


@pytest.mark.parametrize("count", [1, 20])
def test_queries_do_not_grow_with_the_practices(client, db, django_assert_num_queries, count):
    partner = PartnerFactory(is_lead=True)
    for _ in range(count):
        published_practice(partner)
    # The partners, the themes, and the MIN/MAX of the published practices' dates.
    with django_assert_num_queries(3):
        response = client.get("/catalog.ttl")
    assert response.status_code == 200


def test_every_language_and_country_has_its_eu_code():
    assert {code for code, _name in settings.LANGUAGES} <= set(LANGUAGE_CODES)
    assert set(Country.values) - set(COUNTRY_CODES) == {"XK"}


# -- the About page --------------------------------------------------------------------------------------------------


def test_about_page_links_to_the_open_data(client, db):
    open_data = section(dom(client.get("/about/")), "open-data-heading")
    assert open_data.texts("h2") == ["Open data"]
    assert [(a.text, a.attrs["href"]) for a in open_data.find_all("a")] == [
        ("All published good practices as a CSV file", "/practices/export.csv"),
        ("All published good practices as an Excel workbook (XLSX)", "/practices/export.xlsx"),
        ("The JSON API and its documentation", "/api/v1/docs/"),
        ("The DCAT-AP catalogue of the open data (Turtle)", "/catalog.ttl"),
    ]
