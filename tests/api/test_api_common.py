"""What every answer of the API shares: labels in the reader's language (?lang=, Accept-Language) with field names in
English; no cookie; CORS for every origin; read-only; a rate limit per client address; the entry point."""

import logging
import socket

import pytest
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from practices.choices import PracticeType
from tests.api.helpers import PRACTICES, get_json
from tests.factories import GoodPracticeFactory, theme

pytestmark = pytest.mark.django_db

# -- language ----------------------------------------------------------------------------------------------------


def test_labels_follow_lang_and_field_names_stay_in_english(client):
    practice = GoodPracticeFactory(published=True, themes=[theme("access")], practice_type=PracticeType.SERVICE)
    english = get_json(client, f"{PRACTICES}{practice.slug}/")
    german = get_json(client, f"{PRACTICES}{practice.slug}/", {"lang": "de"})
    assert german.keys() == english.keys()
    assert english["themes"] == [{"slug": "access", "label": "Access to procurement and finance"}]
    assert german["themes"] == [{"slug": "access", "label": "Zugang zu Beschaffung und Finanzierung"}]
    assert english["practice_type"] == {"value": "service", "label": "Service"}
    assert german["practice_type"] == {"value": "service", "label": "Dienstleistung"}
    assert german["region"]["country"] == {"value": "EL", "label": "Griechenland"}
    listed = get_json(client, PRACTICES, {"lang": "de"})
    rural = next(facet for facet in listed["facets"] if facet["name"] == "rural")
    assert rural["values"] == [{"value": "no", "label": "Nein", "count": 1, "selected": False}]
    assert listed["results"][0]["themes"] == german["themes"]


def test_labels_follow_accept_language_and_lang_wins(client):
    practice = GoodPracticeFactory(published=True, themes=[theme("access")])
    response = client.get(f"{PRACTICES}{practice.slug}/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response["Content-Language"] == "de"
    assert "Accept-Language" in response["Vary"]
    assert response.json()["themes"][0]["label"] == "Zugang zu Beschaffung und Finanzierung"
    french = client.get(f"{PRACTICES}{practice.slug}/", {"lang": "fr"}, HTTP_ACCEPT_LANGUAGE="de")
    assert french.json()["original_language"] == {"value": "en", "label": "Anglais"}
    assert french["Content-Language"] == "fr"
    # And nothing of that language stays behind for the next request.
    assert get_json(client, f"{PRACTICES}{practice.slug}/")["original_language"]["label"] == "English"


# -- headers: no cookie, CORS, rate limit ------------------------------------------------------------------------


def test_an_anonymous_request_sets_no_cookie(client, catalogue):
    for url, params in [
        (PRACTICES, {}),
        (PRACTICES, {"q": "cooperative", "lang": "de"}),
        (f"{PRACTICES}practice-01/", {}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200
        assert response.cookies == {}
        assert "Set-Cookie" not in response
    assert client.get(PRACTICES, {"page": 99}).cookies == {}


def test_every_origin_may_read_the_api(client, catalogue):
    response = client.get(PRACTICES, HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        f"{PRACTICES}practice-01/", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    # The HTML pages are not opened to other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/practices/", HTTP_ORIGIN="https://example.org")


def test_the_api_writes_nothing(client, catalogue):
    for method in (client.post, client.put, client.patch, client.delete):
        response = method(f"{PRACTICES}practice-01/")
        assert response.status_code == 405
        assert response.json() == {"detail": f'Method "{method.__name__.upper()}" not allowed.'}


def test_the_fourth_request_in_a_minute_is_throttled(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    GoodPracticeFactory(published=True)
    for _ in range(3):
        assert client.get(PRACTICES).status_code == 200
    response = client.get(PRACTICES)
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Request was throttled. Expected available in ")
    assert 0 < int(response["Retry-After"]) <= 60
    # Another address has its own allowance.
    assert client.get(PRACTICES, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_behind_the_proxy_the_address_it_appended_counts_not_the_one_a_client_wrote(client, monkeypatch, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}  # BEHIND_HTTPS_PROXY with one proxy
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    GoodPracticeFactory(published=True)
    for forged in ("198.51.100.1", "198.51.100.2"):
        assert client.get(PRACTICES, HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9").status_code == 200
    # A new address written by the client does not give a new allowance: the proxy's entry is the same.
    assert client.get(PRACTICES, HTTP_X_FORWARDED_FOR="198.51.100.3, 203.0.113.9").status_code == 429
    assert client.get(PRACTICES, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200


def test_the_root_lists_the_endpoints(client):
    assert get_json(client, reverse("api:api-root")) == {
        "practices": "http://testserver/api/v1/practices/",
        "regions": "http://testserver/api/v1/regions/",
        "nuts": "http://testserver/api/v1/nuts/",
        "instruments": "http://testserver/api/v1/instruments/",
        "events": "http://testserver/api/v1/events/",
    }


def test_without_redis_the_api_answers_uncounted(client, settings, caplog):
    # Django's Redis cache, and nothing listening on its port (a bound socket that never listens).
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        location = f"redis://127.0.0.1:{closed.getsockname()[1]}/0"
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}}
        GoodPracticeFactory(published=True, slug="village-shop")
        with caplog.at_level(logging.WARNING, logger="secon_portal.unavailable"):
            responses = [client.get(PRACTICES), client.get(f"{PRACTICES}village-shop/")]
    assert [response.status_code for response in responses] == [200, 200]
    assert responses[0].json()["count"] == 1
    assert [record.getMessage().split(":")[0] for record in caplog.records] == ["The API's rate limit is out of reach"]
