"""The portal's open-data catalogue in DCAT-AP 3: one dataset (the published good practices), its distributions
(CSV, XLSX, the Atom feed, the JSON API) and the API as a data service.

The graph describes the data, never a practice: whatever their number, it costs three queries (the partners with
the latest change of their published practices, the themes, and the MIN/MAX of the published practices' dates),
each of which reads indexes, not the practices. Its addresses start with settings.PORTAL_URL, not
with the host of the request, so it is the same graph whoever asks. Texts are given in every language of the
portal whose translation differs from the English.

The controlled vocabularies are the EU's (publications.europa.eu/resource/authority): languages, countries, data
themes, file types; media types are IANA's. Every node that a DCAT-AP shape constrains with sh:class carries its
rdf:type, so that the graph validates without inference (tests/test_catalog.py, with the official shapes).
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rdflib import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import BNode

from practices.models import GoodPractice, Theme
from regions.models import Partner

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
AUTHORITY = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

# The addresses the catalogue points to, below settings.PORTAL_URL: the single place to change them.
PATHS = {
    "home": "/",
    "about": "/about/",
    "catalog": "/catalog",
    "practice-list": "/practices/",
    "export-csv": "/practices/export.csv",
    "export-xlsx": "/practices/export.xlsx",
    "feed": "/practices/feed.atom",
    "api-root": "/api/v1/",
    "api-schema": "/api/v1/schema/",
    "api-docs": "/api/v1/docs/",
}

# Who publishes the data when no partner is marked as the lead partner.
PROJECT_NAME = "SECON"
PROJECT_HOMEPAGE = "https://www.interregeurope.eu/secon"

# The portal's languages in the EU's language authority table.
LANGUAGE_CODES = {
    "en": "ENG",
    "de": "DEU",
    "el": "ELL",
    "bg": "BUL",
    "nl": "NLD",
    "fr": "FRA",
    "ro": "RON",
    "hu": "HUN",
    "pl": "POL",
    "pt": "POR",
    "lv": "LAV",
    "es": "SPA",
}

# NUTS country codes (regions.countries.Country) in the EU's country authority table (ISO 3166 alpha-3).
# Kosovo (XK) is left out: the table's code for it is not an ISO one.
COUNTRY_CODES = {
    "AL": "ALB",
    "AT": "AUT",
    "BA": "BIH",
    "BE": "BEL",
    "BG": "BGR",
    "CH": "CHE",
    "CY": "CYP",
    "CZ": "CZE",
    "DE": "DEU",
    "DK": "DNK",
    "EE": "EST",
    "EL": "GRC",
    "ES": "ESP",
    "FI": "FIN",
    "FR": "FRA",
    "HR": "HRV",
    "HU": "HUN",
    "IE": "IRL",
    "IS": "ISL",
    "IT": "ITA",
    "LI": "LIE",
    "LT": "LTU",
    "LU": "LUX",
    "LV": "LVA",
    "ME": "MNE",
    "MK": "MKD",
    "MT": "MLT",
    "NL": "NLD",
    "NO": "NOR",
    "PL": "POL",
    "PT": "PRT",
    "RO": "ROU",
    "RS": "SRB",
    "SE": "SWE",
    "SI": "SVN",
    "SK": "SVK",
    "TR": "TUR",
    "UA": "UKR",
    "UK": "GBR",
}

# The EU data themes of the dataset, with their English labels as the authority table gives them.
DATA_THEMES = {
    "SOCI": "Population and society",
    "ECON": "Economy and finance",
    "AGRI": "Agriculture, fisheries, forestry and food",
    "REGI": "Regions and cities",
}

CATALOG_TITLE = _("SECON good-practice portal")
CATALOG_DESCRIPTION = _(
    "Good practices that promote the social economy in Europe's regions, collected by the ten partners of the "
    "Interreg Europe project SECON."
)
DATASET_TITLE = _("SECON good practices")
DATASET_DESCRIPTION = _(
    "The good practices of the SECON project that its reviewers have published: what each practice does and "
    "where, since when, its themes and topics, its results, and what other regions can learn from it."
)
KEYWORDS = (_("social economy"), _("social enterprises"), GoodPractice._meta.verbose_name_plural)
API_TITLE = _("SECON open data API")
API_DESCRIPTION = _(
    "A read-only JSON API to the published good practices, the partner regions, their policy instruments and "
    "the project's events, described by an OpenAPI 3 schema."
)


class File(NamedTuple):
    """A distribution that is a file."""

    name: str  # its fragment in the catalogue
    path: str  # its key in PATHS
    title: object  # a lazy translation
    file_type: str  # in the EU's file-type table
    media_type: str  # IANA's


FILES = (
    File("practices-csv", "export-csv", _("All published good practices as a CSV file"), "CSV", "text/csv"),
    File(
        "practices-xlsx",
        "export-xlsx",
        _("All published good practices as an Excel workbook (XLSX)"),
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    File(
        "practices-atom",
        "feed",
        _("The latest published good practices as an Atom feed"),
        "ATOM",
        "application/atom+xml",
    ),
)
API_DISTRIBUTION_TITLE = _("The published good practices through the JSON API")

PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "skos": SKOS, "vcard": VCARD, "xsd": XSD}


def licence_url():
    return settings.OPEN_DATA_LICENCE


def contact_email():
    return settings.OPEN_DATA_CONTACT_EMAIL


def url(key):
    return URIRef(settings.PORTAL_URL + PATHS[key])


def node(name):
    """A resource described in the catalogue document: the catalogue's address and a fragment."""
    return URIRef(f"{settings.PORTAL_URL}{PATHS['catalog']}#{name}")


