"""The practice form's validation: specific messages on the field, every value kept, text stored as text; results."""

import pytest
from django.utils import timezone

from practices.choices import InstitutionType, PracticeType, TargetGroup
from practices.models import GoodPractice, PracticeResult
from tests.factories import (
    GoodPracticeFactory,
    PolicyInstrumentFactory,
    PracticeResultFactory,
    RegionFactory,
    TopicFactory,
    theme,
)
from tests.forms import CREATE_URL, browser_form, edit_url, errors_of, page_form, summary_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(editor):
    return editor.memberships.get().partner


@pytest.fixture
def draft(partner, editor):
    return GoodPracticeFactory(partner=partner, title="Village shop", created_by=editor)


# -- validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"start_date": "2022-05-01", "end_date": "2021-12-31"},
            {"end_date": ["The end date cannot be before the start date."]},
        ),
        ({"summary": "x" * 601}, {"summary": ["Ensure this value has at most 600 characters (it has 601)."]}),
        ({"title": "t" * 151}, {"title": ["Ensure this value has at most 150 characters (it has 151)."]}),
        ({"title": "   "}, {"title": ["Enter a title: it is needed even to save a draft."]}),
        ({"website": "http://"}, {"website": ["Enter a full web address, e.g. https://www.example.org."]}),
        ({"contact_email": "maria@"}, {"contact_email": ["Enter an e-mail address in the form name@example.org."]}),
        ({"budget_eur": "-100"}, {"budget_eur": ["The budget cannot be negative."]}),
        ({"budget_eur": "lots"}, {"budget_eur": ["Enter the budget as a number of euros, e.g. 25000."]}),
        ({"start_date": "31/02/2020"}, {"start_date": ["Enter the start date as a date, e.g. 2021-03-15."]}),
        (
            {"contact_phone": "call me"},
            {"contact_phone": ["Enter a telephone number with digits, spaces and + ( ) - only, e.g. +30 2710 123456."]},
        ),
    ],
)
def test_field_errors_are_specific_and_nothing_is_saved(editor_client, draft, changes, errors):
    response = editor_client.post(edit_url(draft), page_form(editor_client, edit_url(draft), **changes))
    assert response.status_code == 200
    assert errors_of(response) == errors
    assert GoodPractice.objects.get(pk=draft.pk).version == draft.version
    assert "data-unsaved" in response.content.decode()


def test_line_breaks_count_as_one_character(editor_client, draft):
    text = "a\r\n" * 300  # 600 characters in the browser, 900 bytes on the wire
    editor_client.post(edit_url(draft), page_form(editor_client, edit_url(draft), summary=text.strip()))
    assert GoodPractice.objects.get(pk=draft.pk).summary == ("a\n" * 300).strip()


def test_every_value_is_kept_on_a_validation_error(editor_client, partner):
    region = RegionFactory(code="EL652", name="Arkadia")
    topic = TopicFactory(name="Cooperatives", slug="cooperatives")
    instrument = PolicyInstrumentFactory(partner=partner, region=region)
    posted = page_form(
        editor_client,
        CREATE_URL,
        title="Village shop",
        summary="A shop <b>run</b> by\nthe village.",
        practice_type=PracticeType.SERVICE,
        main_institution="Village cooperative",
        institution_type=InstitutionType.COOPERATIVE,
        themes=[str(theme("awareness").pk), str(theme("access").pk)],
        topics=str(topic.pk),
        target_groups=[TargetGroup.CONSUMERS, TargetGroup.OLDER_PEOPLE],
        website="https://shop.example.org",
        region=str(region.pk),
        rural_focus="on",
        start_date="2020-03-01",
        end_date="2019-01-01",  # the error
        description="How it works.",
        resources="Two staff.",
        budget_eur="25000.50",
        funding_source="Municipal budget",
        evidence="Turnover doubled.",
        difficulties="Volunteers.",
        transfer_potential="Any village.",
        policy_instruments=str(instrument.pk),
        contact_name="Maria Papadopoulou",
        contact_email="maria@example.org",
        contact_phone="+30 2710 123456",
        contact_consent="on",
        original_language="el",
        title_original="Χωριάτικο μαγαζί",
        summary_original="Ένα μαγαζί.",
        **{"results-0-indicator": "Jobs created", "results-0-value": "4", "results-0-unit": "jobs"},
        **{"results-0-year": "2024"},
    )
    response = editor_client.post(CREATE_URL, posted)

    assert errors_of(response) == {"end_date": ["The end date cannot be before the start date."]}
    assert not GoodPractice.objects.exists()
    shown = browser_form(response)
    assert shown == {**posted, "themes": sorted(posted["themes"]), "target_groups": posted["target_groups"]}


