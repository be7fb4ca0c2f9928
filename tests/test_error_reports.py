"""Errors reach the administrators: a 500 in production sends ADMINS one e-mail."""

from unittest import mock

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_server_error_sends_the_administrators_one_report(settings):
    settings.DEBUG = False
    settings.ADMINS = [("Administrators", "webmaster@example.org")]
    client = Client(raise_request_exception=False)
    with mock.patch("secon_portal.views.home.value_counts", side_effect=RuntimeError("the facet index is gone")):
        response = client.get("/")
    assert response.status_code == 500
    assert [message.to for message in mail.outbox] == [["webmaster@example.org"]]
    report = mail.outbox[0]
    assert report.subject.startswith("[Django] ERROR")
    assert "Internal Server Error: /" in report.subject
    assert "the facet index is gone" in report.body


def test_no_report_in_development(settings):
    settings.DEBUG = True
    settings.ADMINS = [("Administrators", "webmaster@example.org")]
    client = Client(raise_request_exception=False)
    with mock.patch("secon_portal.views.home.value_counts", side_effect=RuntimeError("broken")):
        assert client.get("/").status_code == 500
    assert mail.outbox == []
