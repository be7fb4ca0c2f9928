"""Checking that a refused request left a practice as it was."""

from practices.models import (
    GoodPractice,
)


def unchanged(practice):
    """Whether `practice` is as it was: same version, title and state, no images, documents or results added."""
    now = GoodPractice.objects.get(pk=practice.pk)
    return (now.version, now.title, now.state) == (practice.version, practice.title, practice.state) and not (
        now.images.exists() or now.attachments.exists() or now.results.exists()
    )
