"""What changed, on the review page: a revision against the published practice, a resubmission against the
version submitted before."""

import datetime
import itertools

import pytest

from practices.diff import compare, inline_diff, snapshot_of_practice
from practices.models import GoodPractice, State
from tests.factories import (
    GoodPracticeFactory,
)
from tests.html import fragment, texts
from tests.practices.review.helpers import ALL_SEVEN, decide, review_url, table_rows

pytestmark = pytest.mark.django_db


def test_the_diff_of_a_revision_against_the_published_practice(client, revision, reviewer):
    client.force_login(reviewer)
    html = client.get(review_url(revision)).content.decode()
    assert texts(html, "h1") == ["Review: changes to Village shop"]
    assert table_rows(html) == [
        ["Title", "Village shop", "Village shop and café"],
        ["Summary", "A shop[added:] and café run by the [removed:] village.[added:] village <together>."],
        ["Rural focus", "No", "Yes"],
        ["Themes", "[added:] Access to procurement and finance Awareness of the social economy"],
    ]
    summary = (
        'A shop<ins><span class="visually-hidden">[added:] </span> and café</ins> run by the '
        '<del><span class="visually-hidden">[removed:] </span>village.</del>'
        '<ins><span class="visually-hidden">[added:] </span>village &lt;together&gt;.</ins>'
    )
    first_inline_diff = fragment(html).find_all("td", colspan="2", **{"class": "inline-diff"})[0]
    assert first_inline_diff.inner_markup == summary
    assert f'<td colspan="2" class="inline-diff">{summary}</td>' in html  # escaped as the page has it
    assert "Proposed changes against the published version" in html


def test_publishing_a_revision_goes_to_the_published_practice(client, revision, reviewer):
    response = decide(client, reviewer, revision, decision="publish", **ALL_SEVEN)
    assert response.status_code == 302
    assert response["Location"] == "/practices/village-shop/"
    assert not GoodPractice.objects.filter(pk=revision.pk).exists()
    live = GoodPractice.objects.get(slug="village-shop")
    assert (live.title, live.state) == ("Village shop and café", State.PUBLISHED)
    assert live.published_assessment() is not None


def test_the_diff_of_a_resubmission_against_the_version_submitted_before(client, submitted, editor, reviewer):
    submitted.request_changes(reviewer, "Say how many jobs.")
    practice = GoodPractice.objects.get(pk=submitted.pk)
    practice.evidence = "Turnover grew every year, and 4 jobs were created."
    practice.save()
    practice.submit(editor)

    client.force_login(reviewer)
    html = client.get(review_url(practice)).content.decode()

    assert "Changes since the previous submission" in html
    assert [row[0] for row in table_rows(html)] == ["Evidence of success"]
    evidence = fragment(html).find("tr", **{"class": "diff-row diff-evidence"}).markup
    assert '<del><span class="visually-hidden">[removed:] </span>year.</del>' in evidence
    assert '<ins><span class="visually-hidden">[added:] </span>year, and 4 jobs were created.</ins>' in evidence
    assert texts(html, "td", within="review-steps") == [
        "Draft → Submitted for review",
        "Anna",
        "",
        "Submitted for review → Changes requested",
        "Rita Reviewer",
        "Say how many jobs.",
        "Changes requested → Submitted for review",
        "Anna",
        "",
    ]


def test_inline_diff_escapes_every_piece():
    assert inline_diff("<b>bold</b> text", "<b>bold</b> new text") == (
        '&lt;b&gt;bold&lt;/b&gt; <ins><span class="visually-hidden">[added:] </span>new </ins>text'
    )
    assert inline_diff("a\n<i>b</i>", "a\nc", kind="list") == (
        'a\n<del><span class="visually-hidden">[removed:] </span>&lt;i&gt;b&lt;/i&gt;</del>\n'
        '<ins><span class="visually-hidden">[added:] </span>c</ins>'
    )


def test_compare_lists_changed_fields_in_form_order_with_readable_values(partner):
    practice = GoodPracticeFactory(partner=partner, budget_eur=12500, start_date=datetime.date(2019, 3, 1))
    before = snapshot_of_practice(practice)
    practice.budget_eur = 13000
    practice.start_date = datetime.date(2020, 1, 2)
    practice.practice_type = "policy"
    practice.save()
    changes = compare(before, snapshot_of_practice(GoodPractice.objects.get(pk=practice.pk)))
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Type of practice", "Project", "Policy, strategy or regulation"),
        ("Start date", "March 1, 2019", "Jan. 2, 2020"),
        ("Budget (EUR)", "12,500", "13,000"),
    ]


def test_one_h1_headings_in_order_and_no_inline_style_or_script(client, revision, reviewer):
    client.force_login(reviewer)
    html = client.get(review_url(revision)).content.decode()
    levels = fragment(html).find("main").headings()
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert " style=" not in html
    assert fragment(html).inline_scripts() == []
