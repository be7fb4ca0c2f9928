"""The regions' pages in German."""

import pytest

from tests.html import dom
from tests.regions.helpers import check_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/de/regions/", "/de/regions/EL65/", "/de/regions/FR101/", "/de/regions/instruments/peloponnese-programme/"]
)
def test_pages_in_german(client, world, url):
    doc = dom(client.get(url))
    assert doc.find("html").attrs["lang"] == "de"
    breadcrumb = doc.find("nav", **{"aria-label": "Pfadnavigation"})
    assert [a.attrs["href"] for a in breadcrumb.find_all("a")][:1] == ["/de/"]
    check_page(doc)
