import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.countries import Country


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone name such as Europe/Sofia."), params={"value": value})


class EventType(models.Model):
    """A kind of project activity, with the target the brochure sets for it."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    target = models.PositiveSmallIntegerField(
        _("target number"), null=True, blank=True, help_text=_("How many the project plans to hold.")
    )
    target_per_country = models.BooleanField(
        _("target is per partner country"), default=False, help_text=_("e.g. 7 stakeholder meetings in each country.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("event type")
        verbose_name_plural = _("event types")

    def __str__(self):
        return self.label

    @property
    def label(self):
        """Names are stored in English and translated on display (msgids in events/reference_data.py)."""
        return gettext(self.name)


class EventQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(start__isnull=False)

    def upcoming(self):
        return self.filter(start__gte=timezone.now()).exclude(status=Event.Status.CANCELLED).order_by("start")

    def past(self):
        return self.filter(start__lt=timezone.now()).order_by("-start")

    def held(self):
        return self.filter(status=Event.Status.HELD)


class Event(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    event_type = models.ForeignKey(EventType, models.PROTECT, related_name="events", verbose_name=_("type"))
    host = models.ForeignKey(
        "regions.Partner",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host partner"),
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=250, blank=True, help_text=_("Name and address of the venue."))
    start = models.DateTimeField(_("start"), null=True, blank=True, help_text=_("Empty while no date is fixed."))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        default="Europe/Brussels",
        validators=[validate_time_zone],
        help_text=_("The local time zone of the event, e.g. Europe/Sofia; times are shown in it."),
    )
    online_url = models.URLField(_("online link"), blank=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    description = models.TextField(_("description"), max_length=8000, blank=True)
    themes = models.ManyToManyField("practices.Theme", related_name="events", blank=True, verbose_name=_("themes"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    practices = models.ManyToManyField(
        "practices.GoodPractice",
        through="EventPractice",
        related_name="events",
        blank=True,
        verbose_name=_("related practices"),
    )
    is_sample = models.BooleanField(
        _("sample content"), default=False, help_text=_("Demonstration content, labelled as such on every page.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[themes])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start"], name="event_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=False, end__gte=F("start")),
                name="event_end_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"]) | Q(start__isnull=False),
                name="event_scheduled_has_start",
                violation_error_message=_("A confirmed or held event needs a start date and time."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event-detail", args=[self.slug])

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.tzinfo) if self.start else None

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.tzinfo) if self.end else None


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="agenda_items", verbose_name=_("event"))
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)
    speakers = models.CharField(_("speakers"), max_length=250, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "start", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=False, end__gte=F("start")),
                name="agenda_item_end_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self):
        return self.title


class EventDocument(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        PRESENTATION = "presentation", _("Presentation")
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, models.CASCADE, related_name="documents", verbose_name=_("event"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(
        _("file"),
        upload_to="events/documents/%Y/",
        validators=[FileExtensionValidator(["pdf", "pptx", "docx", "odt", "odp", "xlsx", "ods"])],
    )
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)


class StakeholderGroup(models.TextChoices):
    PUBLIC_AUTHORITIES = "public_authorities", _("Public authorities")
    SOCIAL_ECONOMY = "social_economy", _("Social economy organisations")
    BUSINESS = "business", _("Businesses and business support")
    RESEARCH = "research", _("Research and education")
    CIVIL_SOCIETY = "civil_society", _("Civil society and citizens")
    FINANCE = "finance", _("Financial institutions")
    OTHER = "other", _("Other")


class Participation(models.Model):
    """How many people of one stakeholder group took part in an event."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="participations", verbose_name=_("event"))
    group = models.CharField(_("stakeholder group"), max_length=30, choices=StakeholderGroup.choices)
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["group"]
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        constraints = [models.UniqueConstraint(fields=["event", "group"], name="one_count_per_stakeholder_group")]

    def __str__(self):
        return f"{self.get_group_display()}: {self.count}"


class EventPractice(models.Model):
    """A good practice presented at an event or visited during it."""

    class Relation(models.TextChoices):
        PRESENTED = "presented", _("Presented")
        VISITED = "visited", _("Visited")

    event = models.ForeignKey(Event, models.CASCADE, related_name="event_practices", verbose_name=_("event"))
    practice = models.ForeignKey(
        "practices.GoodPractice", models.CASCADE, related_name="event_practices", verbose_name=_("practice")
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices, default=Relation.PRESENTED)

    class Meta:
        verbose_name = _("related practice")
        verbose_name_plural = _("related practices")
        constraints = [models.UniqueConstraint(fields=["event", "practice"], name="one_relation_per_event_practice")]

    def __str__(self):
        return f"{self.practice} ({self.get_relation_display()})"
