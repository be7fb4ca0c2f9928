"""A partner replies to the reviewer when resubmitting; the reviewer sees the reply and every change,
results, images and documents included."""

import pytest
from django.urls import reverse

from practices.models import GoodPractice, PracticeResult, Review, State
from tests.files import ALT, pdf, photo, upload
from tests.forms import edit_url, page_form
from tests.html import fragment, texts
from tests.practices.review.helpers import review_url, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_back(submitted, reviewer):
    """A submitted practice, with a result, whose reviewer asked for changes."""
    PracticeResult.objects.create(practice=submitted, indicator="Jobs created", value=3, unit="jobs", year=2024)
    submitted.request_changes(reviewer, "Say how many people the shop serves.")
    return GoodPractice.objects.get(pk=submitted.pk)


def resubmit(client, editor, practice, **changes):
    client.force_login(editor)
    data = page_form(client, edit_url(practice), action="submit", **changes)
    return client.post(edit_url(practice), data)


def test_the_partner_replies_and_the_reviewer_reads_the_reply(client, sent_back, editor, reviewer):
    client.force_login(editor)
    form_page = client.get(edit_url(sent_back)).content.decode()
    assert "Your reply to the reviewer (optional)" in form_page

    response = resubmit(client, editor, sent_back, reply="The shop serves 240 people; see the results.")
    assert response.status_code == 302
    step = Review.objects.filter(practice=sent_back).latest("created_at")
    assert (step.to_state, step.comment) == (State.SUBMITTED, "The shop serves 240 people; see the results.")

    client.force_login(reviewer)
    html = client.get(review_url(sent_back)).content.decode()
    reply = fragment(html).section("reply-heading")
    assert reply.texts("h2") == ["The partner's reply"]
    assert reply.texts("p") == ["The shop serves 240 people; see the results."]
    steps = fragment(html).section("steps-heading")
    assert "The shop serves 240 people; see the results." in steps.texts("td")

    history = client.get(reverse("practices:practice-history", args=[sent_back.slug])).content.decode()
    assert "The shop serves 240 people; see the results." in history


def test_a_practice_without_a_request_for_changes_has_no_reply_field(client, editor, partner):
    from tests.factories import GoodPracticeFactory

    draft = GoodPracticeFactory(partner=partner)
    client.force_login(editor)
    assert "Your reply to the reviewer" not in client.get(edit_url(draft)).content.decode()


def test_the_reply_is_kept_when_the_submission_lacks_a_field(client, sent_back, editor):
    response = resubmit(client, editor, sent_back, evidence="", reply="Added the figures.")
    assert response["Location"].endswith("?incomplete=1")
    page = client.get(response["Location"]).content.decode()
    assert fragment(page).find("textarea", id="id_reply").text == "Added the figures."
    assert GoodPractice.objects.get(pk=sent_back.pk).state == State.CHANGES_REQUESTED


def test_a_reply_over_its_limit_is_refused_and_everything_typed_stays(client, sent_back, editor):
    response = resubmit(client, editor, sent_back, summary="A new summary.", reply="x" * 5001)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 5000 characters (it has 5001)." in html
    assert fragment(html).find("textarea", id="id_summary").text == "A new summary."
    assert GoodPractice.objects.get(pk=sent_back.pk).state == State.CHANGES_REQUESTED


def test_what_changed_covers_results_images_and_documents(client, sent_back, editor, reviewer):
    changes = {
        "results-0-value": "5",
        "images-0-upload": upload("shop.jpg", photo()),
        "images-0-alt_text": ALT,
        "attachments-0-upload": upload("report.pdf", pdf()),
        "attachments-0-title": "Annual report 2024",
    }
    response = resubmit(client, editor, sent_back, **changes)
    assert response.status_code == 302, response.context and response.context["error_links"]

    client.force_login(reviewer)
    html = client.get(review_url(sent_back)).content.decode()
    rows = {row[0]: " ".join(row[1:]) for row in table_rows(html)}
    assert rows["Results"] == "[removed:] Jobs created: 3 jobs (2024) [added:] Jobs created: 5 jobs (2024)"
    assert rows["Images"] == f"[added:] {ALT} (shop.jpg)"
    assert rows["Documents"] == "[added:] Annual report 2024 (report.pdf)"
    assert "are not compared" not in html
    assert texts(html, "h2").count("What changed") == 1
