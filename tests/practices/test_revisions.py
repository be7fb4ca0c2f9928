"""Editing without losing work: optimistic locking, and revisions of published practices."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from practices.facet_counts import facet_counts
from practices.models import GoodPractice, Review, State
from practices.models.editing import EditConflict
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PracticeResultFactory,
    RegionFactory,
    seven_scores,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(editor, reviewer):
    practice = GoodPracticeFactory(
        partner=editor.memberships.get().partner, title="Village shop", themes=[theme("awareness")]
    )
    PracticeResultFactory(practice=practice, indicator="Jobs created", value=4)
    practice.submit(editor)
    practice.publish(reviewer, assessments=seven_scores())
    return GoodPractice.objects.get(pk=practice.pk)


class TestOptimisticLocking:
    def test_every_content_save_moves_the_version_on(self):
        practice = GoodPracticeFactory()
        assert practice.version == 1
        practice.title = "Renamed"
        practice.save()
        assert GoodPractice.objects.get(pk=practice.pk).version == 2

    def test_workflow_steps_do_not_count_as_edits(self, published):
        version = published.version
        assert GoodPractice.objects.get(pk=published.pk).version == version

    def test_a_save_based_on_the_current_version_goes_through(self):
        practice = GoodPracticeFactory()
        practice.summary = "Mine"
        practice.save_edit(expected_version=1)
        assert GoodPractice.objects.get(pk=practice.pk).summary == "Mine"
        assert practice.version == 2

    def test_the_second_of_two_editors_is_refused(self):
        practice = GoodPracticeFactory()
        first, second = GoodPractice.objects.get(pk=practice.pk), GoodPractice.objects.get(pk=practice.pk)
        first.summary = "First editor's text"
        first.save_edit(expected_version=1)
        second.summary = "Second editor's text"
        with pytest.raises(EditConflict) as conflict:
            second.save_edit(expected_version=1)
        assert conflict.value.current_version == 2
        assert GoodPractice.objects.get(pk=practice.pk).summary == "First editor's text"


class TestRevisions:
    def test_a_revision_is_a_draft_copy_and_the_published_practice_stays_online(self, published, editor):
        copy = published.start_revision(editor)
        assert copy.state == State.DRAFT
        assert copy.revision_of == published
        assert copy.slug == "village-shop-revision"
        assert (copy.title, copy.summary) == (published.title, published.summary)
        assert list(copy.themes.all()) == [theme("awareness")]
        assert list(copy.results.values_list("indicator", "value")) == [("Jobs created", 4)]
        assert GoodPractice.objects.get(pk=published.pk).state == State.PUBLISHED
        assert GoodPractice.objects.published().count() == 1
        assert published.start_revision(editor) == copy  # one working copy at a time

    def test_only_the_partners_editors_start_a_revision_of_a_published_practice(self, published, reviewer):
        with pytest.raises(PermissionDenied):
            published.start_revision(MembershipFactory().user)
        with pytest.raises(PermissionDenied):
            published.start_revision(reviewer)
        draft = GoodPracticeFactory()
        with pytest.raises(ValidationError):
            draft.start_revision(MembershipFactory(partner=draft.partner).user)

    def test_publishing_the_revision_updates_the_published_practice(self, published, editor, reviewer):
        copy = published.start_revision(editor)
        copy.title = "Village shop and café"
        copy.region = RegionFactory(country="LV")
        copy.save()
        copy.themes.set([theme("access")])
        copy.results.update(value=9)
        copy.submit(editor, "New figures")
        copy.request_changes(reviewer, "Say where the café is")
        copy.submit(editor, "Done")
        # Online all along, unchanged until the reviewer publishes.
        assert GoodPractice.objects.get(pk=published.pk).title == "Village shop"
        review = copy.publish(reviewer, "Approved", assessments=seven_scores())

        practice = GoodPractice.objects.get(pk=published.pk)
        assert review.practice == practice
        assert (practice.title, practice.state, practice.slug) == ("Village shop and café", "published", "village-shop")
        assert practice.published_at == published.published_at
        assert practice.version == published.version + 1
        assert list(practice.themes.all()) == [theme("access")]
        assert list(practice.results.values_list("value", flat=True)) == [9]
        assert not GoodPractice.objects.filter(pk=copy.pk).exists()
        assert list(practice.reviews.values_list("from_state", "to_state", "comment")) == [
            ("draft", "submitted", ""),
            ("submitted", "published", ""),
            ("draft", "submitted", "New figures"),
            ("submitted", "changes_requested", "Say where the café is"),
            ("changes_requested", "submitted", "Done"),
            ("submitted", "published", "Approved"),
        ]
        counts = facet_counts({})
        assert (counts.count("country", "LV"), counts.count("country", "EL"), counts.total) == (1, 0, 1)
        assert practice.history.first().change == "revision_published"

    def test_a_revision_of_a_practice_archived_meanwhile_cannot_be_published(self, published, editor, reviewer):
        copy = published.start_revision(editor)
        copy.submit(editor)
        published.archive(reviewer)
        with pytest.raises(ValidationError, match="no longer published"):
            copy.publish(reviewer, assessments=seven_scores())
        assert GoodPractice.objects.get(pk=copy.pk).state == State.SUBMITTED
        assert list(Review.objects.filter(practice=published).values_list("to_state", flat=True)) == [
            "submitted",
            "published",
            "archived",
        ]
