from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class TranslatedNameMixin:
    """Names of reference data are stored in English and translated on display.

    Their msgids are marked with gettext_noop where the data is defined (the data migration
    of the themes, practices/reference_data.py for the topics).
    """

    @property
    def label(self):
        return gettext(self.name)


class ThemeQuerySet(models.QuerySet):
    def with_published_counts(self):
        """Each theme with `published_count`, the number of its published practices, in one query."""
        # Aggregating queries ignore Meta.ordering, hence the explicit order_by().
        return self.annotate(
            published_count=Count("practices", filter=Q(practices__state="published")),
        ).order_by("order", "name")


class Theme(TranslatedNameMixin, models.Model):
    """One of SECON's four focus objectives. The four rows are created by a data migration."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("practices:practice-list") + f"?theme={self.slug}"

    @property
    def label_description(self):
        return gettext(self.description) if self.description else ""


class Topic(TranslatedNameMixin, models.Model):
    """A sub-topic from the controlled list (procurement, finance, care, ...)."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("practices:practice-list") + f"?topic={self.slug}"
