"""Migration 0020 gives the practices that were submitted before it the date of their latest submission step."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from practices.models import GoodPractice, Review, State
from tests.factories import GoodPracticeFactory

# Transactional, as the migrations run outside a test's transaction; serialized_rollback gives the tests that follow
# the data migrations' rows back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("practices", "0019_search_vectors_in_the_row")]
AFTER = [("practices", "0020_review_queue_order")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def when(day):
    return timezone.make_aware(datetime.datetime(2026, 3, day, 9))


def test_the_migration_dates_each_practice_by_its_latest_submission_step(editor, reviewer):
    partner = editor.memberships.get().partner
    twice = GoodPracticeFactory(title="Submitted twice", partner=partner)
    twice.submit(editor)
    twice.request_changes(reviewer, "Add figures.")
    twice.submit(editor, "Figures added.")
    steps = Review.objects.filter(practice=twice, to_state=State.SUBMITTED).order_by("pk")
    for step, day in zip(steps, (1, 5), strict=True):
        Review.objects.filter(pk=step.pk).update(created_at=when(day))
    draft = GoodPracticeFactory(title="Never submitted", partner=partner)

    migrate(BEFORE)
    try:
        migrate(AFTER)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert GoodPractice.objects.get(pk=twice.pk).submitted_at == when(5)
    assert GoodPractice.objects.get(pk=draft.pk).submitted_at is None
