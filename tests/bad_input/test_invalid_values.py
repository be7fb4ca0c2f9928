"""Over-long text, invalid dates and numbers: refused with the field's message, nothing saved."""

import pytest
from django.urls import reverse
from django.utils import timezone

from practices.models import (
    GoodPractice,
    Review,
    StagedUpload,
    State,
)
from tests.bad_input.helpers import unchanged
from tests.factories import (
    ReviewerFactory,
)
from tests.files import photo, upload
from tests.forms import CREATE_URL, browser_form, edit_url, errors_of, page_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "t" * 151, "Ensure this value has at most 150 characters (it has 151)."),
        ("summary", "s" * 601, "Ensure this value has at most 600 characters (it has 601)."),
        ("description", "d" * 6001, "Ensure this value has at most 6000 characters (it has 6001)."),
        ("title_original", "τ" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("end_date", "2018-12-31", "The end date cannot be before the start date."),
        ("start_date", "99999-01-01", "Enter the start date as a date, e.g. 2021-03-15."),
        ("end_date", "2023-02-30", "Enter the end date as a date, e.g. 2024-12-31."),
    ],
)
def test_a_new_practice_with_a_bad_field_is_not_saved_and_keeps_what_was_typed(editor_client, field, value, message):
    typed = {"title": "Village shop", "summary": "A shop.", "start_date": "2019-03-01", field: value}
    response = editor_client.post(CREATE_URL, page_form(editor_client, CREATE_URL, **typed))

    assert response.status_code == 200
    assert errors_of(response) == {field: [message]}
    assert not GoodPractice.objects.exists()
    shown = browser_form(response)
    assert {name: shown[name] for name in typed} == typed


def test_bad_results_and_an_over_long_description_of_an_image_are_refused(editor_client, draft):
    this_year = timezone.localdate().year
    posted = {
        "results-0-indicator": "i" * 151,
        "results-0-value": "12",
        "results-0-year": "99999",
        "results-1-indicator": "Jobs",
        "results-1-value": "1e400",
        "results-1-year": "20x4",
        "results-TOTAL_FORMS": "2",
        "images-0-upload": upload("hives.jpg", photo()),
        "images-0-alt_text": "a" * 251,
    }
    response = editor_client.post(edit_url(draft), page_form(editor_client, edit_url(draft), **posted))

    assert response.status_code == 200
    assert response.context["practice_forms"].results.errors == [
        {
            "indicator": ["Ensure this value has at most 150 characters (it has 151)."],
            "year": [f"Enter a year between 1950 and {this_year}."],
        },
        {
            "value": ["Ensure that there are no more than 14 digits in total."],
            "year": ["Enter the year as four digits, e.g. 2024."],
        },
    ]
    assert response.context["practice_forms"].images.forms[0].errors == {
        "alt_text": ["Ensure this value has at most 250 characters (it has 251)."]
    }
    assert unchanged(draft)
    assert StagedUpload.objects.count() == 1  # the good image is kept for the next try, not uploaded again


def test_an_over_long_review_comment_is_refused_and_nothing_is_decided(client, editor, draft):
    draft.submit(editor)
    client.force_login(ReviewerFactory())
    url = reverse("practices:practice-review", args=[draft.slug])
    response = client.post(url, {"decision": "request_changes", "comment": "c" * 5001, "comment_relevance": "r" * 2001})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "comment": ["Ensure this value has at most 5000 characters (it has 5001)."],
        "comment_relevance": ["Ensure this value has at most 2000 characters (it has 2001)."],
    }
    assert GoodPractice.objects.get(pk=draft.pk).state == State.SUBMITTED
    assert list(Review.objects.values_list("to_state", flat=True)) == [State.SUBMITTED]
