"""How partners and staff change a practice without losing anyone's work.

- Optimistic locking: every full save of a practice increases `version`; `save_edit()` refuses
  a save based on an older version (someone else saved in between) with EditConflict.
- Revisions: a published practice is never edited in place. `start_revision()` makes a
  working copy (a GoodPractice with `revision_of` set) that goes through the same workflow;
  when a reviewer publishes the copy, `apply_revision()` moves its content onto the published
  practice, which stays online all along.
- Restoring: `restore_version()` writes the content of an earlier version as a new version.

The three copy a practice's content the same way: `copy_content()`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from practices import rules
from practices.models.history import Change
from practices.models.review import Review
from practices.models.state import State

# Fields that are not the practice's content: identity, workflow and bookkeeping.
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
    "submitted_at",
    "search_vector",
    "search_english",
    "search_original",
}
# Many-to-many relations that are part of the content, and the rows that belong to a practice.
CONTENT_RELATIONS = ("themes", "topics", "policy_instruments")
CHILDREN = ("results", "images", "attachments")


class EditConflict(Exception):
    """The practice was saved by someone else since the editor opened it."""

    def __init__(self, current_version):
        super().__init__(f"The practice is now at version {current_version}.")
        self.current_version = current_version


def content_fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in NOT_CONTENT]


def copy_content(source, target):
    """Give `target` (a practice) the content fields of `source` (a practice or a historical record of one)."""
    for field in content_fields(type(target)):
        setattr(target, field.attname, getattr(source, field.attname))


def copy_relations(source, target):
    """Give saved `target` the themes, topics and policy instruments of `source` (a practice or a historical
    record of one); related objects deleted since are left out."""
    for name in CONTENT_RELATIONS:
        field = type(target)._meta.get_field(name)
        if isinstance(source, type(target)):
            related = getattr(source, name).all()
        else:  # a historical record: its relation holds the ids
            ids = getattr(source, name).values(field.m2m_reverse_field_name())
            related = field.related_model.objects.filter(pk__in=ids)
        getattr(target, name).set(related)


def _delete_unused(files):
    """Delete the stored files that no image or attachment refers to any more (a revision shares its practice's)."""
    from practices.models.content import PracticeAttachment, PracticeImage

    for file in files:
        if not file or not file.name:
            continue
        used = (
            PracticeImage.objects.filter(image=file.name).exists()
            or PracticeImage.objects.filter(thumbnail=file.name).exists()
            or PracticeAttachment.objects.filter(file=file.name).exists()
        )
        if not used:
            file.storage.delete(file.name)


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
            copy = type(self)(revision_of=original, created_by=user, is_sample=original.is_sample)
            copy_content(original, copy)
            copy.slug = copy.unique_slug(base=f"{original.slug}-revision")
            copy.save()
            copy_relations(original, copy)
            for name in CHILDREN:
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
        original.take_content_of(self, user, Change.REVISION_PUBLISHED)
        for name in CHILDREN:
            getattr(original, name).all().delete()
            for child in getattr(self, name).all():  # one by one, so that their history records the move
                child.practice = original
                child.save()
        # The revision's own review steps become part of the practice's history.
        Review.objects.filter(practice=self).update(practice=original)
        self.delete()
        return original

    @transaction.atomic
    def delete_draft(self, user):
        """Delete this draft (never submitted, or a working copy of a published practice) for its partner's editor.

        The revision history keeps a record of the deletion, with who made it. Files that no other practice
        uses go once the deletion is committed.
        """
        if not rules.can_delete(user, self):
            raise PermissionDenied(_("Only a draft can be deleted, by an editor of its partner."))
        files = [image.image for image in self.images.all()] + [image.thumbnail for image in self.images.all()]
        files += [attachment.file for attachment in self.attachments.all()]
        self._history_user = user
        self.delete()
        transaction.on_commit(lambda: _delete_unused(files))

    @transaction.atomic
    def restore_version(self, record, user):
        """Write the content of `record` (a historical record of this practice) as a new version of it.

        The workflow state, the dates, the slug and the version counter stay the practice's own: the
        version moves on by one, and the new record says which version was restored. Themes, topics and
        policy instruments are restored too (those that still exist); results, images and documents
        are kept as they are.
        """
        current = type(self).objects.select_for_update().get(pk=self.pk)
        current.take_content_of(record, user, Change.RESTORED, restored_version=record.version)
        return current

    def take_content_of(self, source, user, change, **details):
        """Take the content and relations of `source` (a practice or a historical record) as one new version."""
        copy_content(source, self)
        self.skip_history_when_saving = True  # the relations first, without a version each
        try:
            copy_relations(source, self)
        finally:
            del self.skip_history_when_saving
        self.recording(user, change, **details).save()
