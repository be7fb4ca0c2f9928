"""The review page: the practice as it will be published, the seven criteria and the decision."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from practices.models import CriterionAssessment, GoodPractice, Review, State
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    ReviewerFactory,
    seven_scores,
)
from tests.html import fragment, texts
from tests.practices.review.helpers import ALL_SEVEN, QUEUE, decide, review_url, user_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["owner's editor", "partner editor", "plain staff", "staff who may view practices"])
def test_the_review_page_is_not_found_for_anyone_but_reviewers(client, submitted, kind):
    client.force_login(user_of(kind, submitted))
    assert client.get(review_url(submitted)).status_code == 404
    assert client.post(review_url(submitted), {"decision": "publish", **ALL_SEVEN}).status_code == 404
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_anonymous_visitors_are_sent_to_log_in_from_the_review_page(client, submitted):
    response = client.post(review_url(submitted), {"decision": "publish", **ALL_SEVEN})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_the_review_page_shows_the_practice_as_it_will_be_published(client, submitted, reviewer):
    client.force_login(reviewer)
    html = client.get(review_url(submitted)).content.decode()
    assert texts(html, "h1") == ["Review: Village shop"]
    assert texts(html, "p", "practice-title") == ["Village shop"]
    assert texts(html, "div", "practice-summary") == ["A cooperative shop sells food from local social enterprises."]
    assert "Key facts" in texts(html, "h2")
    assert "Detailed description" in texts(html, "h2")
    assert (
        "This is a new practice, submitted for the first time: there is no earlier version to compare it with."
        in texts(html, "p")
    )
    assert texts(html, "legend", "criterion-name") == [
        "1. Relevance",
        "2. In place for at least two years",
        "3. Quality-assurance procedures",
        "4. Effectiveness and efficiency",
        "5. Sustainability",
        "6. Transferability",
        "7. Ethics",
    ]
    assert texts(html, "button", within="decision-buttons") == ["Publish", "Request changes"]
    assert len(fragment(html).find_all("input", type="radio", name="score_relevance")) == 5


def test_publish_with_all_seven_criteria(client, submitted, reviewer):
    data = {
        "decision": "publish",
        "comment": "Well documented.",
        **ALL_SEVEN,
        "score_ethics": "5",
        "comment_ethics": "Fair wages for everyone.",
    }
    response = decide(client, reviewer, submitted, **data)

    assert response.status_code == 302
    assert response["Location"] == "/practices/village-shop/"
    practice = GoodPractice.objects.get(pk=submitted.pk)
    assert practice.state == State.PUBLISHED
    review = practice.reviews.get(to_state=State.PUBLISHED)
    assert (review.actor, review.comment) == (reviewer, "Well documented.")
    assert list(review.assessments.order_by("criterion").values_list("criterion", "score", "comment")) == [
        ("duration", 4, ""),
        ("effectiveness", 4, ""),
        ("ethics", 5, "Fair wages for everyone."),
        ("quality_assurance", 4, ""),
        ("relevance", 4, ""),
        ("sustainability", 4, ""),
        ("transferability", 4, ""),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "The practice is published." in page


def test_publishing_is_refused_without_all_seven_scores(client, submitted, reviewer):
    data = {"decision": "publish", "comment": "Nice.", **ALL_SEVEN, "comment_ethics": "Unclear."}
    del data["score_ethics"], data["score_duration"]

    response = decide(client, reviewer, submitted, **data)

    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "li", within="alert-danger") == [
        "Score all seven criteria to publish the practice.",
        "In place for at least two years: Score this criterion to publish the practice.",
        "Ethics: Give a score to go with the comment.",
    ]
    assert 'href="#id_score_ethics_0"' in html
    # What the reviewer typed stays.
    assert "\nNice.</textarea>" in html and "\nUnclear.</textarea>" in html
    assert "checked" in fragment(html).find("input", name="score_relevance", value="4").attrs
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert not Review.objects.filter(to_state=State.PUBLISHED).exists()
    assert CriterionAssessment.objects.count() == 0


def test_an_out_of_range_score_is_refused(client, submitted, reviewer):
    response = decide(client, reviewer, submitted, decision="publish", **{**ALL_SEVEN, "score_relevance": "9"})
    assert response.status_code == 200
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert "Relevance: Select a valid choice. 9 is not one of the available choices." in texts(
        response.content.decode(), "li", within="alert-danger"
    )


def test_request_changes_with_a_comment(client, submitted, reviewer):
    response = decide(client, reviewer, submitted, decision="request_changes", comment="Add the budget, please.")
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    practice = GoodPractice.objects.get(pk=submitted.pk)
    assert practice.state == State.CHANGES_REQUESTED
    review = practice.reviews.get(to_state=State.CHANGES_REQUESTED)
    assert (review.actor, review.comment) == (reviewer, "Add the budget, please.")
    assert review.assessments.count() == 0


def test_request_changes_without_a_comment_shows_the_workflows_message(client, submitted, reviewer):
    response = decide(client, reviewer, submitted, decision="request_changes", comment="   ", **ALL_SEVEN)
    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "li", within="alert-danger") == [
        "Comment to the partner: Say what needs to change: a comment is required."
    ]
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_an_illegal_decision_shows_the_workflows_message(client, partner, reviewer):
    draft = GoodPracticeFactory(partner=partner, title="Not yet")
    response = decide(client, reviewer, draft, decision="publish", **ALL_SEVEN)
    assert response.status_code == 200
    assert texts(response.content.decode(), "li", within="alert-danger") == [
        "Only a submitted practice can be published; this one is “Draft”."
    ]
    assert GoodPractice.objects.get(pk=draft.pk).state == State.DRAFT


def test_a_decision_taken_meanwhile_by_another_reviewer_is_not_taken_twice(client, submitted, reviewer):
    submitted.publish(ReviewerFactory(), assessments=seven_scores())
    response = decide(client, reviewer, submitted, decision="request_changes", comment="Too late?")
    assert texts(response.content.decode(), "li", within="alert-danger") == [
        "Changes can be requested only for a submitted practice; this one is “Published”."
    ]
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.PUBLISHED


def test_a_practice_that_is_not_waiting_shows_no_decision_form(client, partner, reviewer):
    draft = GoodPracticeFactory(partner=partner)
    client.force_login(reviewer)
    html = client.get(review_url(draft)).content.decode()
    assert "This practice is not waiting for review: Draft. There is no decision to take." in texts(html, "div")
    assert "decision-heading" not in html


def test_a_get_never_decides(client, submitted, reviewer):
    client.force_login(reviewer)
    assert client.get(review_url(submitted), {"decision": "publish", **ALL_SEVEN}).status_code == 200
    assert client.put(review_url(submitted)).status_code == 405
    assert GoodPractice.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_a_missing_decision_is_refused(client, submitted, reviewer):
    response = decide(client, reviewer, submitted, **ALL_SEVEN)
    assert texts(response.content.decode(), "li", within="alert-danger") == ["Choose “Publish” or “Request changes”."]


def test_the_practice_page_links_reviewers_to_the_review(client, submitted, reviewer):
    client.force_login(reviewer)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert texts(html, "a", within="practice-actions") == ["Review this practice", "Revision history"]
    assert 'href="/practices/village-shop/review/"' in html
    client.force_login(MembershipFactory(partner=submitted.partner).user)
    assert "/review/" not in client.get(submitted.get_absolute_url()).content.decode()


def test_each_criterion_says_what_it_asks(client, submitted, reviewer):
    client.force_login(reviewer)
    html = client.get(review_url(submitted)).content.decode()
    explanations = fragment(html).texts("p", cls="criterion-explanation")
    assert len(explanations) == 7
    assert explanations[1] == (
        "It has been running for at least two years, long enough to show results. "
        "Score from 1 (not met) to 5 (excellent)"
    )
