"""A partner writes a practice, a reviewer sends it back and then publishes it, a visitor finds it.

Three browser contexts, as three people on three computers: the partner's editor, the reviewer, and an
anonymous visitor. Both log in through the login form. At each step: what the person sees, and what is
kept of what they typed or uploaded.

1. The partner logs in (lands on "My practices"), starts a practice, saves a half-filled draft.
2. Edits it: uploads an image, makes an error elsewhere (end before start), sees every value kept and the
   image already uploaded; fixes the error and saves; the image is attached.
3. Submits with fields missing: the error summary links to them; completes them and submits.
4. The reviewer logs in (lands on the review queue), opens the practice, asks for changes with a comment.
5. The partner sees the comment and the notification, edits, resubmits.
6. The reviewer scores the seven criteria and publishes.
7. A visitor finds the practice on /practices/ by a word of its summary and reads the assessment.
On the way: the character counter, and the warning before leaving the form with unsaved changes.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from practices.models import GoodPractice, State
from regions.models import Region
from tests.e2e.helpers import log_in, serve_media
from tests.e2e.portal import png
from tests.factories import MembershipFactory, PartnerFactory, RegionFactory, ReviewerFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Beekeeping cooperative of three mountain villages"
SUMMARY = "Young beekeepers share the hives, a honey house and a village shop in three mountain villages."
SEARCH_WORD = "beekeepers"  # in the summary only, and in no other practice
DESCRIPTION = "The cooperative lends hives to newcomers.\n\nMembers extract and bottle the honey together."
ALT_TEXT = "Two beekeepers lift a frame of honeycomb out of a hive"
COMMENT = "Please add the number of members to the evidence of success."
REQUIRED = "Required before submitting for review."
CRITERIA = [
    "Relevance",
    "In place for at least two years",
    "Quality-assurance procedures",
    "Effectiveness and efficiency",
    "Sustainability",
    "Transferability",
    "Ethics",
]
SCORES = ["5 - excellent", "4 - good", "3 - adequate", "4 - good", "4 - good", "5 - excellent", "4 - good"]


class Dialogs:
    """The dialogs a page opens, recorded by type; each answered with the next planned answer (else dismissed)."""

    def __init__(self, page: Page):
        self.seen = []
        self.answers = []
        page.on("dialog", self._answer)

    def _answer(self, dialog):
        self.seen.append(dialog.type)
        if self.answers and self.answers.pop(0) == "accept":
            dialog.accept()
        else:
            dialog.dismiss()


def group(page: Page, state_label):
    """A state's group of practices on "My practices" (its heading is the label and the count)."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(state_label)} \(\d+\)$"))


def message(page: Page):
    return page.locator("main .alert[role=status], main .alert[role=alert]").first


@pytest.fixture
def people(live_server):
    """The partner's editor and a reviewer; a partner region for the practice."""
    region = RegionFactory(code="EL65", name="Πελοπόννησος", name_en="Peloponnese", level=Region.Level.NUTS2)
    partner = PartnerFactory(name="Region of Peloponnese", short_name="Peloponnese", region=region)
    editor = MembershipFactory(
        partner=partner, user__username="maria", user__first_name="Maria", user__last_name="Georgiou"
    ).user
    reviewer = ReviewerFactory(username="jan", first_name="Jan", last_name="Peeters")
    return editor, reviewer


def mail_to(mailoutbox, address):
    run_queued_tasks()  # what the worker would have sent by now
    """The e-mails sent to `address` so far (the live server's too: they share the test's locmem outbox)."""
    return [email for email in mailoutbox if address in email.to]


def test_partner_writes_reviewer_publishes_visitor_finds(
    page: Page, new_context, live_server, people, tmp_path, mailoutbox
):
    editor, reviewer = people
    dialogs = Dialogs(page)

    # 1. The partner logs in and lands on "My practices", with nothing yet.
    log_in(page, "maria")
    expect(page).to_have_url(re.compile(r"/practices/mine/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My practices")
    expect(group(page, "Draft")).to_contain_text("None.")

    page.get_by_role("link", name="Describe a new practice").click()
    expect(page).to_have_url(re.compile(r"/practices/new/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New good practice")

    # The character counters count as the partner types, and say when a text is too long.
    # The title is required even for a draft (crispy's asterisk is part of its name).
    title, summary = page.get_by_label("Title*", exact=True), page.get_by_label("Summary (required for review)")
    expect(page.locator("#id_summary_counter")).to_have_text("600 characters remaining")
    title.fill("x" * 151)
    expect(page.locator("#id_title_counter")).to_have_text("1 character too many")
    expect(page.locator("#id_title_counter")).to_have_class(re.compile(r"\bis-over\b"))
    title.fill(TITLE)
    expect(page.locator("#id_title_counter")).to_have_text(f"{150 - len(TITLE)} characters remaining")
    summary.fill(SUMMARY)
    expect(page.locator("#id_summary_counter")).to_have_text(f"{600 - len(SUMMARY)} characters remaining")
    page.get_by_label("Regional social innovation").check()

    # Leaving with unsaved changes asks first; staying keeps everything typed.
    with page.expect_event("dialog", timeout=5000) as dialog_info:
        page.get_by_role("link", name="My practices").click()
    assert dialog_info.value.type == "beforeunload"
    expect(page).to_have_url(re.compile(r"/practices/new/$"))
    expect(title).to_have_value(TITLE)
    expect(summary).to_have_value(SUMMARY)

    # Saving the half-filled draft does not ask.
    page.get_by_role("button", name="Save draft").click()
    expect(message(page)).to_have_text(f"Your draft “{TITLE}” was saved.")
    practice = GoodPractice.objects.get(title=TITLE)
    edit_path = f"/practices/{practice.slug}/edit/"
    expect(page).to_have_url(re.compile(rf"{re.escape(edit_path)}$"))
    assert practice.state == State.DRAFT
    assert practice.partner.name == "Region of Peloponnese"
    assert [theme.name for theme in practice.themes.all()] == ["Regional social innovation"]

    page.get_by_role("link", name="My practices").click()
    drafts = group(page, "Draft")
    expect(drafts.locator(".practice-name")).to_have_text([TITLE])
    expect(group(page, "Submitted for review")).to_contain_text("None.")

    # 2. Edits it: an image, more text, and an end date before the start date.
    drafts.get_by_role("link", name=f"Edit {TITLE}").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(edit_path)}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit “{TITLE}”")
    image_file = tmp_path / "beehives.png"
    image_file.write_bytes(png(320, 200, colour=(230, 170, 20), label="Beehives"))
    image = page.locator("#images-section fieldset.media-form").first
    image.get_by_label("Image file").set_input_files(image_file)
    image.get_by_label("Description for people who cannot see the image").fill(ALT_TEXT)
    image.get_by_label("Credit").fill("Maria Georgiou")
    values = {
        "Main institution (required for review)": "Arcadian beekeepers' cooperative",
        "Website": "https://honey.example.org/",
        "Start date (required for review)": "2019-04-01",
        "End date": "2018-12-31",
        "Detailed description (required for review)": DESCRIPTION,
        "Budget (EUR)": "38000",
    }
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Young people").check()
    page.get_by_label("Rural communities and farmers").check()
    page.get_by_role("button", name="Save draft").click()

    # Nothing is saved, nothing is lost: the summary names the error, every value is back, the image is uploaded.
    errors = page.locator("[data-error-summary]")
    expect(errors.get_by_role("heading")).to_have_text("The practice could not be saved: please check these fields")
    expect(errors.get_by_role("link")).to_have_text(["End date: The end date cannot be before the start date."])
    expect(errors).to_be_focused()
    expect(title).to_have_value(TITLE)
    expect(summary).to_have_value(SUMMARY)
    for label, value in values.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    for checked in ["Regional social innovation", "Young people", "Rural communities and farmers"]:
        expect(page.get_by_label(checked)).to_be_checked()
    expect(page.get_by_label("Awareness of the social economy")).not_to_be_checked()
    expect(image.locator(".staged-file")).to_have_text(
        re.compile(r"^beehives\.png, [\d.]+\s(bytes|KB), already uploaded$")
    )
    expect(image.get_by_label("Image file")).to_have_count(0)  # no second upload
    expect(image.get_by_label("Description for people who cannot see the image")).to_have_value(ALT_TEXT)
    expect(image.get_by_label("Credit")).to_have_value("Maria Georgiou")
    practice.refresh_from_db()
    assert (practice.main_institution, practice.end_date, practice.images.count()) == ("", None, 0)

    # Fixed (the practice is ongoing) and saved: the image is now the practice's.
    errors.get_by_role("link").click()
    end_date = page.get_by_label("End date", exact=True)
    expect(end_date).to_be_focused()
    end_date.fill("")
    page.get_by_role("button", name="Save draft").click()
    expect(message(page)).to_have_text(f"Your draft “{TITLE}” was saved.")
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    thumbnail = page.locator("#images-section img.media-thumbnail")
    expect(thumbnail).to_have_attribute("alt", ALT_TEXT)
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0  # the thumbnail, served from MEDIA_ROOT
    [attached] = practice.images.all()
    assert (attached.alt_text, attached.credit) == (ALT_TEXT, "Maria Georgiou")
    practice.refresh_from_db()
    assert practice.main_institution == "Arcadian beekeepers' cooperative"
    assert practice.end_date is None

    # 3. Submitted with fields missing: saved, not submitted; the summary links to each missing field.
    page.get_by_role("button", name="Submit for review").click()
    expect(message(page)).to_have_text(
        "Your draft was saved, but it cannot be submitted for review yet: "
        "fill in the fields marked below, then submit it again."
    )
    errors = page.locator("[data-error-summary]")
    expect(errors.get_by_role("heading")).to_have_text("Fill in these fields before submitting the practice for review")
    expect(errors.get_by_role("link")).to_have_text(
        [
            f"Type of practice: {REQUIRED}",
            f"Type of institution: {REQUIRED}",
            f"Resources needed: {REQUIRED}",
            f"Evidence of success: {REQUIRED}",
            f"Difficulties encountered and lessons learned: {REQUIRED}",
            f"Potential for learning or transfer: {REQUIRED}",
        ]
    )
    expect(errors).to_be_focused()
    errors.get_by_role("link", name=f"Type of practice: {REQUIRED}").click()
    practice_type = page.get_by_label("Type of practice (required for review)")
    expect(practice_type).to_be_focused()
    expect(practice_type).to_be_in_viewport()
    assert GoodPractice.objects.get(pk=practice.pk).state == State.DRAFT
    # The region was the partner's own from the start.
    expect(page.get_by_role("combobox", name="Region (required for review)")).to_have_value(
        "Peloponnese (Πελοπόννησος) – EL65"
    )

    practice_type.select_option(label="Network or partnership")
    page.get_by_label("Type of institution (required for review)").select_option(label="Cooperative")
    page.get_by_label("Resources needed (required for review)").fill("A part-time coordinator and 40 hives.")
    page.get_by_label("Evidence of success (required for review)").fill("Honey sales doubled in three years.")
    page.get_by_label("Difficulties encountered and lessons learned (required for review)").fill(
        "Winter losses of bees; the members now insure the hives together."
    )
    page.get_by_label("Potential for learning or transfer (required for review)").fill(
        "Any mountain area with beekeeping tradition can start such a cooperative."
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(message(page)).to_have_text(
        f"“{TITLE}” was submitted for review. You will hear from us when a reviewer has looked at it."
    )
    expect(page).to_have_url(re.compile(rf"/practices/{practice.slug}/$"))
    expect(page.locator(".state-notice")).to_contain_text("This practice is not published yet: Submitted for review")
    page.get_by_role("link", name="My practices").click()
    expect(group(page, "Submitted for review").locator(".practice-name")).to_have_text([TITLE])
    expect(group(page, "Draft")).to_contain_text("None.")
    expect(group(page, "Submitted for review").get_by_role("link", name=f"Edit {TITLE}")).to_have_count(0)
    assert [email.subject for email in mail_to(mailoutbox, reviewer.email)] == [f"To review: {TITLE}"]

    # 4. The reviewer logs in on another computer and lands on the review queue.
    reviewer_page = serve_media(new_context(), live_server.url).new_page()
    log_in(reviewer_page, "jan")
    expect(reviewer_page).to_have_url(re.compile(r"/practices/review/$"))
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text("Review queue")
    queue = reviewer_page.locator("table.review-queue")
    expect(queue.locator("caption")).to_have_text("1 submission waiting for review")
    expect(queue.locator("tbody tr")).to_have_count(1)
    expect(queue.locator("tbody tr")).to_contain_text("Region of Peloponnese")
    expect(queue.locator("tbody tr")).to_contain_text("by Maria Georgiou")
    expect(reviewer_page.locator(".notification")).to_contain_text(f"Submitted for review: {TITLE}")

    queue.get_by_role("link", name=TITLE).click()
    expect(reviewer_page).to_have_url(re.compile(rf"/practices/{practice.slug}/review/$"))
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text(f"Review: {TITLE}")
    expect(reviewer_page.get_by_role("region", name="What changed")).to_contain_text("This is a new practice")
    preview = reviewer_page.get_by_role("region", name="The practice as it will be published")
    expect(preview.locator(".practice-summary")).to_have_text(SUMMARY)
    expect(preview.get_by_role("img", name=ALT_TEXT)).to_have_count(1)
    reviewer_page.get_by_label("Comment to the partner").fill(COMMENT)
    reviewer_page.get_by_role("button", name="Request changes").click()
    expect(message(reviewer_page)).to_have_text("Changes were requested; the partner's editors have been told.")
    # (The browser keeps the fragment of the form's action, #decision-heading, across the redirect.)
    expect(reviewer_page).to_have_url(re.compile(r"/practices/review/(#[\w-]*)?$"))
    expect(reviewer_page.get_by_text("Nothing is waiting for review.")).to_be_visible()

    # 5. The partner hears of the request by e-mail, and sees it on "My practices": in the group, with the
    # comment, and as a new notification.
    [email] = mail_to(mailoutbox, editor.email)
    assert email.subject == f"Changes requested: {TITLE}"
    assert COMMENT in email.body
    page.reload()
    requested = group(page, "Changes requested")
    expect(requested.locator(".practice-name")).to_have_text([TITLE])
    expect(requested.locator(".last-comment blockquote")).to_have_text(COMMENT)
    expect(requested.locator(".last-comment figcaption")).to_contain_text("Changes requested: comment by Jan Peeters")
    notifications = page.get_by_role("region", name=re.compile(r"^Notifications"))
    expect(notifications.get_by_role("heading")).to_have_text("Notifications 1 unread")
    expect(notifications.locator(".notification.unread")).to_have_count(1)
    expect(notifications.locator(".notification-text")).to_have_text(re.compile(rf"Changes requested:\s+{TITLE}"))
    expect(notifications.locator(".notification-comment")).to_have_text(COMMENT)

    requested.get_by_role("link", name=f"Edit {TITLE}").click()
    expect(page.locator(".requested-changes")).to_contain_text(COMMENT)
    evidence = page.get_by_label("Evidence of success (required for review)")
    expect(evidence).to_have_value("Honey sales doubled in three years.")

    # Leaving with an unsaved change, and confirming: the change is gone, as the partner chose.
    evidence.fill("Something the partner decides not to keep.")
    dialogs.answers.append("accept")
    with page.expect_event("dialog", timeout=5000) as dialog_info:
        page.get_by_role("link", name="My practices").click()
    assert dialog_info.value.type == "beforeunload"
    expect(page).to_have_url(re.compile(r"/practices/mine/$"))
    assert GoodPractice.objects.get(pk=practice.pk).evidence == "Honey sales doubled in three years."

    group(page, "Changes requested").get_by_role("link", name=f"Edit {TITLE}").click()
    evidence.fill("Honey sales doubled in three years. The cooperative has 23 members, 9 of them under 30.")
    page.get_by_role("button", name="Submit for review").click()
    expect(message(page)).to_have_text(re.compile(r"was submitted for review"))
    page.get_by_role("link", name="My practices").click()
    expect(group(page, "Submitted for review").locator(".practice-name")).to_have_text([TITLE])
    expect(group(page, "Changes requested")).to_contain_text("None.")

    # 6. The reviewer sees what changed since the first submission, scores the seven criteria, publishes.
    reviewer_page.reload()
    reviewer_page.locator("table.review-queue").get_by_role("link", name=TITLE).click()
    changes = reviewer_page.get_by_role("region", name="What changed")
    expect(changes.locator("tbody th")).to_have_text(["Evidence of success"])
    expect(changes.locator("ins")).to_contain_text("23 members")
    steps = reviewer_page.get_by_role("region", name="Review steps so far")
    expect(steps.locator("tbody tr")).to_have_count(3)
    expect(steps.locator("tbody tr").nth(1)).to_contain_text(COMMENT)
    for number, (criterion, score) in enumerate(zip(CRITERIA, SCORES, strict=True), start=1):
        fieldset = reviewer_page.get_by_role("group", name=f"{number}. {criterion}", exact=True)
        fieldset.get_by_label(score).check()
    reviewer_page.get_by_label("Comment on “Transferability” (optional)").fill("Any mountain region can do it.")
    reviewer_page.get_by_role("button", name="Publish").click()
    expect(message(reviewer_page)).to_have_text("The practice is published.")
    expect(reviewer_page).to_have_url(re.compile(rf"/practices/{practice.slug}/(#[\w-]*)?$"))
    practice.refresh_from_db()
    assert practice.state == State.PUBLISHED
    assert [email.subject for email in mail_to(mailoutbox, editor.email)] == [
        f"Changes requested: {TITLE}",
        f"Published on the SECON portal: {TITLE}",
    ]

    # 7. A visitor finds it by a word of its summary, opens it, reads the assessment.
    visitor = serve_media(new_context(), live_server.url).new_page()
    visitor.goto("/practices/")
    visitor.get_by_label("Search the practices").fill(SEARCH_WORD)
    visitor.get_by_role("button", name="Search", exact=True).click()
    expect(visitor.locator("#results")).to_have_text("1 practice")
    results = visitor.locator(".practice-results .card-title a")
    expect(results).to_have_text([TITLE])
    expect(visitor.locator(".snippet mark")).to_have_text([SEARCH_WORD])
    results.first.click()
    expect(visitor).to_have_url(re.compile(rf"/practices/{practice.slug}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator(".state-notice")).to_have_count(0)
    assessment = visitor.get_by_role("region", name="Assessment")
    expect(assessment.locator("tbody th .criterion-name")).to_have_text(CRITERIA)
    expect(assessment.locator("tbody td.score")).to_have_text(SCORES)
    expect(assessment.locator("tbody tr").nth(5)).to_contain_text("Any mountain region can do it.")
    # Scoped to the gallery: the page also holds the printed sheet's copy of the first image, hidden on screen
    # by practice-detail.css, which may not have applied yet when this line runs.
    gallery = visitor.get_by_role("region", name="Images").get_by_role("img", name=ALT_TEXT)
    expect(gallery).to_be_visible()
    expect(gallery).to_have_js_property("complete", True)
    assert gallery.evaluate("img => img.naturalWidth") > 0

    # The partner was never asked twice: the two departures from the form, and no save or submission.
    assert dialogs.seen == ["beforeunload", "beforeunload"]
