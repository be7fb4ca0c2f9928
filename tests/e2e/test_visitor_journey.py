"""A public visitor finds a practice and the event where it was presented, and takes the event home.

Home -> a focus objective -> a country facet -> a word -> the practice -> its event -> the event's .ics.
At each step: what the visitor sees (counts, chips, facets, titles), and the URL that holds the state.
"""

import re
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AWARENESS = "Awareness of the social economy"


def query_of(page: Page):
    """The query string of the page's URL, as {name: [values]} without the empty ones."""
    return parse_qs(urlsplit(page.url).query)


def result_titles(page: Page):
    return page.locator(".practice-results .card-title a")


def chips(page: Page):
    return page.locator(".active-filters .filter-chip")


def facet(page: Page, legend):
    return page.get_by_role("group", name=legend, exact=True)


def test_visitor_goes_from_home_to_a_practice_and_downloads_its_event(page: Page, portal, tmp_path):
    unpublished = portal.draft.title

    # Home: the four focus objectives, each with its number of published practices (the draft not counted).
    page.goto("/")
    objectives = page.get_by_role("region", name="Four focus objectives")
    expect(objectives.get_by_role("heading", level=3)).to_have_text(
        [
            AWARENESS,
            "Access to procurement and finance",
            "Strengthening social enterprises",
            "Regional social innovation",
        ]
    )
    expect(objectives.locator(".theme-count")).to_have_text(
        ["3 published practices", "2 published practices", "0 published practices", "1 published practice"]
    )
    expect(page.get_by_text(unpublished)).to_have_count(0)

    # A theme: the list filtered by it, newest first.
    objectives.get_by_role("link", name=AWARENESS).click()
    expect(page).to_have_url(re.compile(r"/practices/\?theme=awareness$"))
    expect(page.locator("#results")).to_have_text("3 practices")
    expect(result_titles(page)).to_have_text(
        [
            "Social economy fair in Haskovo",
            "A quality label for social enterprises",
            "Village shop run by a cooperative",
        ]
    )
    expect(chips(page)).to_have_text([f"Remove filter Theme: {AWARENESS} ×"])
    expect(facet(page, "Theme").get_by_role("checkbox", name=re.compile(AWARENESS))).to_be_checked()
    country = facet(page, "Country")
    # Countries in alphabetical order, each with the practices it would give among the three.
    expect(country.locator(".form-check-label")).to_have_text(["Bulgaria (1 practice)", "Greece (2 practices)"])
    expect(page.get_by_text(unpublished)).to_have_count(0)
    theme_url = page.url

    # A country: tick it and apply; both filters in the URL, chips for both.
    country.get_by_role("checkbox", name=re.compile(r"^Greece")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"country=EL"))
    assert query_of(page) == {"theme": ["awareness"], "country": ["EL"], "sort": ["newest"]}
    expect(page.locator("#results")).to_have_text("2 practices")
    expect(result_titles(page)).to_have_text(
        ["A quality label for social enterprises", "Village shop run by a cooperative"]
    )
    expect(chips(page)).to_have_text([f"Remove filter Theme: {AWARENESS} ×", "Remove filter Country: Greece ×"])
    expect(facet(page, "Country").get_by_role("checkbox", name=re.compile(r"^Greece"))).to_be_checked()
    # The theme facet now counts within Greece; its own selection does not narrow its counts.
    expect(facet(page, "Theme").locator(".form-check-label")).to_have_text(
        [
            f"{AWARENESS} (2 practices)",
            "Access to procurement and finance (1 practice)",
            "Regional social innovation (1 practice)",
        ]
    )
    country_url = page.url

    # A word: the search keeps the filters; the snippet highlights the word.
    page.get_by_label("Search the practices").fill("grocery")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=grocery"))
    assert query_of(page) == {"q": ["grocery"], "theme": ["awareness"], "country": ["EL"], "sort": ["newest"]}
    expect(page.locator("#results")).to_have_text("1 practice")
    expect(result_titles(page)).to_have_text(["Village shop run by a cooperative"])
    expect(page.locator(".snippet mark")).to_have_text(["grocery"])
    expect(page).to_have_title("“grocery” in good practices | SECON")
    expect(chips(page)).to_have_count(2)
    # The unpublished draft says "grocery" twice; it never shows.
    expect(page.get_by_text(unpublished)).to_have_count(0)
    search_url = page.url

    # Back and forward through the filter states: each page shows the state of its URL (results and chips;
    # the form controls are left to the browser, see test_back_button_restores_the_form_of_the_url).
    page.go_back()
    expect(page).to_have_url(country_url)
    expect(page.locator("#results")).to_have_text("2 practices")
    expect(chips(page)).to_have_count(2)
    page.go_back()
    expect(page).to_have_url(theme_url)
    expect(page.locator("#results")).to_have_text("3 practices")
    expect(chips(page)).to_have_text([f"Remove filter Theme: {AWARENESS} ×"])
    page.go_forward()
    expect(page).to_have_url(country_url)
    page.go_forward()
    expect(page).to_have_url(search_url)
    expect(result_titles(page)).to_have_text(["Village shop run by a cooperative"])

    # The same URL opened afresh (shared, bookmarked) gives the same page.
    other = page.context.new_page()
    other.goto(search_url)
    expect(other.locator("#results")).to_have_text("1 practice")
    expect(other.get_by_label("Search the practices")).to_have_value("grocery")
    other.close()

    # The practice, and the event where it was presented.
    result_titles(page).first.click()
    expect(page).to_have_url(re.compile(rf"/practices/{portal.shop.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Village shop run by a cooperative")
    events = page.get_by_role("region", name="Presented or visited at events")
    expect(events.get_by_role("listitem")).to_have_count(1)
    events.get_by_role("link", name="Interregional workshop on visibility").click()

    expect(page).to_have_url(re.compile(r"/events/interregional-workshop/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Interregional workshop on visibility")
    presented = page.get_by_role("region", name="Practices presented or visited")
    expect(presented.get_by_role("link")).to_have_text(
        ["Village shop run by a cooperative", "A quality label for social enterprises"]
    )
    expect(page.get_by_text(unpublished)).to_have_count(0)

    # The event as an iCalendar file.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "interregional-workshop.ics"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    [event] = calendar.walk("VEVENT")
    workshop = portal.workshop
    assert str(event["SUMMARY"]) == "Interregional workshop on visibility"
    start = event.decoded("DTSTART")
    assert start == workshop.start
    assert str(start.tzinfo) == "Europe/Athens" == event["DTSTART"].params["TZID"]
    assert event.decoded("DTEND") == workshop.end
    assert str(event["URL"]) == page.url


def test_unpublished_practice_never_shows(page: Page, portal):
    """The draft matches "grocery" and is linked to the workshop: visitors find neither trace nor page."""
    page.goto("/practices/?q=grocery")
    expect(page.locator("#results")).to_have_text("1 practice")
    expect(result_titles(page)).to_have_text(["Village shop run by a cooperative"])
    response = page.goto(portal.draft.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_text(portal.draft.title)).to_have_count(0)


def test_back_button_restores_the_form_of_the_url(page: Page, portal):
    """After Back, the search field and the facet checkboxes show the filters the results are for."""
    page.goto("/practices/?theme=awareness")
    facet(page, "Country").get_by_role("checkbox", name=re.compile(r"^Greece")).check()
    page.get_by_label("Search the practices").fill("grocery")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results")).to_have_text("1 practice")
    page.go_back()
    expect(page.locator("#results")).to_have_text("3 practices")
    expect(page.get_by_label("Search the practices")).to_have_value("", timeout=1000)
    expect(facet(page, "Country").get_by_role("checkbox", name=re.compile(r"^Greece"))).not_to_be_checked(timeout=1000)
