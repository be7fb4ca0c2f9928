"""Reading the API in tests: JSON answers, and the practices of the HTML list page to compare them with."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.choices import PracticeType
from tests.factories import GoodPracticeFactory, PartnerFactory, RegionFactory, theme
from tests.html import fragment

PRACTICES = "/api/v1/practices/"
PRACTICE_PAGE = "/practices/"

NEUTRAL = dict.fromkeys(
    ("summary", "description", "main_institution", "resources", "evidence", "difficulties", "transfer_potential"),
    "Text of the template.",
)
THEMES = [["awareness"], ["access"], ["strengthening"], ["social-innovation"], ["awareness", "access"]]
COUNTRIES = [("DE", "DE128"), ("PL", "PL911"), ("ES", "ES431"), ("EL", "EL651")]
WORDS = ["Cooperative shop", "Village market", "Social bakery", "Care cooperative", "Training network", "Rural bus"]


def make_catalogue(count=25, prefix="practice"):
    """`count` published practices, slugs `prefix`-00 and on. Practice n has the themes THEMES[n % 5], the country
    COUNTRIES[n % 4], a rural focus when n % 3 == 0, a title starting with WORDS[n % 6], and dates that order the
    practices differently from n."""
    partners = [PartnerFactory(region=RegionFactory(country=country, code=code)) for country, code in COUNTRIES]
    base = datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)
    return [
        GoodPracticeFactory(
            published=True,
            **NEUTRAL,
            title=f"{WORDS[n % 6]} {n:02d}",
            slug=f"{prefix}-{n:02d}",
            partner=partners[n % 4],
            themes=[theme(slug) for slug in THEMES[n % 5]],
            rural_focus=n % 3 == 0,
            practice_type=PracticeType.PROJECT if n % 2 else PracticeType.SERVICE,
            start_date=datetime.date(2010 + (n * 5) % 13, 1 + n % 12, 1),
            published_at=base + datetime.timedelta(days=(n * 7) % 25),
        )
        for n in range(count)
    ]


def get_json(client, url, params=None, status=200, **headers):
    """The decoded JSON of a GET to `url`, after checking its status and that it is JSON."""
    response = client.get(url, params or {}, **headers)
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return response.json()


def slugs(data):
    """The slugs of the results of a list answer, in order."""
    return [row["slug"] for row in data["results"]]


def page_slugs(client, params=None):
    """The slugs of the practices on the HTML list page, in the order of their cards (read from the cards' links)."""
    response = client.get(PRACTICE_PAGE, params or {})
    assert response.status_code == 200
    links = fragment(response.content.decode()).find_all("a", within="card-title")
    hrefs = [link.attrs["href"] for link in links]
    assert all(href.startswith(PRACTICE_PAGE) and href.endswith("/") for href in hrefs), hrefs
    return [href.removeprefix(PRACTICE_PAGE).removesuffix("/") for href in hrefs], response


def query_count(client, url, params=None):
    """How many queries a GET to `url` makes (and that it answers 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    return len(queries.captured_queries)
