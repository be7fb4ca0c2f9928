"""Two people editing the same practice: the second save is refused with what changed, then can be made deliberately."""

import pytest
from django.test import Client

from practices.choices import TargetGroup
from practices.models import GoodPractice, PracticeImage, StagedUpload
from tests.factories import GoodPracticeFactory, MembershipFactory, UserFactory, theme
from tests.files import ALT, photo, upload
from tests.forms import browser_form, edit_url, errors_of, page_form
from tests.html import fragment

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(editor):
    return GoodPracticeFactory(
        partner=editor.memberships.get().partner,
        title="Village shop",
        summary="The first summary.",
        description="The first description.",
        themes=[theme("awareness")],
        # Not in the order of the choices: the form's order is no change that a conflict should report.
        target_groups=[TargetGroup.OLDER_PEOPLE, TargetGroup.CONSUMERS],
    )


@pytest.fixture
def maria(editor):
    editor.first_name, editor.last_name = "Maria", "Papadopoulou"
    editor.save()
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def nikos(draft):
    client = Client()
    client.force_login(MembershipFactory(partner=draft.partner, user=UserFactory(username="nikos")).user)
    return client


def test_the_second_save_is_refused_with_what_changed_and_the_input_is_kept(maria, nikos, draft):
    url = edit_url(draft)
    marias, nikoss = page_form(maria, url), page_form(nikos, url)
    assert marias["version"] == nikoss["version"] == "1"

    marias.update(summary="Maria's summary.", themes=[str(theme("awareness").pk), str(theme("access").pk)])
    assert maria.post(url, marias).status_code == 302
    nikoss.update(description="Nikos's description.", title="Village shop and café")
    response = nikos.post(url, nikoss)

    assert response.status_code == 200
    assert errors_of(response) == {}
    conflict = response.context["conflict"]
    assert (conflict.changed, conflict.saved_by.get_full_name()) == (["Summary", "Themes"], "Maria Papadopoulou")
    page = response.content.decode()
    assert "Someone else saved this practice while you were editing it" in page
    assert "Maria Papadopoulou saved it (" in page
    assert '<ul class="conflict-fields"><li>Summary</li><li>Themes</li></ul>' in page
    assert "data-unsaved" in page

    saved = GoodPractice.objects.get(pk=draft.pk)
    assert (saved.summary, saved.description, saved.title, saved.version) == (
        "Maria's summary.",
        "The first description.",
        "Village shop",
        2,
    )
    shown = browser_form(response)
    assert shown == {**nikoss, "version": "2"}  # everything Nikos typed, now based on Maria's version

    # Saving again deliberately replaces Maria's changes with Nikos's whole form.
    assert nikos.post(url, shown).status_code == 302
    saved = GoodPractice.objects.get(pk=draft.pk)
    assert (saved.summary, saved.description, saved.title, saved.version) == (
        "The first summary.",
        "Nikos's description.",
        "Village shop and café",
        3,
    )
    assert list(saved.themes.all()) == [theme("awareness")]


def test_a_conflict_when_only_results_changed_says_so(maria, nikos, draft):
    url = edit_url(draft)
    nikoss = page_form(nikos, url, summary="Nikos's summary.")
    marias = page_form(
        maria, url, **{"results-0-indicator": "Jobs created", "results-0-value": "4", "results-0-unit": "jobs"}
    )
    maria.post(url, marias)

    response = nikos.post(url, nikoss)
    assert response.context["conflict"].changed == ["Results"]
    assert GoodPractice.objects.get(pk=draft.pk).summary == "The first summary."


def test_an_upload_survives_a_conflict(maria, nikos, draft, django_capture_on_commit_callbacks):
    url = edit_url(draft)
    nikoss = page_form(nikos, url, **{"images-0-upload": upload("photo.jpg", photo()), "images-0-alt_text": ALT})
    maria.post(url, page_form(maria, url, summary="Maria's summary."))

    response = nikos.post(url, nikoss)
    assert response.context["conflict"] is not None
    staged = StagedUpload.objects.get()
    assert browser_form(response)["images-0-staged"] == str(staged.pk)

    with django_capture_on_commit_callbacks(execute=True):
        assert nikos.post(url, browser_form(response)).status_code == 302
    assert list(PracticeImage.objects.values_list("practice", "alt_text")) == [(draft.pk, ALT)]
    assert not StagedUpload.objects.exists()


def test_without_a_version_the_form_is_refused(maria, draft):
    url = edit_url(draft)
    response = maria.post(url, page_form(maria, url, summary="Mine", version=None))
    assert response.status_code == 200
    assert errors_of(response) == {
        "__all__": ["The form was incomplete. Reload the page, then make your changes again."]
    }
    assert GoodPractice.objects.get(pk=draft.pk).summary == "The first summary."


def test_the_same_editor_in_another_tab_is_told_so_not_someone_else(maria, draft, editor):
    url = edit_url(draft)
    first_tab, second_tab = page_form(maria, url), page_form(maria, url)
    first_tab["summary"] = "Written in the first tab."
    maria.post(url, first_tab)

    second_tab["summary"] = "Written in the second tab."
    html = maria.post(url, second_tab).content.decode()
    notice = fragment(html).find("div", cls="conflict-notice")
    assert notice.texts("h2") == ["You saved this practice in another tab or window while this form was open"]
    assert "Someone else" not in notice.text
    assert notice.find("ul", cls="conflict-fields").texts("li") == ["Summary"]


def test_the_time_of_the_other_save_ends_no_sentence_with_two_full_stops(maria, nikos, draft):
    url = edit_url(draft)
    nikoss = page_form(nikos, url, summary="Nikos's summary.")
    maria.post(url, page_form(maria, url, summary="Maria's summary."))
    notice = fragment(nikos.post(url, nikoss).content.decode()).find("div", cls="conflict-notice")
    first_paragraph = notice.texts("p")[0]
    assert first_paragraph.startswith("Maria Papadopoulou saved it (")
    assert ".." not in first_paragraph
