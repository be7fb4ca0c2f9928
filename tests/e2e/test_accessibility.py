"""An axe-core audit (WCAG 2.0/2.1, levels A and AA) of every public page, in English and German.

Each page is filled as a visitor sees it at its fullest: the practice list with a text query and facets
(so snippets, chips and facet counts show), the practice page with images, results, assessment, contact,
transfers and events, the region and policy instrument pages with their practices, instruments and
assessments, the event page with agenda, documents, participation and practices. Besides the audit, the
keyboard basics: the skip link is the first thing Tab reaches, and it moves the focus to <main>.

The results per page (rules passed, violations) are printed at the end of the run.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_skip_link_works, audit_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# name -> the path of the page, given the data of build_portal() (reversed in the page's language).
PAGES = {
    "home": lambda data: reverse("home"),
    "practice list": lambda data: (
        reverse("practices:practice-list") + "?q=social+enterprises&theme=awareness&theme=access&country=EL"
    ),
    "practice page": lambda data: data.shop.get_absolute_url(),
    "region list": lambda data: reverse("regions:region-list"),
    "region page": lambda data: data.peloponnese_region.get_absolute_url(),
    "policy instrument page": lambda data: data.programme.get_absolute_url(),
    "event list": lambda data: reverse("events:event-list"),
    "event page": lambda data: data.workshop.get_absolute_url(),
    "about": lambda data: reverse("about"),
}
LANGUAGES = ["en", "de"]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(page: Page, portal, name):
    """The page in each language: no axe-core violation, and a skip link that works from the keyboard.

    Both languages in one test: the data is built once (a test of the live server starts from an empty database).
    """
    audits = []
    for language in LANGUAGES:
        with translation.override(language):
            path = PAGES[name](portal)
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        audits.append(audit_page(page, f"{name} ({language})"))
        assert_skip_link_works(page)
    failed = [audit for audit in audits if audit.violations]
    assert not failed, "\n\n".join(audit.failure_message() for audit in failed)


def test_pages_show_what_the_audit_is_meant_to_cover(page: Page, portal):
    """The audit is only worth something if the pages show the parts that could fail it."""
    page.goto(PAGES["practice list"](portal))
    expect(page.locator("#results")).to_have_text("2 practices")
    expect(page.locator(".snippet mark").first).to_be_visible()
    expect(page.locator(".filter-chip")).to_have_count(3)
    expect(page.locator("fieldset.facet")).not_to_have_count(0)

    page.goto(PAGES["practice page"](portal))
    for heading in [
        "Images",
        "Evidence of success",
        "Assessment",
        "Documents",
        "Relevant policy instruments",
        "Transfer to other regions",
        "Presented or visited at events",
        "Contact",
    ]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    thumbnails = page.locator("img.gallery-thumbnail")
    expect(thumbnails).to_have_count(2)
    for thumbnail in thumbnails.all():
        thumbnail.scroll_into_view_if_needed()
        expect(thumbnail).to_have_js_property("complete", True)
        assert thumbnail.evaluate("img => img.naturalWidth") == 480  # the thumbnail, loaded from MEDIA_ROOT
    expect(page.locator(".contact-person")).to_contain_text("eleni@coop.example.org")

    page.goto(PAGES["region page"](portal))
    for heading in [
        "Profile",
        "Partner",
        "Policy instruments",
        "Good practices",
        "Events",
        "Practices it is transferring",
    ]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()

    page.goto(PAGES["policy instrument page"](portal))
    expect(page.get_by_role("region", name="Joint assessments").locator("article")).to_have_count(1)
    expect(page.get_by_role("region", name="Relevant good practices").locator("h3 a")).to_have_text(
        ["Village shop run by a cooperative"]
    )

    page.goto(PAGES["event page"](portal))
    for heading in ["Agenda", "Documents", "Participation", "Practices presented or visited"]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
