"""What a practice carries besides its text: images, attachments and structured results."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secon_portal.files import Document, UnguessablePath, validate_pdf


class PracticeImage(models.Model):
    practice = models.ForeignKey(
        "practices.GoodPractice", models.CASCADE, related_name="images", verbose_name=_("practice")
    )
    image = models.ImageField(_("image"), upload_to=UnguessablePath("practices/images"))
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=UnguessablePath("practices/thumbnails"), blank=True, editable=False
    )
    alt_text = models.CharField(
        _("description for people who cannot see the image"),
        max_length=250,
        help_text=_("What the image shows, in one sentence (alternative text)."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    credit = models.CharField(_("credit"), max_length=150, blank=True, help_text=_("Photographer or copyright holder."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()  # so that a reviewer sees what changed since a submission

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text


class PracticeAttachment(Document):
    practice = models.ForeignKey(
        "practices.GoodPractice", models.CASCADE, related_name="attachments", verbose_name=_("practice")
    )
    file = models.FileField(
        _("file"),
        upload_to=UnguessablePath("practices/attachments"),
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )

    history = HistoricalRecords()

    class Meta(Document.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class PracticeResult(models.Model):
    """A measured result: e.g. 12 jobs created in 2023."""

    practice = models.ForeignKey(
        "practices.GoodPractice", models.CASCADE, related_name="results", verbose_name=_("practice")
    )
    indicator = models.CharField(
        _("indicator"), max_length=150, help_text=_("What was measured, e.g. jobs created, people reached.")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. jobs, people, EUR."))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        return f"{self.indicator}: {self.value} {self.unit}".strip()
