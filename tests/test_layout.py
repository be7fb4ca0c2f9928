"""The base layout on every page: navigation, language switcher, user menu, footer, assets, shared partials."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.template.loader import get_template

from tests.factories import (
    StaffFactory,
    UserFactory,
)
from tests.html import dom, parse
from tests.wording import DISCLAIMER, FUNDING


# --- navigation and header ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "hrefs", "current"),
    [
        ("/", ["/", "/practices/", "/regions/", "/events/", "/impact/", "/about/"], "Home"),
        ("/about/", ["/", "/practices/", "/regions/", "/events/", "/impact/", "/about/"], "About"),
        (
            "/de/about/",
            ["/de/", "/de/practices/", "/de/regions/", "/de/events/", "/de/impact/", "/de/about/"],
            "/de/about/",
        ),
    ],
)
def test_navigation_marks_the_current_page(client, db, url, hrefs, current):
    nav = dom(client.get(url)).find("nav", **{"class": "site-nav"})
    links = nav.find_all("a")
    assert [link.attrs["href"] for link in links] == hrefs
    marked = [link for link in links if link.attrs.get("aria-current") == "page"]
    assert len(marked) == 1
    assert marked[0].attrs["href"] == url
    assert marked[0].has_class("is-current")
    if not url.startswith("/de/"):
        assert [link.text for link in links] == ["Home", "Practices", "Regions", "Events", "Impact", "About"]
        assert marked[0].text == current


def test_the_language_switcher_is_links_with_each_language_in_its_own_name(client, db):
    doc = dom(client.get("/practices/?theme=access&q=olive"))
    switcher = doc.find("details", **{"class": "language-switcher"})
    assert switcher.texts("summary") == ["Language: English"]
    links = switcher.find_all("a")
    assert [(a.attrs["hreflang"], a.attrs["lang"], a.text) for a in links] == [
        ("en", "en", "English"),
        ("de", "de", "Deutsch"),
        ("el", "el", "Ελληνικά"),
        ("bg", "bg", "Български"),
        ("nl", "nl", "Nederlands"),
        ("fr", "fr", "Français"),
        ("ro", "ro", "Română"),
        ("hu", "hu", "Magyar"),
        ("pl", "pl", "Polski"),
        ("pt", "pt", "Português"),
        ("lv", "lv", "Latviešu"),
        ("es", "es", "Español"),
    ]
    # The page as it was understood: the same filters, the text first.
    assert links[1].attrs["href"] == "/language/de/?next=/practices/%3Fq%3Dolive%26theme%3Daccess"
    assert links[0].attrs["aria-current"] == "true"
    assert doc.find_all("form", **{"class": "language-switcher"}) == []


@pytest.mark.parametrize(
    ("cookie", "next_url", "language", "location"),
    [
        (None, "/about/", "de", "/de/about/"),
        (None, "/de/about/", "en", "/about/"),
        # The page's language and the cookie differ: the page's URL still decides what `next` means.
        ("de", "/about/", "de", "/de/about/"),
        ("en", "/de/about/", "en", "/about/"),
        ("de", "/de/", "en", "/"),
        (None, "/de/", "de", "/de/"),
        # The same filters, in the other language.
        (None, "/practices/?theme=access&q=olive", "de", "/de/practices/?theme=access&q=olive"),
        # A URL that resolves in no language is kept as it is.
        (None, "/de/no-such-page/", "en", "/de/no-such-page/"),
    ],
)
def test_choosing_a_language_leads_to_the_same_page_in_it_and_is_remembered(
    client, db, cookie, next_url, language, location
):
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.get(f"/language/{language}/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == location
    assert response.cookies["django_language"].value == language
    if "no-such-page" not in location:
        assert client.get(location)["Content-Language"] == language


def test_choosing_a_language_does_not_redirect_elsewhere_nor_accept_an_unknown_one(client, db):
    assert client.get("/language/de/", {"next": "https://example.com/"})["Location"] == "/de/"
    assert client.get("/language/xx/", {"next": "/"}).status_code == 404


def test_a_first_visit_to_the_home_page_follows_the_browsers_languages(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")["Location"] == "/de/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fi,en;q=0.5").status_code == 200  # no Finnish: English
    client.cookies["django_language"] = "en"  # the visitor chose English before
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").status_code == 200
    assert "Accept-Language" in client.get("/")["Vary"]


def test_visitors_get_a_log_in_link(client, db):
    doc = dom(client.get("/about/"))
    menu = doc.find("div", **{"class": "user-menu d-flex flex-wrap align-items-center gap-2"})
    assert [(a.text, a.attrs["href"]) for a in menu.find_all("a")] == [("Log in", "/accounts/login/?next=/about/")]
    assert menu.find_all("form") == []


def test_staff_get_the_administration_and_log_out(client, db):
    client.force_login(StaffFactory(username="maria", first_name="Maria"))
    doc = dom(client.get("/"))
    menu = doc.find("div", **{"class": "user-menu d-flex flex-wrap align-items-center gap-2"})
    assert menu.texts("span") == ["Signed in as Maria"]
    assert [(a.text, a.attrs["href"]) for a in menu.find_all("a")] == [
        ("Administration", "/admin/"),
        ("Your settings", "/accounts/settings/"),
        ("Change password", "/accounts/password_change/"),
    ]
    logout = menu.find("form")
    assert (logout.attrs["action"], logout.attrs["method"]) == ("/accounts/logout/", "post")
    assert logout.find("button").text == "Log out"


def test_other_users_get_no_administration_link(client, db):
    client.force_login(UserFactory(username="partner-editor"))
    doc = dom(client.get("/"))
    menu = doc.find("div", **{"class": "user-menu d-flex flex-wrap align-items-center gap-2"})
    assert menu.texts("span") == ["Signed in as partner-editor"]
    assert [(a.text, a.attrs["href"]) for a in menu.find_all("a")] == [
        ("Your settings", "/accounts/settings/"),
        ("Change password", "/accounts/password_change/"),
    ]
    assert menu.find("button").text == "Log out"


def test_footer_attributes_the_eu_funding(client, db):
    doc = dom(client.get("/"))
    footer = doc.find("footer")
    emblem = footer.find("img")
    assert emblem.attrs["src"] == "/static/img/eu-emblem.svg"
    assert emblem.attrs["alt"] == "Flag of the European Union"
    assert footer.texts("p") == [FUNDING, DISCLAIMER]
    assert [(a.text, a.attrs["href"]) for a in footer.find_all("a")] == [
        ("About SECON", "/about/"),
        ("Open data API", "/api/v1/docs/"),
        ("SECON on the Interreg Europe website", "https://www.interregeurope.eu/secon"),
    ]


def test_bootstrap_and_portal_assets_are_served_locally(client, db):
    doc = dom(client.get("/"))
    stylesheets = [link.attrs["href"] for link in doc.find_all("link", rel="stylesheet")]
    assert stylesheets[:2] == ["/static/vendor/bootstrap/bootstrap.min.css", "/static/css/portal.css"]
    assert all(href.startswith("/static/css/") for href in stylesheets[2:])  # the page's own (the home page's charts)
    assert [script.attrs["src"] for script in doc.find_all("script")] == [
        "/static/vendor/bootstrap/bootstrap.bundle.min.js"
    ]


# --- shared partials ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("is_sample", "expected"), [(True, ["Sample content"]), (False, [])])
def test_sample_badge(is_sample, expected):
    html = Template('{% include "includes/sample_badge.html" with object=thing %}').render(
        Context({"thing": SimpleNamespace(is_sample=is_sample)})
    )
    assert parse("<!doctype html>" + html).texts("span") == expected


def test_messages_are_announced():
    messages = [Message(constants.SUCCESS, "Saved."), Message(constants.ERROR, "Not saved.")]
    html = get_template("includes/messages.html").render({"messages": messages})
    doc = parse("<!doctype html>" + html)
    assert [(div.attrs["class"], div.text) for div in doc.find_all("div", role="status")] == [
        ("alert alert-success", "Saved.")
    ]
    assert [(div.attrs["class"], div.text) for div in doc.find_all("div", role="alert")] == [
        ("alert alert-danger", "Not saved.")
    ]


def test_the_favicon_that_browsers_ask_for_is_there(client, db):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.ico")
    assert finders.find("img/favicon.ico")


VALID_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z))?$")


def test_every_time_element_carries_a_valid_date_or_time(client, db):
    """The Nu HTML checker refused <time datetime> values with microseconds."""
    from tests.factories import GoodPracticeFactory

    practice = GoodPracticeFactory(published=True, slug="shop")
    practice.save()  # updated_at now has microseconds
    values = [node.attrs["datetime"] for node in dom(client.get("/practices/shop/")).find_all("time")]
    assert values and all(VALID_TIME.match(value) for value in values), values