def translations(text):
    """The literals of `text` (a lazy translation): English, and every other language whose text differs."""
    with translation.override("en"):
        english = str(text)
    literals = [Literal(english, lang="en")]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translated = str(text)
        if code != "en" and translated != english:
            literals.append(Literal(translated, lang=code))
    return literals


class CatalogBuilder:
    def __init__(self):
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)

    def add(self, subject, predicate, *objects):
        for value in objects:
            self.graph.add((subject, predicate, value))

    def add_texts(self, subject, predicate, text):
        self.add(subject, predicate, *translations(text))

    def typed(self, resource, *classes):
        self.add(resource, RDF.type, *classes)
        return resource

    def document(self, key):
        return self.typed(url(key), FOAF.Document)

    def authority(self, table, code, cls):
        return self.typed(URIRef(f"{AUTHORITY}{table}/{code}"), cls)

    def licence(self):
        return self.typed(URIRef(licence_url()), DCTERMS.LicenseDocument)

    def publisher(self, partners):
        lead = next((partner for partner in partners if partner.is_lead), None)
        publisher = self.typed(node("publisher"), FOAF.Agent)
        self.add(publisher, FOAF.name, Literal(lead.name if lead else PROJECT_NAME))
        homepage = lead.website if lead else PROJECT_HOMEPAGE
        if homepage:
            self.add(publisher, FOAF.homepage, self.typed(URIRef(homepage), FOAF.Document))
        return publisher

    def contact_point(self):
        contact = self.typed(node("contact"), VCARD.Kind, VCARD.Organization)
        with translation.override("en"):
            self.add(contact, VCARD.fn, Literal(str(CATALOG_TITLE)))
        self.add(contact, VCARD.hasURL, url("about"))
        if contact_email():
            self.add(contact, VCARD.hasEmail, URIRef(f"mailto:{contact_email()}"))
        return contact

    def themes(self):
        scheme = self.typed(URIRef(f"{AUTHORITY}data-theme"), SKOS.ConceptScheme)
        self.add(scheme, DCTERMS.title, Literal("Data theme", lang="en"))
        concepts = []
        for code, label in DATA_THEMES.items():
            concept = self.authority("data-theme", code, SKOS.Concept)
            self.add(concept, SKOS.prefLabel, Literal(label, lang="en"))
            self.add(concept, SKOS.inScheme, scheme)
            concepts.append(concept)
        return scheme, concepts

    def period(self, start, end):
        period = self.typed(BNode(), DCTERMS.PeriodOfTime)
        self.add(period, DCAT.startDate, Literal(start, datatype=XSD.date))
        self.add(period, DCAT.endDate, Literal(end, datatype=XSD.date))
        return period

    def distribution(self, name, title, file_type, media_type):
        distribution = self.typed(node(name), DCAT.Distribution)
        self.add_texts(distribution, DCTERMS.title, title)
        self.add(distribution, DCTERMS.format, self.authority("file-type", file_type, DCTERMS.MediaTypeOrExtent))
        media = self.typed(URIRef(IANA_MEDIA_TYPES + media_type), DCTERMS.MediaType)
        self.add(distribution, DCAT.mediaType, media)
        self.add(distribution, DCTERMS.license, self.licence())
        return distribution


def partners_with_latest_change():
    """Every partner, with `latest_change`: when one of its published practices last changed (None without any).

    One query, and a few index probes whatever the number of practices: the latest change of all practices
    (MAX(updated_at)) has no index of its own and would read every published practice.
    """
    latest_change = (
        GoodPractice.objects.published().filter(partner=OuterRef("pk")).order_by("-updated_at").values("updated_at")
    )
    return list(
        Partner.objects.select_related("region")
        .only("name", "is_lead", "website", "region__country")
        .annotate(latest_change=Subquery(latest_change[:1]))
    )


