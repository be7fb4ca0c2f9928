"""The Impact page in the browser: no axe-core violation (WCAG 2.1 A/AA) in English and German, at 1280 and at
360 px, nothing wider than a phone's screen, and the charts drawn with their patterns, on screen and in print."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.e2e.axe import audit_page
from tests.e2e.test_narrow_screens import OVERFLOW

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_impact_page_is_accessible_and_fits_a_phone(page: Page, portal):
    audits, problems = [], []
    for language in ("en", "de"):
        with translation.override(language):
            path = reverse("impact")
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            assert response.status == 200, f"{path} answered {response.status}"
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("#chart-results svg[role=img]")).to_be_visible()
            if width == 360:
                layout = page.evaluate(OVERFLOW)
                if layout["scrollWidth"] > layout["width"] or layout["wide"]:
                    problems.append(f"impact ({language}, {width} px): {layout}")
            audits.append(audit_page(page, f"impact ({language}, {width} px)"))
    assert problems == []
    failed = [audit for audit in audits if audit.violations]
    assert not failed, "\n\n".join(audit.failure_message() for audit in failed)


def test_the_charts_are_drawn_with_their_patterns_on_screen_and_in_print(page: Page, portal):
    page.goto(reverse("impact"))
    planned = page.locator("#chart-progress-types svg[role=img] rect.chart-bar-planned").first
    held = page.locator("#chart-progress-types svg[role=img] rect.chart-bar-held").first
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        assert planned.evaluate("(rect) => getComputedStyle(rect).fill").startswith("url(")
        assert held.evaluate("(rect) => getComputedStyle(rect).fill") == (
            "rgb(27, 58, 107)" if media == "screen" else "rgb(51, 51, 51)"
        )
        box = page.locator("#chart-progress-types svg[role=img]").bounding_box()
        assert box["width"] > 200 and box["height"] > 50
