"""The visitor's journey through an e-mail alert, in the browser, with an axe-core audit (WCAG 2.1 A and AA) of every
page on the way: the list's link, the subscribe form (also after a wrong address), the answer, the confirmation
page and its result, the unsubscribe page and its result."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from practices.models import SearchAlert
from tests.e2e.axe import assert_no_axe_violations
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_subscribe_confirm_and_unsubscribe_pages_have_no_wcag_violations(page: Page, live_server):
    page.goto("/practices/?theme=access&country=DE&q=cooperative")
    page.get_by_role("link", name="E-mail me new practices for this search").click()
    expect(page.locator("h1")).to_have_text("E-mail me new practices for this search")
    expect(page.locator(".filter-chip")).to_have_count(2)
    assert_no_axe_violations(page, "alert: subscribe")

    page.get_by_label("Your e-mail address").fill("anna@")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator(".alert-danger li")).to_have_text(["Your e-mail address: Enter a valid email address."])
    assert_no_axe_violations(page, "alert: subscribe, wrong address")

    page.get_by_label("Your e-mail address").fill("anna@example.org")
    page.get_by_label("Daily, when there is something new").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    assert_no_axe_violations(page, "alert: subscribed")

    run_queued_tasks()
    (url,) = re.findall(r"http://127\.0\.0\.1:8000(/\S*/alerts/confirm/\S+/)", mail.outbox[-1].body)
    page.goto(url)
    expect(page.get_by_role("button", name="Confirm the alert")).to_be_visible()
    assert_no_axe_violations(page, "alert: confirm")
    page.get_by_role("button", name="Confirm the alert").click()
    expect(page.locator("h1")).to_have_text("Your alert is on")
    assert SearchAlert.objects.get().confirmed_at is not None
    assert_no_axe_violations(page, "alert: confirmed")

    page.get_by_role("link", name="Unsubscribe now").click()
    expect(page.locator("h1")).to_have_text("Unsubscribe from this alert")
    assert_no_axe_violations(page, "alert: unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You are unsubscribed")
    assert not SearchAlert.objects.exists()
    assert_no_axe_violations(page, "alert: unsubscribed")

    page.goto(url)  # the confirmation link of an alert that is gone
    expect(page.locator(".invalid-link-reason")).to_contain_text("This alert does not exist (any more)")
    assert_no_axe_violations(page, "alert: invalid link")
