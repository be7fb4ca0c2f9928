"""manage.py seed_demo: sample content reached through the workflow, demo accounts, bulk practices."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from events.models import Event
from practices.models import (
    Criterion,
    GoodPractice,
    PracticeImage,
    PracticeResult,
    Review,
    State,
    Theme,
    Topic,
    TransferInterest,
)
from regions.models import Membership, Partner, PolicyInstrument
from secon_portal.demo.accounts import PASSWORD
from secon_portal.management.commands.load_reference_data import PROJECT_STAFF, REVIEWERS

pytestmark = pytest.mark.django_db

# The path of reviews that leads to each state (with or without a round of requested changes).
PATHS = {
    State.DRAFT: [[]],
    State.SUBMITTED: [["submitted"]],
    State.CHANGES_REQUESTED: [["submitted", "changes_requested"]],
    State.PUBLISHED: [
        ["submitted", "published"],
        ["submitted", "changes_requested", "submitted", "published"],
    ],
    State.ARCHIVED: [["submitted", "published", "archived"]],
}


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seeded once for the tests of a class that only read the sample content; rolled back after it.

    Returns the command's output and the folder the images went to.
    """
    media_root = tmp_path_factory.mktemp("media")
    test_settings = override_settings(
        MEDIA_ROOT=media_root, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), test_settings, transaction.atomic():
        yield seed("--force"), media_root
        transaction.set_rollback(True)


class TestSampleContent:
    def test_results_are_on_record_from_before_the_first_submission(self, seeded):
        """As results entered through the form are: "What changed" would otherwise show them all as added."""
        results = PracticeResult.objects.select_related("practice")
        assert results.count() > 0
        for result in results:
            first = result.history.earliest("history_date")
            submitted = result.practice.reviews.filter(to_state=State.SUBMITTED).order_by("created_at").first()
            if submitted is not None:
                assert first.history_date <= submitted.created_at, result.practice.slug

    def test_sample_practices_cover_every_state_theme_and_partner(self, seeded):
        practices = GoodPractice.objects.all()
        assert 25 <= practices.count() <= 35
        assert not practices.filter(is_sample=False).exists()
        assert set(practices.values_list("state", flat=True)) == set(State.values)
        assert set(practices.values_list("themes__slug", flat=True)) == set(
            Theme.objects.values_list("slug", flat=True)
        )
        assert set(practices.values_list("topics__slug", flat=True)) == set(
            Topic.objects.values_list("slug", flat=True)
        )
        assert set(practices.values_list("partner__slug", flat=True)) == set(
            Partner.objects.values_list("slug", flat=True)
        )
        for partner in Partner.objects.all():
            assert practices.filter(partner=partner, region=partner.region).exists()
            assert practices.filter(partner=partner, state=State.PUBLISHED).exists()
        assert all(practice.region.code.startswith(practice.partner.region.code) for practice in practices)
        assert practices.filter(policy_instruments__isnull=False).exists()
        # Complete enough to have been submitted, with results, images and target groups.
        for practice in practices:
            assert practice.missing_for_submission() == []
            assert practice.results.exists()
            assert practice.target_groups
            assert practice.description.startswith("Sample content: ")

    def test_states_were_reached_through_the_workflow(self, seeded):
        reviewer = get_user_model().objects.get(username="reviewer")
        for practice in GoodPractice.objects.prefetch_related("reviews"):
            steps = list(practice.reviews.all())
            assert [step.to_state for step in steps] in PATHS[practice.state], practice
            assert [step.from_state for step in steps] == ["draft", *[step.to_state for step in steps]][: len(steps)]
            for step in steps:
                expected = reviewer if step.to_state != "submitted" else practice.partner.memberships.get().user
                assert step.actor == expected
            if practice.state in (State.PUBLISHED, State.ARCHIVED):
                assert practice.published_at is not None
                published = practice.reviews.get(to_state=State.PUBLISHED)
                assert sorted(published.assessments.values_list("criterion", flat=True)) == sorted(Criterion.values)
            else:
                assert practice.published_at is None
        assert (
            Review.objects.filter(to_state=State.CHANGES_REQUESTED).exclude(comment="").count()
            == Review.objects.filter(to_state=State.CHANGES_REQUESTED).count()
        )

    def test_images_have_alternative_text_and_thumbnails(self, seeded):
        _output, media_root = seeded
        images = PracticeImage.objects.all()
        assert images.count() >= GoodPractice.objects.count()
        for image in images:
            assert image.alt_text.startswith("Abstract sample illustration: ")
            assert image.image.name.endswith(".jpg") and image.thumbnail.name.endswith("-thumbnail.jpg")
            assert Image.open(media_root / image.image.name).size == (960, 640)
            assert Image.open(media_root / image.thumbnail.name).size == (480, 320)

    def test_instruments_events_and_transfer_interests(self, seeded):
        instruments = PolicyInstrument.objects.all()
        assert instruments.count() >= 3 and not instruments.filter(is_sample=False).exists()
        assert instruments.filter(assessments__isnull=False).distinct().count() >= 2

        samples = Event.objects.filter(is_sample=True)
        held = samples.filter(status=Event.Status.HELD)
        assert held.count() >= 2
        for event in held:
            assert event.start < timezone.now()
            assert event.agenda_items.exists()
            assert event.participations.exists()
            assert event.event_practices.exists()
            assert not event.practices.exclude(state=State.PUBLISHED).exists()
        upcoming = samples.filter(status=Event.Status.CONFIRMED)
        assert upcoming.count() >= 1
        assert set(Event.objects.upcoming().filter(is_sample=True)) == set(upcoming)
        # The planned activities of the reference data are there too, and not sample content.
        assert Event.objects.filter(is_sample=False, status=Event.Status.PLANNED).count() == 69

        interests = TransferInterest.objects.select_related("practice", "policy_instrument")
        assert interests.count() >= 5
        assert len({interest.stage for interest in interests}) == 4
        for interest in interests:
            assert interest.partner_id != interest.practice.partner_id
            assert interest.practice.state == State.PUBLISHED
            assert interest.policy_instrument is None or interest.policy_instrument.partner_id == interest.partner_id

    def test_demo_accounts(self, seeded):
        User = get_user_model()
        admin, reviewer, staff = (User.objects.get(username=name) for name in ("admin", "reviewer", "staff"))
        assert admin.is_superuser and admin.is_staff
        assert reviewer.is_staff and not reviewer.is_superuser
        assert list(reviewer.groups.values_list("name", flat=True)) == [REVIEWERS]
        assert reviewer.has_perm("practices.review_goodpractice")
        assert list(staff.groups.values_list("name", flat=True)) == [PROJECT_STAFF]
        assert staff.has_perm("events.add_event") and not staff.has_perm("practices.review_goodpractice")
        for partner in Partner.objects.all():
            editor = User.objects.get(username=f"editor-{partner.slug}")
            assert not editor.is_staff
            assert list(editor.memberships.values_list("partner", "role")) == [(partner.pk, Membership.Role.EDITOR)]
        assert User.objects.get(username="editor-peloponnese")
        for user in User.objects.all():
            assert user.check_password(PASSWORD)

        output, _media_root = seeded
        assert "Admin: http://127.0.0.1:8000/admin/" in output
        assert f'password "{PASSWORD}"' in output
        assert "  editor-haskovo " in output

    def test_running_it_again_adds_nothing(self, seeded):
        counts = (
            GoodPractice.objects.count(),
            Review.objects.count(),
            Event.objects.count(),
            PracticeImage.objects.count(),
        )
        output = seed("--force")
        assert (
            GoodPractice.objects.count(),
            Review.objects.count(),
            Event.objects.count(),
            PracticeImage.objects.count(),
        ) == counts
        assert output.startswith("Sample content: 0 practices, 0 events and 0 transfer interests created")


