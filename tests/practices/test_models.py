import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from practices.models import Criterion, CriterionAssessment, Review, State, TransferInterest
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PolicyInstrumentFactory,
)

pytestmark = pytest.mark.django_db


def test_end_date_cannot_be_before_start_date():
    practice = GoodPracticeFactory.build(
        partner=GoodPracticeFactory().partner, start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        practice.full_clean(exclude=["slug"])
    assert error.value.messages == ["The end date cannot be before the start date."]


def test_budget_cannot_be_negative():
    with pytest.raises(IntegrityError):
        GoodPracticeFactory(budget_eur=-1)


def test_a_published_practice_has_a_publication_date():
    with pytest.raises(IntegrityError):
        GoodPracticeFactory(state=State.PUBLISHED, published_at=None)


def test_slugs_are_unique_and_follow_the_title():
    first = GoodPracticeFactory(title="Social café in the village square")
    second = GoodPracticeFactory(title="Social café in the village square")
    assert first.slug == "social-cafe-in-the-village-square"
    assert second.slug == "social-cafe-in-the-village-square-2"


def test_a_criterion_is_assessed_once_per_review_with_a_score_from_1_to_5():
    review = Review.objects.create(practice=GoodPracticeFactory(), from_state="submitted", to_state="published")
    CriterionAssessment.objects.create(review=review, criterion=Criterion.ETHICS, score=5)
    with pytest.raises(ValidationError):
        CriterionAssessment(review=review, criterion=Criterion.RELEVANCE, score=6).full_clean()
    with pytest.raises(IntegrityError):
        CriterionAssessment.objects.create(review=review, criterion=Criterion.ETHICS, score=3)


class TestTransferInterest:
    def test_a_partner_cannot_transfer_its_own_practice(self):
        practice = GoodPracticeFactory(published=True)
        interest = TransferInterest(practice=practice, partner=practice.partner)
        with pytest.raises(ValidationError) as error:
            interest.full_clean()
        assert error.value.messages == ["A partner cannot transfer its own practice."]

    def test_the_policy_instrument_must_be_the_interested_partners_own(self):
        practice = GoodPracticeFactory(published=True)
        instrument = PolicyInstrumentFactory()
        interest = TransferInterest(
            practice=practice, partner=MembershipFactory().partner, policy_instrument=instrument
        )
        with pytest.raises(ValidationError) as error:
            interest.full_clean()
        assert error.value.message_dict == {
            "policy_instrument": ["Choose one of the interested partner's own policy instruments."]
        }

    def test_one_interest_per_partner_and_practice(self):
        practice = GoodPracticeFactory(published=True)
        partner = MembershipFactory().partner
        TransferInterest.objects.create(practice=practice, partner=partner)
        duplicate = TransferInterest(practice=practice, partner=partner)
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean()
        assert error.value.messages == ["This partner has already declared an interest in this practice."]
