"""The OpenAPI schema of /api/v1/: a valid OpenAPI 3 document, and the API answers what it says (schemathesis,
against the test database, through the WSGI application in the test's own thread); and the docs page that shows it
with no inline script or style and nothing from another host."""

import datetime
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from openapi_spec_validator import validate
from rest_framework.throttling import AnonRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from events.models import AgendaItem, EventDocument, EventPractice, Participation, StakeholderGroup
from practices.models import PracticeAttachment, PracticeImage, PracticeResult, TransferInterest
from secon_portal.wsgi import application
from tests.api.helpers import get_json
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    JointAssessmentFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    TopicFactory,
    theme,
)
from tests.files import pdf_upload
from tests.html import assert_csp_safe, dom

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/"
PATHS = [
    "/api/v1/events/",
    "/api/v1/events/{slug}/",
    "/api/v1/instruments/",
    "/api/v1/instruments/{slug}/",
    "/api/v1/nuts/",
    "/api/v1/nuts/{code}/",
    "/api/v1/practices/",
    "/api/v1/practices/{slug}/",
    "/api/v1/regions/",
    "/api/v1/regions/{code}/",
]


@pytest.fixture
def data():
    """A little of everything the API shows, with the optional parts both filled in and left empty."""
    el6 = RegionFactory(code="EL6", name="Κεντρική Ελλάδα", name_latin="Kentriki Ellada", level=1)
    el65 = RegionFactory(
        code="EL65", name="Πελοπόννησος", name_latin="Peloponnisos", level=2, parent=el6, typology="rural"
    )
    partner = PartnerFactory(name="Region of Peloponnese", slug="peloponnese", region=el65, logo="partners/p.png")
    other = PartnerFactory(
        name="Haskovo Municipality", slug="haskovo", region=RegionFactory(code="BG422", country="BG")
    )
    instrument = PolicyInstrumentFactory(slug="rp-pelop", partner=partner, url="https://example.org/rp")
    bare_instrument = PolicyInstrumentFactory(slug="bare-instrument", partner=other, period_start=None, period_end=None)
    JointAssessmentFactory(instrument=instrument, reviewing_partners=[other])
    shop = GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        partner=partner,
        region=el65,
        themes=[theme("awareness"), theme("access")],
        topics=[TopicFactory(slug="cooperatives", name="Cooperatives")],
        contact_name="Anna",
        contact_email="anna@example.org",
        contact_consent=True,
        end_date=datetime.date(2030, 1, 1),
    )
    shop.policy_instruments.set([instrument, bare_instrument])
    PracticeImage.objects.create(practice=shop, image="practices/images/a.jpg", alt_text="A", order=0)
    PracticeImage.objects.create(
        practice=shop, image="practices/images/b.jpg", thumbnail="practices/thumbnails/b.jpg", alt_text="B", order=1
    )
    PracticeAttachment.objects.create(practice=shop, file=pdf_upload(), title="Report")
    PracticeResult.objects.create(practice=shop, indicator="Jobs created", value=12, unit="jobs", year=2024)
    TransferInterest.objects.create(practice=shop, partner=other, policy_instrument=bare_instrument)
    bare = GoodPracticeFactory(published=True, slug="bare", region=None, partner=other, practice_type="", themes=[])
    GoodPracticeFactory(slug="draft", partner=partner)
    event = EventFactory(slug="meeting", host=partner)
    event.themes.set([theme("awareness")])
    AgendaItem.objects.create(event=event, title="Welcome")
    EventDocument.objects.create(
        event=event, title="Programme", file=SimpleUploadedFile("p.pdf", b"%PDF" + b"x" * 100), kind="agenda"
    )
    Participation.objects.create(event=event, group=StakeholderGroup.OTHER, count=3)
    EventPractice.objects.create(event=event, practice=shop)
    EventFactory(slug="undated", host=None, country="", start=None, end=None, status="planned")
    return {"practice": shop.slug, "bare": bare.slug}


@pytest.fixture
def in_process_app(monkeypatch):
    """The WSGI application called in the test's thread, inside the test's transaction, never throttled.

    Django's test client keeps the connection open between requests; the WSGI handler closes it at the end of
    each request (close_old_connections), which would end the test's transaction: not while this runs.
    """
    monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})
    return application


@pytest.fixture(scope="module", autouse=True)
def _hypothesis_files_out_of_the_tree(tmp_path_factory):
    """Hypothesis keeps caches in ./.hypothesis (some written at exit): in pytest's temporary folder instead, for the
    rest of the run; the tests keep no example database either (`database=None`)."""
    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))


# -- the schema --------------------------------------------------------------------------------------------------


def test_the_schema_is_valid_openapi_3(client):
    schema = get_json_schema(client)
    validate(schema)  # raises on the first error
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "SECON open data API"
    assert sorted(schema["paths"]) == PATHS
    assert {method for path in schema["paths"].values() for method in path} == {"get"}


