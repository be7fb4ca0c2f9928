"""The portal on a 360 px wide phone in the languages with the longest words (German, Greek, Hungarian) and in
Bulgarian: nothing overflows the screen, no word breaks the layout, and axe-core finds no violation.

Screenshots of every page are written to var/screenshots/360/ (for people to look at; nothing reads them).
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page

from tests.e2e.axe import audit_page
from tests.e2e.helpers import log_in
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTH = 360
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "360"
PAGES = {
    "home": lambda data: reverse("home"),
    "practice list": lambda data: reverse("practices:practice-list") + "?q=social+enterprises&theme=awareness",
    "practice page": lambda data: data.shop.get_absolute_url(),
    "region page": lambda data: data.peloponnese_region.get_absolute_url(),
    "event page": lambda data: data.workshop.get_absolute_url(),
    "practice form": lambda data: reverse("practices:practice-create"),
    "my practices": lambda data: reverse("practices:my-practices"),
}
# Elements wider than the screen, outside a container that scrolls sideways on purpose (a wide table), and
# shown (the list of a closed <details> is laid out, but not shown).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (!box.width || (box.right <= width + 1 && box.left >= -1)) continue;
    let parent = element.parentElement, inside = false;
    while (parent && !inside) { inside = scrolls(parent); parent = parent.parentElement; }
    const hidden = ".visually-hidden, .visually-hidden-focusable, details:not([open]) > :not(summary)";
    if (inside || element.closest(hidden)) continue;
    const text = (element.textContent || "").trim().slice(0, 50);
    wide.push(`${element.tagName.toLowerCase()}.${element.className}: ${text}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


@pytest.mark.parametrize("language", ["de", "el", "hu", "bg"])
def test_pages_fit_a_narrow_screen(page: Page, portal, language):
    MembershipFactory(partner=portal.shop.partner, user__username="maria")
    log_in(page, "maria")  # the partner pages are among them; public pages look the same logged in
    page.set_viewport_size({"width": WIDTH, "height": 780})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, audits = [], []
    for name, path_of in PAGES.items():
        with translation.override(language):
            path = path_of(portal)
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        page.screenshot(path=SCREENSHOTS / f"{language}-{name.replace(' ', '-')}.png", full_page=True)
        layout = page.evaluate(OVERFLOW)
        if layout["scrollWidth"] > layout["width"] or layout["wide"]:
            problems.append(f"{name} ({language}): {layout}")
        audits.append(audit_page(page, f"{name} ({language}, {WIDTH} px)"))
    assert problems == []
    failed = [audit for audit in audits if audit.violations]
    assert not failed, "\n\n".join(audit.failure_message() for audit in failed)
