"""A save that fails because the database is out of reach shows the form again, 503, with the user's text and a clear
message (secon_portal/unavailable.py): the full page when it can be rendered, else a plain page that sends it all
again. The outage is simulated by making the save, or every query, raise what a stopped PostgreSQL raises."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import IntegrityError, OperationalError, transaction

from practices.forms.practice import PracticeForms
from practices.models import GoodPractice, Review, State, TransferInterest
from practices.views import editing
from tests.factories import GoodPracticeFactory, MembershipFactory, PartnerFactory, ReviewerFactory
from tests.forms import CREATE_URL, browser_form, edit_url, messages_of, page_form
from tests.html import dom

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SAVE_FAILED = (
    "Your changes could not be saved because the database is briefly unavailable. "
    "Your text is below: try again in a minute."
)
SUMMARY = "A shop run by the villagers.\nOpen six days a week, with a café & a post office <b>inside</b>."


def fail(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def partner(editor):
    return editor.memberships.get().partner


@pytest.fixture
def draft(partner, editor):
    return GoodPracticeFactory(partner=partner, title="Village shop", summary="Old summary", created_by=editor)


@pytest.fixture
def save_fails(monkeypatch):
    monkeypatch.setattr(PracticeForms, "save", fail)


def assert_retry_later(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "private, no-store"


# -- the full form again -------------------------------------------------------------------------------------------


def test_a_new_practice_that_cannot_be_saved_comes_back_with_its_text(editor_client, save_fails):
    data = page_form(editor_client, CREATE_URL, title="Village shop", summary=SUMMARY, action="save")
    response = editor_client.post(CREATE_URL, data)

    assert_retry_later(response)
    assert [template.name for template in response.templates][0] == "practices/goodpractice_form.html"
    assert messages_of(response) == [SAVE_FAILED]
    assert response.context["practice"] is None  # still a new practice
    doc = dom(response, status=503)
    assert doc.find("div", role="alert", **{"class": "alert alert-danger"}).text == SAVE_FAILED
    again = browser_form(response)
    assert (again["title"], again["summary"]) == ("Village shop", SUMMARY)
    assert GoodPractice.objects.count() == 0


def test_an_edit_that_cannot_be_saved_comes_back_with_its_text_and_the_version_read(editor_client, draft, save_fails):
    data = page_form(editor_client, edit_url(draft), title="Village shop and café", summary=SUMMARY, action="save")
    response = editor_client.post(edit_url(draft), data)

    assert_retry_later(response)
    assert messages_of(response) == [SAVE_FAILED]
    again = browser_form(response)
    assert (again["title"], again["summary"], again["version"]) == ("Village shop and café", SUMMARY, "1")
    draft.refresh_from_db()
    assert (draft.title, draft.summary, draft.version) == ("Village shop", "Old summary", 1)


def test_the_text_sent_again_once_the_database_is_back_is_saved(editor_client, draft, monkeypatch):
    data = page_form(editor_client, edit_url(draft), summary=SUMMARY, action="save")
    with monkeypatch.context() as patch:
        patch.setattr(PracticeForms, "save", fail)
        failed = editor_client.post(edit_url(draft), data)
    assert failed.status_code == 503

    response = editor_client.post(edit_url(draft), browser_form(failed) | {"action": "save"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.version) == (SUMMARY, 2)


def test_an_insert_rolled_back_half_way_leaves_the_practice_new(editor_client, monkeypatch):
    saved = PracticeForms.save.__wrapped__  # without its atomic block

    def save_then_fail(self):
        with transaction.atomic():
            saved(self)  # the rows are written...
            raise OperationalError("server closed the connection unexpectedly")  # ...and never committed

    monkeypatch.setattr(PracticeForms, "save", save_then_fail)
    data = page_form(editor_client, CREATE_URL, title="Village shop", action="save")

    response = editor_client.post(CREATE_URL, data)

    assert response.status_code == 503
    assert response.context["practice"] is None
    assert response.context["form"].instance.pk is None
    assert browser_form(response)["title"] == "Village shop"
    assert GoodPractice.objects.count() == 0


# -- the plain page, when the form's own page needs the database too --------------------------------------------------


def plain_page(response):
    assert_retry_later(response)
    assert [template.name for template in response.templates][0] == "unavailable_form.html"
    doc = dom(response, status=503)
    assert doc.texts("h1") == ["Not saved yet"]
    assert doc.find("div", role="alert", **{"class": "alert alert-danger"}).text == SAVE_FAILED
    assert doc.find_all("div", role="status") == []  # the message is not repeated among the pending ones
    return doc


def test_when_the_form_cannot_be_shown_a_plain_page_keeps_the_text(editor_client, draft, save_fails, monkeypatch):
    data = page_form(editor_client, edit_url(draft), title="Village shop and café", summary=SUMMARY, action="submit")
    monkeypatch.setattr(editing, "_render_form", fail)

    response = editor_client.post(edit_url(draft), data)

    doc = plain_page(response)
    form = doc.find("form", id="unsaved-form")
    assert form.attrs["action"] == edit_url(draft)
    shown = [
        ("title", "Title"),
        ("summary", "Summary"),
        ("main_institution", "Main institution"),
        ("start_date", "Start date"),
        ("description", "Detailed description"),
        ("resources", "Resources needed"),
        ("evidence", "Evidence of success"),
        ("difficulties", "Difficulties encountered and lessons learned"),
        ("transfer_potential", "Potential for learning or transfer"),
    ]
    labels = [(label.attrs["for"], label.text) for label in form.find_all("label")]
    boxes = [(box.attrs["id"], box.attrs["name"]) for box in form.find_all("textarea")]
    assert labels == [(f"unsaved-{number}", label) for number, (_name, label) in enumerate(shown, start=1)]
    assert boxes == [(f"unsaved-{number}", name) for number, (name, _label) in enumerate(shown, start=1)]
    hidden = {control.attrs["name"] for control in form.find_all("input", type="hidden")}
    assert {"version", "region", "results-TOTAL_FORMS", "csrfmiddlewaretoken"} <= hidden
    assert "action" not in hidden and "title" not in hidden
    button = form.find("button", type="submit")
    assert (button.text, button.attrs["name"], button.attrs["value"]) == ("Try again", "action", "submit")
    sent_again = browser_form(response, form_id="unsaved-form")
    expected = {name: value for name, value in data.items() if value not in ("", []) and name != "action"}
    assert {name: sent_again[name] for name in expected} == expected
    assert sent_again["summary"] == SUMMARY  # the text box gives back exactly what was typed
    assert "<b>inside</b>" not in response.content.decode()  # escaped


def test_the_plain_page_sends_everything_again_and_it_is_saved(editor_client, draft, monkeypatch):
    data = page_form(editor_client, edit_url(draft), title="Village shop and café", summary=SUMMARY, action="save")
    with monkeypatch.context() as patch:
        patch.setattr(PracticeForms, "save", fail)
        patch.setattr(editing, "_render_form", fail)
        failed = editor_client.post(edit_url(draft), data)
    assert failed.status_code == 503

    response = editor_client.post(edit_url(draft), browser_form(failed, form_id="unsaved-form") | {"action": "save"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.summary, draft.version) == ("Village shop and café", SUMMARY, 2)
    assert messages_of(editor_client.get(response["Location"])) == ["Your draft “Village shop and café” was saved."]


def test_a_session_that_cannot_be_read_still_gets_its_text_back(editor_client, draft, monkeypatch):
    # The database is down from the start of the request: even who the user is cannot be known.
    data = page_form(editor_client, edit_url(draft), summary=SUMMARY, action="save")
    monkeypatch.setattr(SessionStore, "load", fail)

    response = editor_client.post(edit_url(draft), data)

    doc = plain_page(response)
    assert browser_form(response, form_id="unsaved-form")["summary"] == SUMMARY
    assert doc.find_all("nav") == []  # no user menu: it would need the database


# -- failures that do not concern the user's text -------------------------------------------------------------------


def test_a_failure_after_the_draft_is_saved_gets_the_plain_503_page(editor_client, draft, monkeypatch, settings):
    settings.DEBUG = False
    editor_client.raise_request_exception = False
    data = page_form(editor_client, edit_url(draft), summary=SUMMARY, action="submit")
    monkeypatch.setattr(GoodPractice, "missing_for_submission", fail)

    response = editor_client.post(edit_url(draft), data)

    assert response.status_code == 503
    assert dom(response, status=503).texts("h1") == ["Briefly unavailable"]
    draft.refresh_from_db()
    assert (draft.summary, draft.version) == (SUMMARY, 2)  # saved: sending it again would be a conflict


def test_other_database_errors_are_not_taken_for_an_outage(editor_client, draft, monkeypatch):
    def integrity(*args, **kwargs):
        raise IntegrityError("a bug")

    monkeypatch.setattr(PracticeForms, "save", integrity)
    data = page_form(editor_client, edit_url(draft), summary=SUMMARY, action="save")
    with pytest.raises(IntegrityError):
        editor_client.post(edit_url(draft), data)


def test_a_get_of_the_form_is_not_kept_but_gets_the_503_page(editor_client, draft, monkeypatch, settings):
    settings.DEBUG = False
    editor_client.raise_request_exception = False
    monkeypatch.setattr(editing, "_render_form", fail)
    response = editor_client.get(edit_url(draft))
    assert response.status_code == 503
    assert dom(response, status=503).texts("h1") == ["Briefly unavailable"]


# -- the other forms that save a user's text --------------------------------------------------------------------------


def test_a_transfer_interest_that_cannot_be_saved_comes_back_with_its_note(client, monkeypatch):
    practice = GoodPracticeFactory(partner=PartnerFactory(), slug="village-shop", published=True)
    editor = MembershipFactory().user
    client.force_login(editor)
    monkeypatch.setattr(TransferInterest, "save", fail)

    response = client.post("/practices/village-shop/transfer/", {"note": "We would run one in Haskovo."})

    assert_retry_later(response)
    assert messages_of(response) == [SAVE_FAILED]
    doc = dom(response, status=503)
    assert doc.find("textarea", name="note").text == "We would run one in Haskovo."
    assert not TransferInterest.objects.filter(practice=practice).exists()


def test_a_review_decision_that_cannot_be_saved_comes_back_with_the_comment(client, partner, monkeypatch):
    submitted = GoodPracticeFactory(partner=partner, state=State.SUBMITTED)
    client.force_login(ReviewerFactory())
    monkeypatch.setattr(Review, "save", fail)

    response = client.post(
        f"/practices/{submitted.slug}/review/", {"decision": "request_changes", "comment": "Add the budget, please."}
    )

    assert_retry_later(response)
    assert messages_of(response) == [SAVE_FAILED]
    assert dom(response, status=503).find("textarea", name="comment").text == "Add the budget, please."
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED
