"""An axe-core audit (WCAG 2.0/2.1, levels A and AA) of the pages of the partners' and reviewers' journey.

Each page as its user sees it at its fullest, reached through the login form and the portal's own links
and buttons: the login page (also after a wrong password), "My practices" with practices in every state,
a reviewer's comment and unread notifications, the practice form (empty; after a validation error, with
the error summary and an image already uploaded; with the fields missing for submission; with the
reviewer's request), the review queue, the review page with the seven criteria (also after an incomplete
decision), the revision history comparing two versions, and the password change page (also with errors).
Before each audit, the page is checked to show the parts that could fail it.

The results per page (rules passed, violations) are printed at the end of the run.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from practices.choices import InstitutionType, PracticeType, TargetGroup
from practices.models import Criterion, CriterionAssessment, TransferInterest
from regions.models import Region
from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.helpers import log_in
from tests.e2e.portal import add_image, png
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    RegionFactory,
    ReviewerFactory,
    theme,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REQUEST = "Please add how many members the cooperative has, and since when."


def edit(practice, user, **changes):
    """A partner's save of `practice` with `changes`, as the form makes it (a new version in the history)."""
    for name, value in changes.items():
        setattr(practice, name, value)
    practice._history_user = user
    practice.save_edit(practice.version)


def build_workflow():
    """A partner with practices in every state, a reviewer, and what the steps between them left behind."""
    region = RegionFactory(code="EL65", name="Πελοπόννησος", name_en="Peloponnese", level=Region.Level.NUTS2)
    partner = PartnerFactory(name="Region of Peloponnese", short_name="Peloponnese", region=region)
    haskovo = PartnerFactory(
        name="Haskovo Municipality", short_name="Haskovo", region=RegionFactory(code="BG422", country="BG")
    )
    editor = MembershipFactory(
        partner=partner, user__username="maria", user__first_name="Maria", user__last_name="Georgiou"
    ).user
    reviewer = ReviewerFactory(username="jan", first_name="Jan", last_name="Peeters")

    def practice(title, **fields):
        return GoodPracticeFactory(
            title=title,
            partner=partner,
            region=region,
            themes=[theme("social-innovation")],
            created_by=editor,
            **fields,
        )

    draft = practice(
        "Repair café in the village hall",
        summary="",
        practice_type="",
        resources="",
        evidence="",
        target_groups=[],
    )
    waiting = practice("Community bus for the mountain villages")
    waiting.submit(editor)

    resubmitted = practice(
        "Beekeeping cooperative of three villages",
        summary="Young beekeepers share hives, a honey house and a shop.",
        evidence="Honey sales doubled in three years.",
    )
    resubmitted.submit(editor)
    resubmitted.request_changes(reviewer, REQUEST)
    edit(
        resubmitted,
        editor,
        evidence="Honey sales doubled in three years. The cooperative has 23 members, 9 of them under 30.",
    )
    resubmitted.submit(editor)

    sent_back = practice("Olive oil mill run by its growers")
    sent_back.submit(editor)
    sent_back.request_changes(reviewer, REQUEST)

    published = practice(
        "Village shop run by a cooperative",
        summary="Residents of a mountain village run the last grocery as a cooperative.",
        practice_type=PracticeType.PROJECT,
        institution_type=InstitutionType.COOPERATIVE,
        target_groups=[TargetGroup.CONSUMERS, TargetGroup.RURAL_COMMUNITIES],
        start_date=datetime.date(2019, 3, 1),
    )
    add_image(published, "shop.png", "The village shop with its green shutters")
    edit(published, editor, summary="Residents of a mountain village run their last grocery shop as a cooperative.")
    published.submit(editor)
    published.publish(
        reviewer,
        "Published: a clear example for other rural regions.",
        assessments=[CriterionAssessment(criterion=criterion, score=4) for criterion in Criterion],
    )
    TransferInterest.objects.create(
        practice=published,
        partner=haskovo,
        stage=TransferInterest.Stage.STUDYING,
        note="Two villages near Haskovo want to open a shop.",
    )
    return SimpleNamespace(
        editor=editor,
        reviewer=reviewer,
        draft=draft,
        waiting=waiting,
        resubmitted=resubmitted,
        sent_back=sent_back,
        published=published,
    )


@pytest.fixture
def workflow(live_server, tmp_path):
    data = build_workflow()
    data.tmp_path = tmp_path  # for the files the partner uploads
    return data


def state_group(page: Page, label):
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(label)} \(\d+\)$"))


# -- the pages, each reached as its user reaches it ----------------------------------------------------------


def login_page(page: Page, data):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_label("Username")).to_be_visible()


def login_page_with_an_error(page: Page, data):
    login_page(page, data)
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")


def password_change_page(page: Page, data):
    log_in(page, "maria")
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")


def password_change_page_with_errors(page: Page, data):
    password_change_page(page, data)
    page.get_by_label("Old password").fill("not her password")
    page.get_by_label("New password*", exact=True).fill("short")
    page.get_by_label("New password confirmation").fill("other")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator(".is-invalid")).not_to_have_count(0)


