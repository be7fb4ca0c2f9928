"""Why each version in a practice's revision history was made, as data (django-simple-history's records).

GoodPractice's history records carry these fields besides the content (HistoricalRecords(bases=...)).
Whoever saves a practice for a reason says so with `GoodPractice.recording(change, ...)`; a plain
save is an edit.
"""

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from practices.models.state import State


class Change(models.TextChoices):
    EDITED = "", _("Edited")
    STEP = "step", _("Workflow step")
    REVISION_PUBLISHED = "revision_published", _("Proposed changes published")
    RESTORED = "restored", _("Earlier version restored")


class PracticeVersion(models.Model):
    """The fields a historical record of a practice adds to the practice's own."""

    change = models.CharField(_("change"), max_length=20, choices=Change.choices, blank=True, default="")
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True, default="")
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices, blank=True, default="")
    restored_version = models.PositiveIntegerField(_("restored version"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, default="", help_text=_("What the workflow step said."))

    class Meta:
        abstract = True

    @property
    def change_shown(self):
        """Why this version was made, in the reader's language."""
        if self.change == Change.STEP:
            return f"{State(self.from_state).label} → {State(self.to_state).label}"
        if self.change == Change.RESTORED:
            return gettext("Restored version %(version)s") % {"version": self.restored_version}
        if self.change == Change.REVISION_PUBLISHED:
            return Change.REVISION_PUBLISHED.label
        # A reason typed by staff (the admin's history), or else what kind of record it is.
        return self.history_change_reason or self.get_history_type_display()


class RecordingMixin:
    """Saving a practice with the reason of the change, for its next historical record."""

    def recording(self, user, change, **details):
        """Make the next save record `change` (and `details`, fields of PracticeVersion) by `user`.

        `user` also outside a request (commands, tests), where django-simple-history's middleware
        does not say who it was.
        """
        self._history_user = user
        self._history_change = {"change": change, **details}
        return self


@receiver(pre_create_historical_record)
def record_the_change(sender, instance, history_instance, **kwargs):
    for name, value in getattr(instance, "_history_change", {}).items():
        setattr(history_instance, name, value)


@receiver(post_create_historical_record)
def forget_the_change(sender, instance, **kwargs):
    """One reason for one version: the next save of the same object is an edit unless it says otherwise."""
    if hasattr(instance, "_history_change"):
        del instance._history_change
