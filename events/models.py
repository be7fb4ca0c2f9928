import zoneinfo
from collections import Counter

from django.apps import apps
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Case, F, Func, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.progress import PLANNED_STATUSES, CountryProgress, Progress, TypeProgress, brochure_plan
from regions.countries import Country, country_choices, name_key
from secon_portal.files import OFFICE_EXTENSIONS, Document, UnguessablePath, validate_document


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone name such as Europe/Sofia."), params={"value": value})


class EventTypeQuerySet(models.QuerySet):
    def with_progress(self):
        """Types with a target, each with the country of every event held (`held_countries`), still planned or
        confirmed (`planned_countries`) and cancelled (`cancelled_countries`); "" for an event without one.

        One query; EventType.progress() turns an instance into the figures of the home and Impact pages.
        """

        def countries(*statuses):
            return ArrayAgg("events__country", filter=Q(events__status__in=statuses), default=Value([]))

        return (
            self.filter(target__isnull=False)
            .annotate(
                held_countries=countries(Event.Status.HELD),
                planned_countries=countries(*PLANNED_STATUSES),
                cancelled_countries=countries(Event.Status.CANCELLED),
            )
            .order_by("order", "name")
        )


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

    objects = EventTypeQuerySet.as_manager()

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

    def progress(self, partner_countries):
        """The events held, planned and cancelled against the target, on an instance from
        EventType.objects.with_progress(); see events.progress.TypeProgress.

        `partner_countries`: the country codes of the partners, in the order to show them. With a target per
        country, only events in those countries count, and each country gets its own figures. Otherwise every
        event counts, and the countries are those where the brochure plans the type's activities
        (events.progress.brochure_plan), each against what is planned there, then any other host country.
        """
        held, planned, cancelled = (
            Counter(self.held_countries),
            Counter(self.planned_countries),
            Counter(self.cancelled_countries),
        )

        def in_country(code, target):
            return CountryProgress(
                code, Country(code).label if code else "", Progress(held[code], target, planned[code], cancelled[code])
            )

        if self.target_per_country:
            by_country = [in_country(code, self.target) for code in partner_countries]
            overall = sum((row.progress for row in by_country), start=Progress(0, 0))
            return TypeProgress(self, overall, by_country)
        plan = brochure_plan().get(self.slug, Counter())
        elsewhere = (held + planned + cancelled).keys() - plan.keys()
        others = sorted(elsewhere, key=lambda code: (not code, name_key(Country(code).label) if code else ""))
        by_country = [in_country(code, target) for code, target in plan.items()] + [
            in_country(code, None) for code in others
        ]
        overall = Progress(held.total(), self.target, planned.total(), cancelled.total())
        return TypeProgress(self, overall, by_country)


def local_start_year():
    """The year of an event's start in the event's own time zone, as a database expression."""
    local_start = Func(F("time_zone"), F("start"), function="timezone")  # timestamptz -> local timestamp
    return Cast(Func(Value("year"), local_start, function="date_part"), IntegerField())


def upcoming_q(now):
    """The rule of an upcoming event: it has not ended yet (not started, when it has no end)."""
    return Q(end__gte=now) | Q(start__gte=now)


class EventQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(start__isnull=False)

    def upcoming(self, now=None):
        """Events that have not ended, soonest first; cancelled ones too (not_cancelled() leaves them out)."""
        return self.filter(upcoming_q(now or timezone.now())).order_by("start", "pk")

    def past(self, now=None):
        """Events with a date that are not upcoming, latest first."""
        return self.scheduled().exclude(upcoming_q(now or timezone.now())).order_by("-start", "-pk")

    def not_cancelled(self):
        return self.exclude(status=Event.Status.CANCELLED)

    def hosted_in(self, region):
        """Events hosted by the partners based in `region`."""
        return self.filter(host__region=region)

    def in_year(self, year):
        """Events that start in `year`, counted in each event's own time zone."""
        return self.alias(local_year=local_start_year()).filter(local_year=year)

    def start_years(self):
        """The years in which events start (in their own time zones), latest first."""
        return (
            self.scheduled()
            .annotate(local_year=local_start_year())
            .order_by("-local_year")
            .values_list("local_year", flat=True)
            .distinct()
        )

    def for_listing(self, now=None):
        """Upcoming events (soonest first), then past ones (latest first), then those with no date yet.

        Each event carries `schedule` (an Event.Schedule value). An event stays upcoming until it
        ends; cancelled events keep their place and are marked as cancelled where shown.
        """
        now = now or timezone.now()
        return (
            self.select_related("event_type")
            .annotate(
                schedule=Case(
                    When(start__isnull=True, then=Value(Event.Schedule.UNSCHEDULED)),
                    When(upcoming_q(now), then=Value(Event.Schedule.UPCOMING)),
                    default=Value(Event.Schedule.PAST),
                ),
            )
            .order_by(
                "schedule",
                Case(When(schedule=Event.Schedule.UPCOMING, then=F("start"))).asc(),
                F("start").desc(nulls_last=True),
                "title",
                "pk",
            )
        )

    def for_calendar(self):
        """Events with a date, for the calendar export (cancelled ones too, so that calendars drop them)."""
        return self.scheduled().select_related("event_type").order_by("start", "pk")

    def with_public_details(self):
        """What the public event page shows, in a fixed number of queries; only published practices."""
        GoodPractice = apps.get_model("practices", "GoodPractice")
        public_practices = (
            EventPractice.objects.filter(practice__in=GoodPractice.objects.published())
            .select_related("practice__region")
            .order_by("relation", "practice__title")
        )
        group_order = Case(*(When(group=group, then=Value(i)) for i, group in enumerate(StakeholderGroup.values)))
        return self.select_related("event_type", "host").prefetch_related(
            "agenda_items",
            "documents",
            Prefetch("participations", queryset=Participation.objects.order_by(group_order)),
            "themes",
            Prefetch("event_practices", queryset=public_practices, to_attr="public_practices"),
        )


class Event(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Schedule(models.IntegerChoices):
        """The groups of the event list (EventQuerySet.for_listing), in their order."""

        UPCOMING = 0, _("Upcoming events")
        PAST = 1, _("Past events")
        UNSCHEDULED = 2, _("Date to be announced")

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
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
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

    @property
    def ends_same_day(self):
        """Whether the event starts and ends on the same day in its own time zone."""
        return bool(self.start and self.end) and self.local_start.date() == self.local_end.date()

    @property
    def schedule_group(self):
        """The Event.Schedule group of an event from EventQuerySet.for_listing()."""
        return self.Schedule(self.schedule)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def country_name(self):
        """Like get_country_display(), without building the dict of all the choices on every call."""
        return str(Country(self.country).label) if self.country else ""

    @property
    def place(self):
        """City and country, e.g. "Haskovo, Bulgaria"; empty when neither is known."""
        return ", ".join(part for part in (self.city, self.country_name) if part)

    @property
    def participant_total(self):
        """All participants; uses the prefetched participations when there are some."""
        return sum(participation.count for participation in self.participations.all())


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


class EventDocument(Document):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        PRESENTATION = "presentation", _("Presentation")
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, models.CASCADE, related_name="documents", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(
        _("file"),
        upload_to=UnguessablePath("events/documents"),
        validators=[FileExtensionValidator(["pdf", *OFFICE_EXTENSIONS]), validate_document],
    )

    class Meta(Document.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


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
