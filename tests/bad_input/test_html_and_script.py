"""HTML and script in text: stored as typed, shown escaped on every page, plain text in e-mails."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from practices.choices import InstitutionType, PracticeType, TargetGroup
from practices.models import (
    Criterion,
    GoodPractice,
    Review,
    State,
)
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    RegionFactory,
    ReviewerFactory,
    theme,
)
from tests.files import photo, upload
from tests.forms import CREATE_URL, edit_url, page_form
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def hostile(field):
    return f'<script>alert("{field}")</script><img src=x onerror=alert(1)> & {field}'


def assert_escaped(page, *texts, where):
    assert "<script>alert(" not in page and "<img src=x" not in page, where
    for text in texts:
        assert escape(text) in page, (where, text)


def assert_plain_text(message, *texts):
    assert (message.content_subtype, getattr(message, "alternatives", [])) == ("plain", [])
    for text in texts:
        assert text in message.body
    assert "&lt;" not in message.subject + message.body and "&amp;" not in message.subject + message.body


TEXTS = {
    "title": hostile("title"),
    "summary": hostile("summary") + " Beekeeping in the village.",
    "description": hostile("description") + " The beekeepers run it.",
    "indicator": hostile("indicator"),
    "alt_text": hostile("alt text"),
    "caption": hostile("caption"),
    "note": hostile("transfer note"),
    "changes": hostile("changes requested"),
    "criterion": hostile("criterion"),
    "verdict": hostile("published"),
}


def complete_form(client, url, **changes):
    region = RegionFactory(code="EL652", name="Arkadia")
    return page_form(
        client,
        url,
        title=TEXTS["title"],
        summary=TEXTS["summary"],
        description=TEXTS["description"],
        practice_type=PracticeType.PROJECT,
        main_institution="Village cooperative",
        institution_type=InstitutionType.COOPERATIVE,
        themes=str(theme().pk),
        target_groups=TargetGroup.CONSUMERS,
        region=str(region.pk),
        start_date="2019-03-01",
        resources="Two staff.",
        evidence="Turnover doubled.",
        difficulties="Volunteers.",
        transfer_potential="Any village.",
        **{"results-0-indicator": TEXTS["indicator"], "results-0-value": "12", "results-0-year": "2024"},
        **{"images-0-upload": upload("hives.jpg", photo()), "images-0-alt_text": TEXTS["alt_text"]},
        **{"images-0-caption": TEXTS["caption"]},
        **changes,
    )


def test_html_and_script_are_stored_as_typed_and_shown_escaped_everywhere(
    client, editor, django_capture_on_commit_callbacks
):
    reviewer = ReviewerFactory(username="rita")
    other_editor = MembershipFactory(user__username="hristo").user
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE_URL, complete_form(client, CREATE_URL, action="submit"))
    practice = GoodPractice.objects.get()
    assert (response.status_code, practice.state) == (302, State.SUBMITTED)
    image, result = practice.images.get(), practice.results.get()
    assert (practice.title, practice.summary, practice.description) == (
        TEXTS["title"],
        TEXTS["summary"],
        TEXTS["description"],
    )
    assert (result.indicator, image.alt_text, image.caption) == (
        TEXTS["indicator"],
        TEXTS["alt_text"],
        TEXTS["caption"],
    )
    run_queued_tasks()
    (submitted_mail,) = mail.outbox
    assert submitted_mail.to == [reviewer.email]
    assert submitted_mail.subject == f"To review: {TEXTS['title']}"
    assert_plain_text(submitted_mail, TEXTS["title"])

    # The reviewer's page, then changes requested: the comment on the partner's dashboard, form and e-mail.
    client.force_login(reviewer)
    review_url = reverse("practices:practice-review", args=[practice.slug])
    shown = [TEXTS[key] for key in ("title", "summary", "description", "indicator", "alt_text", "caption")]
    assert_escaped(client.get(review_url).content.decode(), *shown, where="review page")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url, {"decision": "request_changes", "comment": TEXTS["changes"]})
    assert Review.objects.get(to_state=State.CHANGES_REQUESTED).comment == TEXTS["changes"]
    run_queued_tasks()
    assert_plain_text(mail.outbox[1], TEXTS["title"], TEXTS["changes"])
    client.force_login(editor)
    dashboard = client.get(reverse("practices:my-practices")).content.decode()
    assert_escaped(dashboard, TEXTS["title"], TEXTS["changes"], where="dashboard")
    form_page = client.get(edit_url(practice)).content.decode()
    assert_escaped(form_page, *shown, TEXTS["changes"], where="practice form")

    # Resubmitted with a changed description: the reviewer sees what changed, then publishes.
    description = TEXTS["description"] + " <b>Now</b> with forty hives."
    resubmitted = page_form(client, edit_url(practice), description=description, action="submit")
    client.post(edit_url(practice), resubmitted)
    client.force_login(reviewer)
    review_page = client.get(review_url)
    assert review_page.context["changes"].basis == "resubmission"
    assert_escaped(review_page.content.decode(), TEXTS["changes"], where="review page with a diff")
    assert "&lt;b&gt;Now&lt;/b&gt;" in review_page.content.decode()
    scores = {f"score_{c}": "4" for c in Criterion.values} | {"comment_relevance": TEXTS["criterion"]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url, {"decision": "publish", "comment": TEXTS["verdict"], **scores})
    assert GoodPractice.objects.get(pk=practice.pk).state == State.PUBLISHED
    run_queued_tasks()
    assert_plain_text(mail.outbox[3], TEXTS["title"], TEXTS["verdict"])
    # Submitted, changes requested, submitted again, published.
    assert [message.to for message in mail.outbox] == [
        [reviewer.email],
        [editor.email],
        [reviewer.email],
        [editor.email],
    ]

    # Another partner declares an interest with a note.
    client.force_login(other_editor)
    declared = client.post(reverse("practices:transfer-declare", args=[practice.slug]), {"note": TEXTS["note"]})
    assert declared.status_code == 302
    assert practice.transfer_interests.get().note == TEXTS["note"]

    # What everyone sees: the practice page and the list with a search snippet.
    client.logout()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert_escaped(page, *shown[:2], description, *shown[3:], TEXTS["note"], TEXTS["criterion"], where="practice page")
    listing = client.get(reverse("practices:practice-list"), {"q": "beekeeping"})
    assert [p.pk for p in listing.context["practices"]] == [practice.pk]
    assert_escaped(listing.content.decode(), TEXTS["title"], where="practice list")
    assert "<mark>Beekeeping</mark>" in listing.content.decode()

    # Staff compare the first and the last version.
    client.force_login(reviewer)
    records = list(practice.history.order_by("history_date", "history_id"))
    history_url = reverse("practices:practice-history", args=[practice.slug])
    history = client.get(history_url, {"a": records[0].history_id, "b": records[-1].history_id})
    assert "Detailed description" in [change.label for change in history.context["compared"]["changes"]]
    assert_escaped(history.content.decode(), TEXTS["title"], where="history")
    assert "&lt;b&gt;Now&lt;/b&gt;" in history.content.decode()

    client.force_login(editor)
    dashboard = client.get(reverse("practices:my-practices")).content.decode()
    assert_escaped(dashboard, TEXTS["title"], TEXTS["verdict"], where="dashboard after publishing")


def test_control_characters_in_a_summary_do_not_become_markup_in_the_search_snippet(client):
    GoodPracticeFactory(published=True, title="Lunch", summary="Kitchen \x03 closes \x02 at noon.")
    page = client.get(reverse("practices:practice-list"), {"q": "kitchen"}).content.decode()
    assert page.count("<mark>") == page.count("</mark>") == 1
