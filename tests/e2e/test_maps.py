"""The maps in the browser: no axe-core violation (WCAG 2.1 A/AA) on the map of the practices, the home page and a
region's page; a region of the map is reached with the keyboard, shows its focus, and opens the list."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.test_narrow_screens import OVERFLOW, WIDTH

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = {
    "practice map": lambda data: reverse("practices:practice-map"),
    "practice map of Greece": lambda data: reverse("practices:practice-map") + "?country=EL&theme=awareness",
    "practice map of a region": lambda data: reverse("practices:practice-map") + "?region=EL65",
    "home": lambda data: reverse("home"),
    "region page": lambda data: data.peloponnese_region.get_absolute_url(),
}


def test_map_pages_have_no_wcag_violations(page: Page, portal):
    failures = []
    for name, path in PAGES.items():
        for language in ("en", "de"):
            with translation.override(language):
                url = path(portal)
            response = page.goto(url)
            assert response.status == 200, f"{url} answered {response.status}"
            expect(page.locator("svg.nuts-map")).to_be_visible()
            try:
                assert_no_axe_violations(page, f"{name} ({language})")
            except AssertionError as error:
                failures.append(str(error))
    assert not failures, "\n\n".join(failures)


def test_a_region_is_a_link_reached_with_the_keyboard(page: Page, portal):
    page.goto(reverse("practices:practice-map") + "?country=EL")
    link = page.locator("svg.nuts-map a").first
    expect(link).to_have_attribute("href", "/practices/?country=EL&region=EL65")
    link.focus()
    expect(link).to_be_focused()
    # The focused region is filled with the focus colour and outlined in black.
    fill = link.locator("path").evaluate("path => getComputedStyle(path).fill")
    stroke = link.locator("path").evaluate("path => getComputedStyle(path).strokeWidth")
    assert (fill, stroke) == ("rgb(242, 183, 5)", "3px")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/practices/')[0]}/practices/?country=EL&region=EL65")
    expect(page.locator("#results")).to_contain_text("practice")


def test_the_maps_fit_a_narrow_screen(page: Page, portal):
    """At 360 px nothing overflows: the paths end where the map does (regions/geometry.py cuts them)."""
    page.set_viewport_size({"width": WIDTH, "height": 780})
    problems = []
    for name, path in PAGES.items():
        page.goto(path(portal))
        layout = page.evaluate(OVERFLOW)
        if layout["scrollWidth"] > layout["width"] or layout["wide"]:
            problems.append(f"{name}: {layout}")
    assert problems == []