def test_if_empty_seeds_an_empty_database_once():
    first = seed("--if-empty", "--force")
    counts = (GoodPractice.objects.count(), Review.objects.count(), get_user_model().objects.count())
    assert counts[0] > 0

    second = seed("--if-empty", "--force")

    assert (GoodPractice.objects.count(), Review.objects.count(), get_user_model().objects.count()) == counts
    assert "\nSample content: 30 practices, 5 events and 8 transfer interests created;" in first
    assert second.startswith("Practices exist already: no demo content added.\nAdmin: http://127.0.0.1:8000/admin/\n")
    assert f'password "{PASSWORD}"' in second


def test_without_debug_nothing_is_added_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    output = seed("--if-empty")
    assert "DEBUG is off, so nothing was added" in output
    assert "createsuperuser" in output
    assert not GoodPractice.objects.exists()
    assert not get_user_model().objects.exists()


def test_bulk_practices():
    output = seed("--practices", "200")

    practices = GoodPractice.objects.all()
    assert practices.count() == 200
    assert not practices.filter(is_sample=False).exists()
    assert not practices.filter(themes__isnull=True).exists()
    assert not practices.filter(topics__isnull=True).exists()
    assert GoodPractice.themes.through.objects.count() >= 200
    assert len(set(practices.values_list("slug", flat=True))) == 200
    states = Counter(practices.values_list("state", flat=True))
    assert 0.8 < states[State.PUBLISHED] / 200 < 0.97
    assert not practices.filter(state=State.PUBLISHED, published_at__isnull=True).exists()
    assert (
        not practices.exclude(state__in=[State.PUBLISHED, State.ARCHIVED]).filter(published_at__isnull=False).exists()
    )
    assert practices.filter(rural_focus=True).exists() and practices.filter(rural_focus=False).exists()
    assert practices.filter(end_date__isnull=False).exists()
    assert min(practices.values_list("start_date__year", flat=True)) >= 2005
    assert max(practices.values_list("start_date__year", flat=True)) <= 2025
    assert len(set(practices.values_list("created_at", flat=True))) > 150
    assert practices.exclude(original_language="en").exclude(title_original="").exists()
    # Bulk inserts skip the history, but the search column is computed by the database.
    assert not GoodPractice.history.exists()
    assert practices.filter(search_vector__isnull=False).count() == 200
    assert "\nCreated 200 synthetic practices (links: " in output
    assert " s inserting (" in output


def test_bulk_practices_speak_the_partner_languages():
    seed("--practices", "300", "--seed", "7")

    practices = GoodPractice.objects.all()
    assert {"el", "de", "es", "pl", "bg", "en"} <= set(practices.values_list("original_language", flat=True))
    assert practices.filter(title__contains="Asociación").exists()
    # The search column is built with unaccent: the word is found without its accent.
    assert practices.filter(search_vector=SearchQuery("asociacion", config="simple")).exists()
    assert practices.filter(summary_original__regex=r"[ąęłńśźżάέήίόύώ]").exists()


def test_bulk_needs_a_positive_number():
    with pytest.raises(CommandError, match="positive"):
        seed("--practices", "0")
