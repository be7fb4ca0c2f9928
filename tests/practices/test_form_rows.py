"""Results, images and documents are optional: a row's fields are required only once the row is used."""

import pytest

from practices.models import GoodPractice, PracticeResult
from tests.forms import CREATE_URL, edit_url, page_form
from tests.html import fragment

pytestmark = pytest.mark.django_db


def row_fieldset(html, legend):
    """The fieldset of the first row of a formset, found by its legend ("Result 1", "Image 1", "Document 1")."""
    for fieldset in fragment(html).find_all("fieldset", cls="formset-form"):
        if fieldset.texts("legend") == [legend]:
            return fieldset
    raise AssertionError(f"no row {legend!r}")


@pytest.mark.parametrize("legend", ["Result 1", "Image 1", "Document 1"])
def test_an_empty_row_marks_nothing_as_required(editor_client, legend):
    html = editor_client.get(CREATE_URL).content.decode()
    row = row_fieldset(html, legend)
    assert row.find_all("span", cls="asteriskField") == []
    assert [control.attrs.get("name") for control in row.find_all("input") if "required" in control.attrs] == []


def test_an_empty_row_is_skipped_and_a_used_one_needs_its_fields(editor_client):
    empty = page_form(editor_client, CREATE_URL, title="Village shop", action="save")
    assert editor_client.post(CREATE_URL, empty).status_code == 302
    assert PracticeResult.objects.count() == 0

    used = page_form(editor_client, CREATE_URL, title="Second shop", action="save", **{"results-0-value": "4"})
    response = editor_client.post(CREATE_URL, used)
    assert response.status_code == 200
    assert response.context["practice_forms"].results.forms[0].errors == {
        "indicator": ["Say what was measured, e.g. jobs created."]
    }
    assert not GoodPractice.objects.filter(title="Second shop").exists()


def test_a_saved_result_keeps_its_required_marks(editor_client, editor):
    practice = GoodPractice.objects.create(partner=editor.memberships.get().partner, title="Shop")
    PracticeResult.objects.create(practice=practice, indicator="Jobs created", value=12, unit="jobs")
    html = editor_client.get(edit_url(practice)).content.decode()
    row = row_fieldset(html, "Result 1")
    assert len(row.find_all("span", cls="asteriskField")) == 2  # indicator and value