def get_json_schema(client):
    response = client.get(SCHEMA_URL, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    return response.json()


def test_every_reference_in_the_schema_resolves(client):
    schema = get_json_schema(client)
    components = schema["components"]["schemas"]
    references = set()

    def collect(node):
        if isinstance(node, dict):
            if "$ref" in node:
                references.add(node["$ref"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schema)
    missing = sorted(ref for ref in references if ref.removeprefix("#/components/schemas/") not in components)
    assert missing == []


def test_the_yaml_schema_is_the_same_document(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert yaml.safe_load(response.content) == get_json_schema(client)


def test_the_schema_documents_the_search_parameters(client):
    schema = get_json_schema(client)
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert sorted(parameters) == sorted(
        ["q", "sort", "theme", "topic", "country", "region", "type", "target", "rural", "status", "start", "lang"]
        + ["page", "page_size"]
    )
    assert parameters["sort"]["schema"]["enum"] == ["newest", "relevance", "start", "title"]
    assert parameters["theme"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert parameters["lang"]["schema"]["enum"] == sorted(
        ["en", "de", "el", "nl", "fr", "ro", "hu", "pl", "pt", "lv", "es", "bg"]
    )


# -- schemathesis ------------------------------------------------------------------------------------------------

# Each operation, and for those with a path parameter, also with a value that names something (random ones 404).
OPERATIONS = [
    ("/api/v1/practices/", None),
    ("/api/v1/practices/{slug}/", None),
    ("/api/v1/practices/{slug}/", {"slug": "village-shop"}),
    ("/api/v1/practices/{slug}/", {"slug": "bare"}),
    ("/api/v1/regions/", None),
    ("/api/v1/regions/{code}/", {"code": "el65"}),
    ("/api/v1/nuts/", None),
    ("/api/v1/nuts/{code}/", None),
    ("/api/v1/nuts/{code}/", {"code": "EL6"}),
    ("/api/v1/instruments/", None),
    ("/api/v1/instruments/{slug}/", {"slug": "rp-pelop"}),
    ("/api/v1/instruments/{slug}/", {"slug": "bare-instrument"}),
    ("/api/v1/events/", None),
    ("/api/v1/events/{slug}/", {"slug": "meeting"}),
    ("/api/v1/events/{slug}/", {"slug": "undated"}),
]
EXAMPLES = 15


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize(("path", "path_parameters"), OPERATIONS)
def test_the_api_answers_as_its_schema_says(data, in_process_app, path, path_parameters, mode):
    """No server error, and every documented answer matches its schema (schemathesis' two checks)."""
    schema = schemathesis.openapi.from_wsgi(f"{SCHEMA_URL}?format=json", in_process_app)
    operation = schema[path]["GET"]
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
    statuses = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        response = case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
        statuses.append(response.status_code)

    check()
    assert statuses
    assert 429 not in statuses
    if path_parameters and mode == GenerationMode.POSITIVE:
        assert 200 in statuses  # the real slug or code was read, not only 404s


# -- the docs page ----------------------------------------------------------------------------------------------


def test_the_docs_page_runs_swagger_ui_from_the_portals_own_files(client):
    response = client.get("/api/v1/docs/")
    doc = dom(response)
    assert_csp_safe(doc)  # no <style>, no style="", no inline script or handler, scripts from /static/
    assert doc.inline_scripts() == []
    scripts = [script.attrs["src"] for script in doc.find_all("script")]
    assert scripts[-2:] == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/js/api-docs.js",
    ]
    stylesheets = [link.attrs["href"] for link in doc.find_all("link", rel="stylesheet")]
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in stylesheets
    for address in scripts + stylesheets:
        assert address.startswith("/static/"), address
        assert finders.find(address.removeprefix("/static/")), address
    # Nothing the page loads comes from another host (links out are only links).
    assert [n.attrs["src"] for n in doc.iter() if n.attrs.get("src", "").startswith(("http:", "https:", "//"))] == []
    absolute = [link.attrs["href"] for link in doc.find_all("link") if "//" in link.attrs["href"]]
    assert [href for href in absolute if not href.startswith("http://testserver/")] == []
    assert doc.find("div", id="swagger-ui").attrs["data-schema-url"] == "/api/v1/schema/?format=json"
    assert doc.texts("h1") == ["Open data API"]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert response.cookies == {}


def test_the_docs_script_reads_the_schema_address_from_the_page():
    script = Path(finders.find("js/api-docs.js")).read_text(encoding="utf-8")
    assert "element.dataset.schemaUrl" in script
    assert "http" not in script


def test_the_root_and_schema_need_no_data(client):
    assert get_json(client, "/api/v1/")["practices"] == "http://testserver/api/v1/practices/"
    assert client.get(SCHEMA_URL, {"format": "json"}).status_code == 200
