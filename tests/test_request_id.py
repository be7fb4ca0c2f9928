"""Each request has an id: in the X-Request-ID header, on every log line, in the error report and on the 500 page."""

import logging
import re
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from secon_portal.request_id import HEADER, current_request_id
from tests.html import dom

pytestmark = pytest.mark.django_db

FAILING_HOME = mock.patch("secon_portal.views.home.value_counts", side_effect=RuntimeError("the facet index is gone"))


def test_the_portal_makes_an_id_when_no_proxy_gives_one(client):
    first, second = client.get("/").headers[HEADER], client.get("/").headers[HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_the_proxys_id_is_kept(client):
    response = client.get("/", headers={HEADER: "4f1c2a9be0d34c8e9a1b7d6e5f403a21"})
    assert response.headers[HEADER] == "4f1c2a9be0d34c8e9a1b7d6e5f403a21"


@pytest.mark.parametrize("offered", ["short", "x" * 65, "abc def ghi", "abcdefgh\nFAKE LOG LINE", "<script>1</script>"])
def test_an_implausible_id_is_replaced(client, offered):
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/", headers={HEADER: offered}).headers[HEADER])


def test_log_lines_of_a_request_carry_its_id_and_others_a_dash(client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    client.get("/no-such-page/", headers={HEADER: "request-0001"})
    assert [record.request_id for record in caplog.records] == ["request-0001"]
    assert current_request_id() == "-"


def test_the_error_report_and_the_500_page_name_the_request(settings):
    settings.DEBUG = False
    settings.ADMINS = [("Administrators", "webmaster@example.org")]
    client = Client(raise_request_exception=False)
    with FAILING_HOME:
        response = client.get("/", headers={HEADER: "0123456789abcdef"})
    assert response.headers[HEADER] == "0123456789abcdef"
    doc = dom(response, status=500)
    assert doc.texts("code") == ["0123456789abcdef"]
    assert "please quote this reference: 0123456789abcdef" in doc.text
    [report] = mail.outbox
    assert report.subject.endswith("Internal Server Error: / [request 0123456789abcdef]")
    assert "the facet index is gone" in report.body


def test_the_500_page_in_german_names_the_request(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with FAILING_HOME:
        doc = dom(client.get("/de/", headers={HEADER: "0123456789abcdef"}), status=500)
    assert doc.texts("h1") == ["Serverfehler"]
    assert doc.texts("code") == ["0123456789abcdef"]
