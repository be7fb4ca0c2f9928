from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from practices.models.state import State


class TransferInterestQuerySet(models.QuerySet):
    def public(self):
        """Interests in published practices: the only ones shown publicly."""
        return self.filter(practice__state=State.PUBLISHED)


class TransferInterest(models.Model):
    """A partner region's interest in transferring a practice of another region, and how far it got."""

    class Stage(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        STUDYING = "studying", _("Studying")
        ADAPTING = "adapting", _("Adapting")
        ADOPTED = "adopted", _("Adopted")

    practice = models.ForeignKey(
        "practices.GoodPractice", models.CASCADE, related_name="transfer_interests", verbose_name=_("practice")
    )
    partner = models.ForeignKey(
        "regions.Partner", models.CASCADE, related_name="transfer_interests", verbose_name=_("interested partner")
    )
    policy_instrument = models.ForeignKey(
        "regions.PolicyInstrument",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfer_interests",
        verbose_name=_("policy instrument to improve"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.INTERESTED)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = TransferInterestQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("transfer interest")
        verbose_name_plural = _("transfer interests")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "partner"],
                name="one_transfer_interest_per_partner",
                violation_error_message=_("This partner has already declared an interest in this practice."),
            )
        ]

    def __str__(self):
        return f"{self.partner.short_name} -> {self.practice} ({self.get_stage_display()})"

    def clean(self):
        if self.practice_id and self.partner_id and self.practice.partner_id == self.partner_id:
            raise ValidationError(_("A partner cannot transfer its own practice."))
        if self.policy_instrument_id and self.partner_id and self.policy_instrument.partner_id != self.partner_id:
            raise ValidationError(
                {"policy_instrument": _("Choose one of the interested partner's own policy instruments.")}
            )
