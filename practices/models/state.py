from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")

    @classmethod
    def editable(cls):
        """States in which the partner's editors may change the practice."""
        return (cls.DRAFT, cls.CHANGES_REQUESTED)
