"""The error pages: 404 and 500 in the base layout."""

import pytest
from django.template.loader import get_template
from django.urls import path

from secon_portal.urls import handler500  # noqa: F401  (the portal's 500 view, for @pytest.mark.urls)
from secon_portal.urls import urlpatterns as portal_urlpatterns
from tests.html import assert_accessible_structure, assert_csp_safe, dom, parse
from tests.wording import DISCLAIMER, FUNDING


def boom(request):
    raise RuntimeError("A bug in a view")


# Used by the 500 test through @pytest.mark.urls: the portal's URLs plus a view that fails.
urlpatterns = [path("boom/", boom), *portal_urlpatterns]


def test_unknown_url_gets_the_404_page_in_the_base_layout(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    doc = dom(response, status=404)
    assert doc.texts("h1") == ["Page not found"]
    assert doc.texts("title") == ["Page not found – SECON good-practice portal"]
    assert doc.find("nav", **{"class": "site-nav"})
    assert doc.find("a", **{"class": "btn btn-primary"}).attrs["href"] == "/"
    assert doc.find("footer").texts("p") == [FUNDING, DISCLAIMER]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_404_page_in_german(client, db, settings):
    settings.DEBUG = False
    doc = dom(client.get("/de/no-such-page/"), status=404)
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.texts("h1") == ["Seite nicht gefunden"]
    assert doc.find("a", **{"class": "btn btn-primary"}).attrs["href"] == "/de/"


def test_500_template_renders_without_request_context_or_database():
    # No `db` fixture: pytest-django makes any query in here an error.
    html = get_template("500.html").render()
    doc = parse(html)
    assert doc.texts("h1") == ["Server error"]
    assert doc.find("footer").texts("p") == [FUNDING, DISCLAIMER]
    assert doc.find_all("form") == []
    assert doc.find_all("nav") == []
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


@pytest.mark.urls("tests.test_error_pages")
def test_a_failing_view_gets_the_500_page(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/boom/")
    doc = dom(response, status=500)
    assert doc.texts("h1") == ["Server error"]
    assert doc.texts("p", **{"class": "lead"}) == [
        "Something went wrong on our side. Please try again in a few minutes."
    ]