def published_dates():
    """The earliest start, the latest end and the latest first publication of the published practices: one
    query, which reads three indexes (practice_latest_start, practice_published_end_date, practice_newest)."""
    return GoodPractice.objects.published().aggregate(
        start=Min("start_date"), end=Max("end_date"), published=Max("published_at")
    )


def latest(*values):
    present = [value for value in values if value is not None]
    return max(present) if present else None


def catalog_graph():
    """The catalogue as an rdflib Graph."""
    build = CatalogBuilder()
    add = build.add
    partners = partners_with_latest_change()
    themes = list(Theme.objects.all())
    dates = published_dates()
    modified = latest(dates["published"], *(partner.latest_change for partner in partners))
    if modified is not None:
        modified = Literal(modified.astimezone(datetime.UTC).replace(microsecond=0), datatype=XSD.dateTime)

    publisher = build.publisher(partners)
    licence = build.licence()
    contact = build.contact_point()
    scheme, data_themes = build.themes()

    catalog = build.typed(url("catalog"), DCAT.Catalog)
    dataset = build.typed(node("practices"), DCAT.Dataset)
    service = build.typed(node("api"), DCAT.DataService)

    build.add_texts(catalog, DCTERMS.title, CATALOG_TITLE)
    build.add_texts(catalog, DCTERMS.description, CATALOG_DESCRIPTION)
    add(catalog, DCTERMS.publisher, publisher)
    add(catalog, FOAF.homepage, build.document("home"))
    add(catalog, DCTERMS.license, licence)
    add(catalog, DCAT.themeTaxonomy, scheme)
    for code, _name in settings.LANGUAGES:
        add(catalog, DCTERMS.language, build.authority("language", LANGUAGE_CODES[code], DCTERMS.LinguisticSystem))
    if modified is not None:
        add(catalog, DCTERMS.modified, modified)
    add(catalog, DCAT.dataset, dataset)
    add(catalog, DCAT.service, service)

    build.add_texts(dataset, DCTERMS.title, DATASET_TITLE)
    build.add_texts(dataset, DCTERMS.description, DATASET_DESCRIPTION)
    for keyword in (*KEYWORDS, *(_(theme.name) for theme in themes)):
        build.add_texts(dataset, DCAT.keyword, keyword)
    add(dataset, DCAT.theme, *data_themes)
    add(dataset, DCTERMS.language, build.authority("language", "ENG", DCTERMS.LinguisticSystem))
    countries = sorted({COUNTRY_CODES[p.region.country] for p in partners if p.region.country in COUNTRY_CODES})
    for country in countries:
        add(dataset, DCTERMS.spatial, build.authority("country", country, DCTERMS.Location))
    if dates["start"] is not None:
        end = latest(dates["end"], timezone.localdate(dates["published"]))
        add(dataset, DCTERMS.temporal, build.period(dates["start"], max(end, dates["start"])))
    if modified is not None:
        add(dataset, DCTERMS.modified, modified)
    add(dataset, DCAT.contactPoint, contact)
    add(dataset, DCTERMS.publisher, publisher)
    add(dataset, DCTERMS.license, licence)
    add(dataset, DCAT.landingPage, build.document("practice-list"))

    for file in FILES:
        distribution = build.distribution(file.name, file.title, file.file_type, file.media_type)
        add(distribution, DCAT.accessURL, url(file.path))
        add(distribution, DCAT.downloadURL, url(file.path))
        add(dataset, DCAT.distribution, distribution)

    build.add_texts(service, DCTERMS.title, API_TITLE)
    build.add_texts(service, DCTERMS.description, API_DESCRIPTION)
    add(service, DCAT.endpointURL, url("api-root"))
    add(service, DCAT.endpointDescription, url("api-schema"))
    add(service, DCAT.landingPage, build.document("api-docs"))
    add(service, DCAT.servesDataset, dataset)
    add(service, DCTERMS.publisher, publisher)
    add(service, DCAT.contactPoint, contact)
    add(service, DCTERMS.license, licence)
    add(service, DCAT.theme, *data_themes)

    api = build.distribution("practices-api", API_DISTRIBUTION_TITLE, "JSON", "application/json")
    add(api, DCAT.accessURL, url("api-root"))
    add(api, DCAT.accessService, service)
    add(dataset, DCAT.distribution, api)
    return build.graph
