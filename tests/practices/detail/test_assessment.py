"""The reviewers' assessment on a practice's page: the seven criteria of the review that published it."""

import datetime

import pytest

from practices.models import (
    Criterion,
    Review,
    State,
)
from tests.factories import (
    ReviewerFactory,
)
from tests.html import text, texts
from tests.practices.detail.helpers import (
    assess,
    page_of,
    section_of,
    table_rows,
)

pytestmark = pytest.mark.django_db


def test_the_assessment_of_the_review_that_published_it(client, practice):
    reviewer = ReviewerFactory()
    assess(
        practice,
        reviewer,
        {Criterion.ETHICS: (5, "No concerns."), Criterion.RELEVANCE: (4, "Fits theme 1.")},
        when=datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC),
    )
    assess(  # published again later (in the history): the latest one counts
        practice,
        reviewer,
        {
            Criterion.RELEVANCE: (5, "Central to the awareness objective."),
            Criterion.DURATION: (4, "Running since 2019."),
            Criterion.QUALITY_ASSURANCE: (3, "Yearly survey."),
            Criterion.EFFECTIVENESS: (4, ""),
            Criterion.SUSTAINABILITY: (4, "Self-financing."),
            Criterion.TRANSFERABILITY: (5, "Needs only a vacant shop."),
        },
    )
    Review.objects.create(practice=practice, from_state=State.PUBLISHED, to_state=State.ARCHIVED, comment="later")
    page = page_of(client, practice)
    section = section_of(page, "assessment-heading")
    assert text(section, "caption") == (
        "The SECON reviewers' assessment against the seven selection criteria for good practices, scored from "
        "1 (not met) to 5 (excellent). Assessed on Jan. 15, 2025."
    )
    assert table_rows(page, "assessment-heading") == [
        ["Relevance", "5 - excellent", "Central to the awareness objective."],
        ["In place for at least two years", "4 - good", "Running since 2019."],
        ["Quality-assurance procedures", "3 - adequate", "Yearly survey."],
        ["Effectiveness and efficiency", "4 - good", ""],
        ["Sustainability", "4 - good", "Self-financing."],
        ["Transferability", "5 - excellent", "Needs only a vacant shop."],
        ["Ethics", "Not assessed", ""],
    ]


def test_without_a_published_assessment_the_page_says_so(client, practice):
    Review.objects.create(practice=practice, from_state=State.DRAFT, to_state=State.SUBMITTED, comment="Ready.")
    page = page_of(client, practice)
    assert texts(section_of(page, "assessment-heading"), "p") == [
        "No assessment by the SECON reviewers has been published for this practice."
    ]