def test_html_and_script_are_stored_as_text_and_shown_escaped(editor_client, draft):
    title = '<script>alert("x")</script> Shop'
    summary = "<img src=x onerror=alert(1)> & more"
    editor_client.post(edit_url(draft), page_form(editor_client, edit_url(draft), title=title, summary=summary))
    practice = GoodPractice.objects.get(pk=draft.pk)
    assert (practice.title, practice.summary) == (title, summary)

    page = editor_client.get(practice.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Shop" in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in page
    form_page = editor_client.get(edit_url(practice)).content.decode()
    assert "<script>alert" not in form_page and "&lt;img src=x onerror=alert(1)&gt; &amp; more</textarea>" in form_page


def test_the_consent_box_says_what_it_makes_public(editor_client):
    field = editor_client.get(CREATE_URL).context["form"].fields["contact_consent"]
    assert field.label == "Show the contact person’s name, e-mail and telephone on the public page"
    assert field.help_text == (
        "Tick this only if the contact person has agreed. Without it, their name, e-mail and telephone "
        "stay private, and visitors are directed to your organisation instead."
    )


def test_regions_are_grouped_by_country(editor_client):
    RegionFactory(code="DE128", name="Darmstadt", country="DE")
    RegionFactory(code="DE12", name="Karlsruhe", country="DE")
    RegionFactory(code="EL652", name="Arkadia", country="EL")
    choices = list(editor_client.get(CREATE_URL).context["form"].fields["region"].choices)
    grouped = [(group, [label for _value, label in options]) for group, options in choices[1:]]
    assert choices[0] == ("", "Choose a region")
    assert ("Germany", ["Karlsruhe – DE12", "Darmstadt – DE128"]) in grouped
    assert grouped.index(("Germany", ["Karlsruhe – DE12", "Darmstadt – DE128"])) < [g for g, _ in grouped].index(
        "Greece"
    )


# -- results ------------------------------------------------------------------------------------------


def test_results_are_added_edited_and_removed(editor_client, draft):
    kept = PracticeResultFactory(practice=draft, indicator="Jobs created", value=4, unit="jobs", year=2023)
    removed = PracticeResultFactory(practice=draft, indicator="Visitors", value=100, unit="people", year=2023)
    url = edit_url(draft)
    data = page_form(editor_client, url)
    assert (data["results-TOTAL_FORMS"], data["results-INITIAL_FORMS"]) == ("3", "2")
    data.update({"results-0-value": "6", "results-1-DELETE": "on"})
    data.update({"results-2-indicator": "Euros mobilised", "results-2-value": "40000", "results-2-unit": "EUR"})

    editor_client.post(url, data)

    assert list(draft.results.values_list("indicator", "value", "unit", "year", "order")) == [
        ("Jobs created", 6, "jobs", 2023, 0),
        ("Euros mobilised", 40000, "EUR", None, 1),
    ]
    assert kept.pk in draft.results.values_list("pk", flat=True)
    assert not PracticeResult.objects.filter(pk=removed.pk).exists()


def test_an_invalid_result_year_or_an_incomplete_result_is_refused(editor_client, draft):
    this_year = timezone.localdate().year
    data = page_form(editor_client, edit_url(draft))
    data.update({"results-0-indicator": "Jobs created", "results-0-value": "4", "results-0-year": str(this_year + 1)})
    data.update({"results-TOTAL_FORMS": "2", "results-1-unit": "people", "results-1-year": "1949"})
    response = editor_client.post(edit_url(draft), data)

    results = response.context["practice_forms"].results
    assert results.errors == [
        {"year": [f"Enter a year between 1950 and {this_year}."]},
        {
            "indicator": ["Say what was measured, e.g. jobs created."],
            "value": ["Enter the value, as a number."],
            "year": [f"Enter a year between 1950 and {this_year}."],
        },
    ]
    assert summary_links(response)[0] == (
        "id_results-0-year",
        f"Result 1 – Year: Enter a year between 1950 and {this_year}.",
    )
    assert not draft.results.exists()
