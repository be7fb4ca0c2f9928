from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models.state import State


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def submission_handled(self, practice):
        """Mark done every reviewer's notification that `practice` was submitted: someone has acted on it."""
        return self.filter(review__practice=practice, review__to_state=State.SUBMITTED, read_at__isnull=True).update(
            read_at=timezone.now()
        )

    def recent_for(self, user, count=20):
        """The newest `count` notifications of `user`, with the step, its practice and who took it (one query)."""
        return (
            self.filter(recipient=user)
            .select_related("review__practice__revision_of", "review__actor")
            .order_by("-created_at", "-pk")[:count]
        )


class Notification(models.Model):
    """A workflow step that a user should hear about, shown on their dashboard (and sent by e-mail)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    review = models.ForeignKey(
        "practices.Review", models.CASCADE, related_name="notifications", verbose_name=_("review step")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["recipient", "review"], name="one_notification_per_step")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_unread")]

    def __str__(self):
        return f"{self.recipient}: {self.review}"