def dashboard(page: Page, data):
    log_in(page, "maria")
    expect(page.get_by_role("heading", level=1)).to_have_text("My practices")
    for label, count in [
        ("Draft", 1),
        ("Submitted for review", 2),
        ("Changes requested", 1),
        ("Published", 1),
        ("Archived", 0),
    ]:
        expect(state_group(page, label).locator(".dashboard-item")).to_have_count(count)
    expect(state_group(page, "Changes requested").locator(".last-comment")).to_contain_text(REQUEST)
    notifications = page.get_by_role("region", name=re.compile(r"^Notifications"))
    expect(notifications.locator(".notification.unread")).to_have_count(3)
    expect(notifications.locator(".notification-comment").first).to_be_visible()
    expect(page.get_by_role("region", name="Transfers")).to_contain_text("Haskovo Municipality")


def practice_form_empty(page: Page, data):
    log_in(page, "maria")
    page.get_by_role("link", name="Describe a new practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New good practice")
    expect(page.locator(".char-count")).not_to_have_count(0)  # the counters are part of what is audited


def practice_form_with_errors(page: Page, data):
    practice_form_empty(page, data)
    image_file = data.tmp_path / "beehives.png"
    image_file.write_bytes(png(320, 200, label="Beehives"))
    page.get_by_label("Title*", exact=True).fill("Beekeeping cooperative of three mountain villages")
    page.get_by_label("Website").fill("honey example org")
    page.get_by_label("Start date (required for review)").fill("2019-04-01")
    page.get_by_label("End date", exact=True).fill("2018-12-31")
    image = page.locator("#images-section fieldset.media-form").first
    image.get_by_label("Image file").set_input_files(image_file)
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator("[data-error-summary]")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Website: Enter a full web address, e.g. https://www.example.org.",
            "End date: The end date cannot be before the start date.",
            "Image 1 – Description for people who cannot see the image: "
            "Describe what the image shows, for people who cannot see it.",
        ]
    )
    expect(image.locator(".staged-file")).to_contain_text("beehives.png")
    expect(page.locator(".is-invalid")).to_have_count(3)


def practice_form_incomplete(page: Page, data):
    log_in(page, "maria")
    state_group(page, "Draft").get_by_role("link", name=f"Edit {data.draft.title}").click()
    page.get_by_role("button", name="Submit for review").click()
    summary = page.locator("[data-error-summary]")
    expect(summary.get_by_role("heading")).to_have_text(
        "Fill in these fields before submitting the practice for review"
    )
    expect(summary.get_by_role("link")).to_have_count(5)
    expect(page.locator(".alert-warning")).to_contain_text("cannot be submitted for review yet")


def practice_form_with_request(page: Page, data):
    log_in(page, "maria")
    state_group(page, "Changes requested").get_by_role("link", name=f"Edit {data.sent_back.title}").click()
    expect(page.locator(".requested-changes")).to_contain_text(REQUEST)


def review_queue(page: Page, data):
    log_in(page, "jan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.locator("table.review-queue tbody tr")).to_have_count(2)
    # Of the five submissions, the two still waiting: a reviewer decided on the others.
    expect(page.locator(".notification.unread")).to_have_count(2)


def review_page(page: Page, data):
    review_queue(page, data)
    page.locator("table.review-queue").get_by_role("link", name=data.resubmitted.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {data.resubmitted.title}")
    expect(page.get_by_role("region", name="What changed").locator("tbody th")).to_have_text(["Evidence of success"])
    expect(page.locator("fieldset.criterion")).to_have_count(7)
    expect(page.get_by_label("Comment to the partner")).to_be_visible()


def review_page_with_errors(page: Page, data):
    review_page(page, data)
    page.get_by_role("group", name="1. Relevance").get_by_label("4 - good").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("The decision was not taken")
    expect(page.locator("fieldset.criterion.is-invalid")).to_have_count(6)


def history_page(page: Page, data):
    log_in(page, "jan")
    page.goto(data.published.get_absolute_url())
    page.get_by_role("link", name="Revision history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Revision history: {data.published.title}")
    expect(page.locator("table.history-table tbody tr")).to_have_count(5)
    page.get_by_role("button", name="Compare the chosen versions").click()
    expect(page.get_by_role("region", name=re.compile(r"^Version \d+ compared with version \d+$"))).to_be_visible()


PAGES = {
    "login page": login_page,
    "login page after a wrong password": login_page_with_an_error,
    "my practices (every state, notifications)": dashboard,
    "practice form (new, empty)": practice_form_empty,
    "practice form (validation errors, image uploaded)": practice_form_with_errors,
    "practice form (fields missing for submission)": practice_form_incomplete,
    "practice form (changes requested)": practice_form_with_request,
    "review queue": review_queue,
    "review page (criteria form)": review_page,
    "review page (decision not taken)": review_page_with_errors,
    "revision history (two versions compared)": history_page,
    "password change page": password_change_page,
    "password change page with errors": password_change_page_with_errors,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(page: Page, workflow, name):
    PAGES[name](page, workflow)
    assert_no_axe_violations(page, name)
