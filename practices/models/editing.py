"""How partners change a practice without losing anyone's work.

- Optimistic locking: every full save of a practice increases `version`; `save_edit()` refuses
  a save based on an older version (someone else saved in between) with EditConflict.
- Revisions: a published practice is never edited in place. `start_revision()` makes a
  working copy (a GoodPractice with `revision_of` set) that goes through the same workflow;
  when a reviewer publishes the copy, `apply_revision()` moves its content onto the published
  practice, which stays online all along.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from practices import rules
from practices.models.review import Review
from practices.models.state import State

# Fields a revision does not copy or carry back: identity, workflow and bookkeeping.
NOT_CONTENT = {
    "id",
    "slug",
    "state",
    "version",
    "revision_of",
    "is_sample",
    "created_by",
    "created_at",
    "updated_at",
    "published_at",
    "search_vector",
}
COPIED_RELATIONS = ("themes", "topics", "policy_instruments")
MOVED_CHILDREN = ("results", "images", "attachments")


class EditConflict(Exception):
    """The practice was saved by someone else since the editor opened it."""

    def __init__(self, current_version):
        super().__init__(f"The practice is now at version {current_version}.")
        self.current_version = current_version


def content_fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in NOT_CONTENT]


class EditingMixin:
    def save_edit(self, expected_version):
        """Save a partner's edit, unless the practice changed since they read `expected_version`."""
        with transaction.atomic():
            current = type(self).objects.select_for_update().values_list("version", flat=True).get(pk=self.pk)
            if current != expected_version:
                raise EditConflict(current)
            self.version = current
            self.save()

    def start_revision(self, user):
        """The working copy in which `user` changes this published practice (the existing one, if any)."""
        if self.state != State.PUBLISHED:
            raise ValidationError(_("Only a published practice is changed through a revision; edit this one directly."))
        if not rules.can_revise(user, self):
            raise PermissionDenied(_("Only editors of the submitting partner can change this practice."))
        with transaction.atomic():
            original = type(self).objects.select_for_update().get(pk=self.pk)
            existing = type(self).objects.filter(revision_of=original).first()
            if existing:
                return existing
            copy = type(self)(
                **{f.attname: getattr(original, f.attname) for f in content_fields(type(self))},
                revision_of=original,
                created_by=user,
                is_sample=original.is_sample,
            )
            copy.slug = copy.unique_slug(base=f"{original.slug}-revision")
            copy.save()
            for name in COPIED_RELATIONS:
                getattr(copy, name).set(getattr(original, name).all())
            for name in MOVED_CHILDREN:
                for child in getattr(original, name).all():
                    child.pk = None
                    child.practice = copy
                    child.save()
            return copy

    def apply_revision(self, user):
        """Move this revision's content onto the published practice and delete the copy.

        Called by the workflow when a reviewer publishes a revision; returns the published practice.
        """
        original = type(self).objects.select_for_update().get(pk=self.revision_of_id)
        if original.state != State.PUBLISHED:
            raise ValidationError(
                _("The practice this revision changes is no longer published (“%(state)s”)."),
                params={"state": State(original.state).label},
            )
        for field in content_fields(type(self)):
            setattr(original, field.attname, getattr(self, field.attname))
        original._change_reason = "revision published"
        original._history_user = user
        original.save()
        for name in COPIED_RELATIONS:
            getattr(original, name).set(getattr(self, name).all())
        for name in MOVED_CHILDREN:
            getattr(original, name).all().delete()
            getattr(self, name).update(practice=original)
        # The revision's own review steps become part of the practice's history.
        Review.objects.filter(practice=self).update(practice=original)
        self.delete()
        return original
