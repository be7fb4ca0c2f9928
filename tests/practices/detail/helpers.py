"""Reading the public page of a practice, and giving a practice a review and things to show."""

import datetime
import json

import pytest
from django.urls import NoReverseMatch, reverse

from events.models import EventPractice
from practices.models import (
    Criterion,
    CriterionAssessment,
    PracticeAttachment,
    PracticeImage,
    PracticeResult,
    Review,
    State,
    TransferInterest,
)
from tests.factories import (
    EventFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    TopicFactory,
)
from tests.files import pdf_upload
from tests.html import fragment, texts


def url_name_resolves(name, *args):
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


# The pages of policy instruments and events are built elsewhere; their links are checked once they exist.
needs_instrument_pages = pytest.mark.skipif(
    not url_name_resolves("regions:instrument-detail", "x"), reason="regions:instrument-detail does not resolve yet"
)


needs_event_pages = pytest.mark.skipif(
    not url_name_resolves("events:event-detail", "x"), reason="events:event-detail does not resolve yet"
)


# -- reading the page ----------------------------------------------------------------------------
def key_facts(page):
    return dict(zip(texts(page, "dt", within="key-facts"), texts(page, "dd", within="key-facts"), strict=True))


def section_of(page, heading_id):
    """The <section> labelled by the heading `heading_id`."""
    return fragment(page).section(heading_id)


def table_rows(page, within):
    """The rows of the table body inside `within`, each a list of cell texts (without the explanations)."""
    return section_of(page, within).table_rows(leave_out="criterion-explanation")


def page_of(client, practice, **kwargs):
    response = client.get(practice.get_absolute_url(), **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def json_ld_block(page):
    """The JSON-LD data block of the page, as it is written."""
    return fragment(page).find("script", type="application/ld+json").string


def json_ld(page):
    return json.loads(json_ld_block(page))


def meta_properties(page):
    metas = fragment(page).find_all("meta")
    return {meta.attrs["property"]: meta.attrs["content"] for meta in metas if "property" in meta.attrs}


def assess(practice, reviewer, scores, when=datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)):
    """A review step that published `practice`, with {criterion: (score, comment)}."""
    review = Review.objects.create(
        practice=practice, actor=reviewer, from_state=State.SUBMITTED, to_state=State.PUBLISHED
    )
    Review.objects.filter(pk=review.pk).update(created_at=when)
    for criterion, (score, comment) in scores.items():
        CriterionAssessment.objects.create(review=review, criterion=criterion, score=score, comment=comment)
    return review


def many_things(practice, reviewer, *, images, results, topics, transfers, events, instruments):
    """Give `practice` that many images, results, topics, transfer interests, events and instruments."""
    for n in range(images):
        PracticeImage.objects.create(
            practice=practice,
            image=f"practices/images/photo-{n}.jpg",
            thumbnail=f"practices/thumbnails/photo-{n}.jpg",
            alt_text=f"Photo {n}",
            order=n,
        )
    for n in range(results):
        PracticeResult.objects.create(practice=practice, indicator=f"Indicator {n}", value=n, order=n)
    practice.topics.set([TopicFactory() for _ in range(topics)])
    for _ in range(transfers):
        TransferInterest.objects.create(practice=practice, partner=PartnerFactory())
    for _ in range(events):
        EventPractice.objects.create(event=EventFactory(), practice=practice)
    practice.policy_instruments.set([PolicyInstrumentFactory() for _ in range(instruments)])
    PracticeAttachment.objects.create(practice=practice, file=pdf_upload(), title="Report")
    assess(practice, reviewer, dict.fromkeys(Criterion.values, (4, "Good.")))
