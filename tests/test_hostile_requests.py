"""Requests the security probe sent: NUL characters, HEAD requests; and how pages may be cached."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import GoodPracticeFactory, MembershipFactory, RegionFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/regions/a%00b/",
        "/practices/a%00b/",
        "/practices/?q=%00",
        "/practices/?q=olive%00",
        "/practices/?region=EL%0065",
        "/practices/?page=%00",
        "/events/?year=2026%00",
        "/accounts/login/?next=/%00",
    ],
)
def test_a_nul_anywhere_in_a_request_is_a_400_not_a_500(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.content == b"A NUL character is not allowed in a request."


def test_a_nul_in_a_cookie_or_a_form_field_is_a_400(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400
    other = Client()
    response = other.post("/accounts/login/", {"username": "anna\x00", "password": "x"})
    assert response.status_code == 400


def test_region_addresses_take_only_what_a_nuts_code_can_be(client):
    RegionFactory(code="EL65", name="Peloponnisos")
    assert client.get("/regions/EL65/").status_code == 200
    assert client.get("/regions/el65/").status_code == 301
    for address in ("/regions/EL-65/", "/regions/EL65EL65/", "/regions/%C3%A9/"):
        assert client.get(address).status_code == 404, address


def test_pages_of_a_logged_in_user_are_never_cached(client):
    client.force_login(MembershipFactory().user)
    for url in ("/", "/practices/", "/practices/mine/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url


def test_anonymous_pages_set_no_cookie(client):
    GoodPracticeFactory(published=True, slug="shop")
    for url in ("/", "/practices/", "/practices/shop/", "/regions/", "/events/", "/about/", "/de/practices/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.cookies == {}, (url, list(response.cookies))
        assert "private" not in response.get("Cache-Control", ""), url


def test_head_requests_are_answered_and_log_no_warning(client, caplog):
    practice = GoodPracticeFactory(published=True, slug="shop")
    editor = MembershipFactory(partner=practice.partner).user
    draft = GoodPracticeFactory(partner=practice.partner, slug="draft")
    public = ["/", "/practices/", "/practices/shop/", "/regions/", "/events/", "/about/", "/sitemap.xml", "/robots.txt"]
    with caplog.at_level(logging.WARNING):
        for url in public:
            head = client.head(url)
            assert head.status_code == 200, url
            assert head["Content-Length"] == str(len(client.get(url).content)), url
        client.force_login(editor)
        for url in ("/practices/new/", reverse("practices:practice-edit", args=[draft.slug]), "/practices/mine/"):
            assert client.head(url).status_code == 200, url
        client.force_login(ReviewerFactory())
        assert client.head(reverse("practices:practice-review", args=[draft.slug])).status_code == 200
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
